-- fx_rates: every (date, currency) rate of every current Frankfurter payload is in silver or was
-- superseded by a later fetch of the same (date, currency).
with

days as (
    select unnest(map_entries(from_json(content, '{"rates": "MAP(VARCHAR, MAP(VARCHAR, JSON))"}').rates)) as day
    from bronze.fx_rates
),

rates as (
    select day.key as rate_date, unnest(map_keys(day.value)) as currency
    from days
),

published as (
    select distinct rate_date, currency
    from rates
)

select
    (select count(*) from rates) as in_rows,
    (select count(*) from rates) - (select count(*) from published) as dropped_rows
