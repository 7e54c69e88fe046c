-- daily_bars: every timestamp of every current Yahoo payload is a bar in silver, a null-close bar, or
-- a bar superseded by a later fetch of the same (symbol, local date). Counted from bronze directly,
-- in one pass over the unnested bars (three separate counts would unnest every payload three times).

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

counted as (
    select
        count(*) as in_rows,
        count(*) filter (where close is null) as null_closes,
        count(*) filter (where close is not null) as priced,
        count(distinct (symbol, timezone(exchange_timezone, to_timestamp(stamp::BIGINT))::DATE))
            filter (where close is not null) as trading_days
    from bars
)

select
    in_rows,
    null_closes + priced - trading_days as dropped_rows
from counted
