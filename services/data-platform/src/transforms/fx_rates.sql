-- silver.fx_rates: the ECB euro reference rates as Frankfurter v1 delivers them (grain: dt, currency):
-- units of `currency` per 1 EUR on each publication date. EUR itself is not in the payload and not
-- added here. Drops (counted): a (dt, currency) superseded by a later fetch.

with

payloads as (
    select key, dt as bronze_dt, object, sha256, fetched_at, content
    from bronze.fx_rates
),

series as (
    -- One JSON parse per payload; `rates` (keyed by date, then currency) comes out as a map: extracting
    -- each of thousands of dates by path would re-read the whole payload per date.
    select
        key,
        bronze_dt,
        object,
        sha256,
        fetched_at,
        parsed.base,
        parsed.amount,
        parsed.rates
    from (
        select
            *,
            from_json(
                content,
                '{"base": "VARCHAR", "amount": "VARCHAR", "rates": "MAP(VARCHAR, MAP(VARCHAR, JSON))"}'
            ) as parsed
        from payloads
    )
),

checked as (
    select *
    from series
    where case
        when base is distinct from 'EUR'
            then error(format('fx rates {}: base is {}, expected EUR', object, coalesce(base, 'missing')))
        when try_cast(amount as DECIMAL(38, 18)) is distinct from 1
            then error(format('fx rates {}: amount is {}, expected 1', object, coalesce(amount, 'missing')))
        when rates is null
            then error(format('fx rates {}: rates is missing or not an object keyed by date', object))
        else true
    end
),

days as (
    select
        bronze_dt,
        object,
        sha256,
        fetched_at,
        unnest(map_entries(rates)) as day
    from checked
),

day_checked as (
    select *
    from days
    where case
        when day.value is null
            then error(format('fx rates {}: rates["{}"] is not an object of currency rates', object, day.key))
        else true
    end
),

quotes as (
    select
        bronze_dt,
        object,
        sha256,
        fetched_at,
        day.key as rate_date,
        unnest(map_entries(day.value)) as quote
    from day_checked
),

quotes_checked as (
    select *
    from quotes
    where case
        when coalesce(json_type(quote.value), 'NULL') not in ('UBIGINT', 'BIGINT', 'DOUBLE')
            then error(format('fx rates {}: rates["{}"]["{}"] is not a number', object, rate_date, quote.key))
        else true
    end
),

typed as (
    select
        rate_date::DATE as dt,
        quote.key as currency,
        -- The number's own text, so the decimal is exact.
        quote.value::VARCHAR::DECIMAL(38, 18) as units_per_eur,
        fetched_at,
        bronze_dt,
        object,
        sha256 as bronze_sha256
    from quotes_checked
),

latest as (
    select *
    from typed
    qualify row_number() over (
        partition by dt, currency order by fetched_at desc, bronze_dt desc, object desc
    ) = 1
),

final as (
    select
        dt,
        currency,
        units_per_eur,
        fetched_at,
        bronze_sha256
    from latest
)

select * from final
