-- gold.instrument_snapshot (key: symbol): each symbol's latest gold.daily_prices row plus trailing
-- statistics. Reads gold only (daily_prices, corporate_actions, instruments, fundamentals).
--
-- * Returns use adj_close, like ret_1d (a return over a dividend or split is a total return):
--   ret_1w / 1m / 3m / 1y = adj_close / adj_close 5 / 21 / 63 / 252 rows back - 1; null when that row
--   does not exist. ret_ytd = adj_close / the last adj_close dated in the previous calendar year - 1.
-- * max_drawdown_1y: the most negative adj_close / running max - 1 inside the last 252 rows, the
--   running max restarting at the window's first row (<= 0).
-- * beta_1y: covar_samp(ret_1d, benchmark ret_1d) / var_samp(benchmark ret_1d) over the last 252 dates
--   on which both have a ret_1d (common dates up to the symbol's as_of_dt); null while fewer than 252
--   common dates. Benchmark: `SET VARIABLE benchmark_symbol = '...'`, default SPY.
-- * dividend_ttm: sum of dividend amounts with as_of_dt - 365 days < dt <= as_of_dt (0 when none);
--   dividend_yield_ttm = dividend_ttm / close.
-- * Fundamentals through gold.instruments.cik: shares_outstanding = the latest reported (latest
--   period_end with a cover-page count); market_cap = shares_outstanding * close; eps_ttm = sum of
--   eps_diluted of the latest four fiscal quarters, null unless all four exist, are consecutive
--   (the oldest ends less than 300 days before the latest) and are reported in the listing's currency
--   (an ADR of a TWD filer has no comparable EPS); pe_ttm = close / eps_ttm, null when eps_ttm <= 0.
-- Full recomputation each run (a top-N aggregate per symbol, no window over the whole history).
with

prices as (
    select symbol, dt, close, adj_close, currency, ret_1d, vol_30d, high_52w, low_52w
    from gold.daily_prices
),

dividends as (
    select symbol, dt, amount
    from gold.corporate_actions
    where kind = 'dividend' and amount is not null
),

instruments as (
    select symbol, cik from gold.instruments
),

fundamentals as (
    select cik, fiscal_period, period_end, filed, currency, eps_diluted, shares_outstanding
    from gold.fundamentals
),

-- logic
-- Only each symbol's newest 253 rows matter (the YTD base aside), so they are taken by a top-N
-- aggregate per symbol (max_by with n: a hash aggregate keeping 253 rows per group) instead of
-- windows that sort the whole history: 5M rows, 2 full sorts -> none.

recent as (
    select
        symbol,
        arg_max({
            dt: dt, close: close, currency: currency, ret_1d: ret_1d, vol_30d: vol_30d,
            high_52w: high_52w, low_52w: low_52w
        }, dt) as newest,
        -- newest first: element k is the row k - 1 rows back; an index past the end reads NULL
        max_by({dt: dt, px: adj_close::double}, dt, 253) as back
    from prices
    group by symbol
),

latest as (
    select
        symbol,
        newest.*,
        back[1].px as px,
        back[6].px as px_1w,
        back[22].px as px_1m,
        back[64].px as px_3m,
        back[253].px as px_1y
    from recent
),

ytd_base as (
    select p.symbol, arg_max(p.adj_close::double, p.dt) as px_ytd
    from prices as p
    join latest as l on l.symbol = p.symbol
    where p.dt < date_trunc('year', l.dt)
    group by p.symbol
),

last_year_rows as (
    select symbol, unnest(back[1:252]) as r
    from recent
),

max_drawdown as (
    select symbol, min(drawdown_in_window) as max_drawdown_1y
    from (
        select
            symbol,
            r.px / max(r.px) over (partition by symbol order by r.dt rows between unbounded preceding and current row)
                - 1 as drawdown_in_window
        from last_year_rows
    )
    group by symbol
),

benchmark as (
    select dt, ret_1d as bench_ret
    from prices
    where symbol = coalesce(getvariable('benchmark_symbol'), 'SPY') and ret_1d is not null
),

common_returns as (
    -- the newest 252 dates on which both the symbol and the benchmark have a ret_1d
    select p.symbol, unnest(max_by({r: p.ret_1d, b: b.bench_ret}, p.dt, 252)) as pair
    from prices as p
    join benchmark as b on b.dt = p.dt
    where p.ret_1d is not null
    group by p.symbol
),

beta as (
    select
        symbol,
        case
            when count(*) >= 252 then covar_samp(pair.r, pair.b) / nullif(var_samp(pair.b), 0)
        end as beta_1y
    from common_returns
    group by symbol
),

dividend_ttm as (
    select l.symbol, sum(d.amount) as dividend_ttm
    from latest as l
    join dividends as d
        on d.symbol = l.symbol and d.dt <= l.dt and d.dt > l.dt - interval 365 day
    group by l.symbol
),

latest_shares as (
    select cik, arg_max(shares_outstanding, (period_end, filed)) as shares_outstanding
    from fundamentals
    where shares_outstanding is not null
    group by cik
),

recent_quarters as (
    select *
    from fundamentals
    where fiscal_period in ('Q1', 'Q2', 'Q3', 'Q4')
    qualify row_number() over (partition by cik order by period_end desc) <= 4
),

eps_ttm as (
    select
        cik,
        any_value(currency) as currency,
        case
            when count(eps_diluted) = 4 and min(period_end) > max(period_end) - interval 300 day
                then sum(eps_diluted)
        end as eps_ttm
    from recent_quarters
    group by cik
),

final as (
    select
        l.symbol::varchar as symbol,
        l.dt::date as as_of_dt,
        l.close::decimal(38, 12) as close,
        l.currency::varchar as currency,
        l.ret_1d::double as ret_1d,
        (l.px / l.px_1w - 1)::double as ret_1w,
        (l.px / l.px_1m - 1)::double as ret_1m,
        (l.px / l.px_3m - 1)::double as ret_3m,
        (l.px / l.px_1y - 1)::double as ret_1y,
        (l.px / y.px_ytd - 1)::double as ret_ytd,
        l.vol_30d::double as vol_30d,
        l.high_52w::decimal(38, 12) as high_52w,
        l.low_52w::decimal(38, 12) as low_52w,
        m.max_drawdown_1y::double as max_drawdown_1y,
        b.beta_1y::double as beta_1y,
        coalesce(d.dividend_ttm, 0)::decimal(38, 12) as dividend_ttm,
        (coalesce(d.dividend_ttm, 0)::double / l.close::double)::double as dividend_yield_ttm,
        s.shares_outstanding::decimal(38, 6) as shares_outstanding,
        (s.shares_outstanding * l.close)::decimal(38, 12) as market_cap,
        e.eps_ttm::decimal(38, 12) as eps_ttm,
        (case when e.eps_ttm > 0 then l.close::double / e.eps_ttm::double end)::double as pe_ttm,
        getvariable('run_id')::varchar as _run_id
    from latest as l
    left join ytd_base as y on y.symbol = l.symbol
    left join max_drawdown as m on m.symbol = l.symbol
    left join beta as b on b.symbol = l.symbol
    left join dividend_ttm as d on d.symbol = l.symbol
    left join instruments as i on i.symbol = l.symbol
    left join latest_shares as s on s.cik = i.cik
    left join eps_ttm as e on e.cik = i.cik and e.currency = l.currency
)

select * from final
