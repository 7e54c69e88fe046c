-- corporate_actions: every event key of every current Yahoo payload is an action in silver or one
-- superseded by a later fetch of the same (symbol, local date, kind). Dated here by the event's key
-- (its timestamp), the model by its `date` field: a disagreement shows up as a gap.
with

charts as (
    select
        json_extract_string(parts[1], '$') as symbol,
        json_extract_string(parts[2], '$') as exchange_timezone,
        parts[3] as events
    from (
        select json_extract(content, [
            '$.chart.result[0].meta.symbol',
            '$.chart.result[0].meta.exchangeTimezoneName',
            '$.chart.result[0].events'
        ]) as parts
        from bronze.yahoo_prices
    )
),

event_keys as (
    select symbol, exchange_timezone, 'dividend' as kind, unnest(json_keys(events, '$.dividends')) as event_key
    from charts
    union all
    select symbol, exchange_timezone, 'split' as kind, unnest(json_keys(events, '$.splits')) as event_key
    from charts
),

dated as (
    select symbol, kind, timezone(exchange_timezone, to_timestamp(event_key::BIGINT))::DATE as dt
    from event_keys
)

-- One pass: counting event_keys in separate subqueries would parse every payload again for each.
select
    count(*) as in_rows,
    count(*) - count(distinct (symbol, kind, dt)) as dropped_rows
from dated
