-- gold.corporate_actions (key: symbol, dt, kind): dividends (amount per share, in the price currency's
-- major unit) and splits (numerator : denominator), as silver delivers them. Nothing is re-applied to
-- prices: Yahoo's prices are already split-adjusted as of fetch time.
with

actions as (
    select * from silver.corporate_actions
),

final as (
    select
        symbol::varchar as symbol,
        dt::date as dt,
        kind::varchar as kind,
        amount::decimal(38, 12) as amount,
        currency::varchar as currency,
        numerator::decimal(38, 6) as numerator,
        denominator::decimal(38, 6) as denominator,
        getvariable('run_id')::varchar as _run_id
    from actions
)

select * from final
