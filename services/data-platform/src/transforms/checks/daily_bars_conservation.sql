-- daily_bars: every timestamp of every current Yahoo payload is a bar in silver, a null-close bar, or
-- a bar superseded by a later fetch of the same (symbol, local date). Counted from bronze directly.
with

charts as (
    select
        json_extract_string(parts[1], '$') as symbol,
        json_extract_string(parts[2], '$') as exchange_timezone,
        coalesce(parts[3]::BIGINT[], []) as stamps,
        coalesce(parts[4]::VARCHAR[], []) as closes
    from (
        select json_extract(content, [
            '$.chart.result[0].meta.symbol',
            '$.chart.result[0].meta.exchangeTimezoneName',
            '$.chart.result[0].timestamp',
            '$.chart.result[0].indicators.quote[0].close'
        ]) as parts
        from bronze.yahoo_prices
    )
),

bars as (
    select symbol, exchange_timezone, unnest(stamps) as stamp, unnest(closes) as close
    from charts
),

trading_days as (
    select distinct symbol, timezone(exchange_timezone, to_timestamp(stamp))::DATE as dt
    from bars
    where close is not null
)

select
    (select count(*) from bars) as in_rows,
    (select count(*) from bars where close is null)
    + (select count(*) from bars where close is not null)
    - (select count(*) from trading_days) as dropped_rows
