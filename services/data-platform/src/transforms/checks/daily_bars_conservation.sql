-- daily_bars: every timestamp of every current Yahoo payload is a bar in silver, a null-close bar, or
-- a bar superseded by a later fetch of the same (symbol, local date). Counted from bronze directly.
with

charts as (
    select
        result.meta.symbol as symbol,
        result.meta.exchangeTimezoneName as exchange_timezone,
        coalesce(result."timestamp"::VARCHAR[], []) as stamps,
        coalesce(result.indicators.quote[1]."close", []) as closes
    from (select chart.result[1] as result from bronze.yahoo_prices_typed)
),

bars as (
    select symbol, exchange_timezone, unnest(stamps) as stamp, unnest(closes) as close
    from charts
),

trading_days as (
    select distinct symbol, timezone(exchange_timezone, to_timestamp(stamp::BIGINT))::DATE as dt
    from bars
    where close is not null
)

select
    (select count(*) from bars) as in_rows,
    (select count(*) from bars where close is null)
    + (select count(*) from bars where close is not null)
    - (select count(*) from trading_days) as dropped_rows
