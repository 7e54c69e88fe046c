-- gold.instruments (key: symbol): one row per listing of silver.instruments, with the first and last
-- trading day found in silver.daily_bars (null when the listing has no bars yet). Listings are not
-- invented from bars: a bar whose symbol is missing here fails daily_prices' relationship check.
with

instruments as (
    select * from silver.instruments
),

bars as (
    select symbol, dt from silver.daily_bars
),

-- logic

trading_span as (
    select
        symbol,
        min(dt) as first_dt,
        max(dt) as last_dt
    from bars
    group by symbol
),

final as (
    select
        i.symbol::varchar as symbol,
        i.name::varchar as name,
        i.exchange::varchar as exchange,
        i.currency::varchar as currency,
        i.security_type::varchar as security_type,
        i.figi::varchar as figi,
        i.composite_figi::varchar as composite_figi,
        i.share_class_figi::varchar as share_class_figi,
        i.cik::varchar as cik,
        i.sector::varchar as sector,
        s.first_dt::date as first_dt,
        s.last_dt::date as last_dt,
        getvariable('run_id')::varchar as _run_id
    from instruments as i
    left join trading_span as s on s.symbol = i.symbol
)

select * from final
