-- gold.fx_rates (key: dt, currency): one row per calendar day and currency.
--
-- * Input: ECB reference rates, units of currency per 1 EUR, published on TARGET working days only.
-- * Each published currency gets a row for every calendar day from its own first to its own last
--   publication (a currency the ECB stopped publishing, such as HRK, is not carried past its end).
--   EUR gets every day from the first to the last publication of any currency; USD is an ECB
--   currency, so it follows the general rule.
-- * A day without a publication carries forward the last EARLIER rate (last_value ignore nulls over
--   the rows up to dt), never a later one; rate_dt names the publication used and is_filled says it
--   was carried. (Not an ASOF join: DuckDB plans ASOF as a nested loop when it under-estimates the
--   calendar's size, which took 90 s on the real ECB history.)
-- * Cross rates go through EUR: usd_per_unit(X) = (USD per EUR) / (X per EUR). When the X leg and the
--   USD leg come from different publications, rate_dt is the older of the two.
-- * Ratios are computed in DOUBLE (15+ significant digits) and stored as DECIMAL(38,18).
-- Full recomputation each run: a few dozen currencies over ~27 years is ~300k rows.
with

rates as (
    select dt, currency, units_per_eur, fetched_at from silver.fx_rates
),

-- logic

-- One rate per (publication date, currency): the last fetched, should silver ever hold two.
published as (
    select
        dt,
        currency,
        arg_max(units_per_eur, fetched_at) as units_per_eur
    from rates
    -- A zero or negative rate is not dropped: it fails the usd_per_unit checks and blocks the publish.
    where currency <> 'EUR'
    group by dt, currency
),

usd_published as (
    select dt, units_per_eur as usd_per_eur
    from published
    where currency = 'USD'
),

currency_spans as (
    select currency, min(dt) as first_dt, max(dt) as last_dt
    from published
    group by currency
    union all
    select 'EUR' as currency, min(dt) as first_dt, max(dt) as last_dt
    from published
    having count(*) > 0
),

calendar as (
    select
        currency,
        unnest(generate_series(first_dt, last_dt, interval 1 day))::date as dt
    from currency_spans
),

-- Each calendar day with its publication, when there was one (the rate and its date travel together).
publications_on_calendar as (
    select
        c.currency,
        c.dt,
        case when p.dt is not null then {'units_per_eur': p.units_per_eur, 'rate_dt': p.dt} end as publication
    from calendar as c
    left join published as p on p.currency = c.currency and p.dt = c.dt
),

-- Carry forward: the last publication on or before dt (a window over earlier rows only, so a later
-- rate can never leak backwards). EUR has none: it is the base.
carried as (
    select
        currency,
        dt,
        last_value(publication ignore nulls) over (
            partition by currency order by dt rows between unbounded preceding and current row
        ) as latest
    from publications_on_calendar
),

usd_by_day as (
    select dt, latest.units_per_eur as usd_per_eur, latest.rate_dt as usd_rate_dt
    from carried
    where currency = 'USD'
),

with_usd_leg as (
    select
        c.dt,
        c.currency,
        c.latest.units_per_eur as units_per_eur,
        c.latest.rate_dt as unit_rate_dt,
        u.usd_per_eur,
        u.usd_rate_dt
    from carried as c
    join usd_by_day as u on u.dt = c.dt
),

converted as (
    select
        dt,
        currency,
        case
            when currency = 'USD' then 1.0
            when currency = 'EUR' then usd_per_eur::double
            else usd_per_eur::double / nullif(units_per_eur, 0)::double
        end as usd_per_unit,
        case
            when currency = 'EUR' then 1.0
            else 1.0 / nullif(units_per_eur, 0)::double
        end as eur_per_unit,
        case
            when currency = 'EUR' then usd_rate_dt
            else least(unit_rate_dt, usd_rate_dt)
        end as rate_dt
    from with_usd_leg
    -- Days outside USD's publication span have no USD value: no row rather than a null rate.
    where usd_per_eur is not null and (currency = 'EUR' or units_per_eur is not null)
),

final as (
    select
        dt::date as dt,
        currency::varchar as currency,
        usd_per_unit::decimal(38, 18) as usd_per_unit,
        eur_per_unit::decimal(38, 18) as eur_per_unit,
        rate_dt::date as rate_dt,
        (rate_dt < dt) as is_filled,
        getvariable('run_id')::varchar as _run_id
    from converted
)

select * from final
