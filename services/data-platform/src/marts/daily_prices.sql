-- gold.daily_prices (key: symbol, dt): one row per silver bar, with window statistics over each
-- symbol's WHOLE history in trading-day order ("last N rows" = the N most recent rows of the symbol up
-- to and including the row, not only today's partition).
--
-- Full recomputation each run: every window is recomputed from silver.daily_bars, which keeps the
-- definitions trivially right after Yahoo re-adjusts history (a new split or dividend rewrites every
-- earlier adj_close). bench/gold-windows.ts measures it; ~1M rows take seconds, not minutes.
--
-- Definitions (data-contract.md, pandas equivalents per symbol sorted by dt):
--   ret_1d     adj_close / previous adj_close - 1                      adj_close.pct_change()
--   sma_N      mean(adj_close) over the last N rows, null while < N     adj_close.rolling(N).mean()
--   vol_30d    sample std (n-1) of ret_1d over the last 30 rows * sqrt(252), null while fewer than 30
--              non-null returns                                        ret_1d.rolling(30).std()*sqrt(252)
--   drawdown   adj_close / running max(adj_close) - 1 (0 at a new high)
--   high_52w   max / min of adj_close over the last 252 rows, however many exist (min_periods = 1)
--   close_usd  close * usd_per_unit of the bar's currency on dt (gold.fx_rates, which is one row per
--              calendar day with the last earlier ECB rate carried forward). A bar dated up to 7 days
--              after the last ECB publication uses the last published rate (never a later rate); a
--              bar before the first publication, later than that, or in a currency the ECB does not
--              publish (TWD) gets null. USD bars: close_usd = close.
-- Statistics are DOUBLE; prices stay DECIMAL(38,12) as delivered.
with

bars as (
    select symbol, dt, open, high, low, close, adj_close, volume, currency from silver.daily_bars
),

fx as (
    select dt, currency, usd_per_unit from gold.fx_rates
),

-- logic

with_returns as (
    select
        *,
        adj_close::double as px,
        adj_close::double / lag(adj_close::double) over (partition by symbol order by dt) - 1 as ret_1d
    from bars
),

windowed as (
    select
        *,
        row_number() over by_day as row_no,
        avg(px) over last_20 as mean_20,
        avg(px) over last_50 as mean_50,
        avg(px) over last_200 as mean_200,
        count(ret_1d) over last_30 as returns_30,
        stddev_samp(ret_1d) over last_30 as std_30,
        max(px) over (by_day rows between unbounded preceding and current row) as running_max,
        max(adj_close) over last_252 as high_252,
        min(adj_close) over last_252 as low_252
    from with_returns
    window
        by_day as (partition by symbol order by dt),
        last_20 as (partition by symbol order by dt rows between 19 preceding and current row),
        last_30 as (partition by symbol order by dt rows between 29 preceding and current row),
        last_50 as (partition by symbol order by dt rows between 49 preceding and current row),
        last_200 as (partition by symbol order by dt rows between 199 preceding and current row),
        last_252 as (partition by symbol order by dt rows between 251 preceding and current row)
),

-- The fx row of the bar's day, or the currency's last row for a bar up to 7 days after the last
-- publication (today's bar before the ECB's 16:00 CET release); a currency the ECB stopped publishing
-- (RUB since 2022) is not carried on for years.
-- (An equality join, not ASOF: DuckDB may plan ASOF as a nested loop on a low row estimate.)
fx_last_day as (
    select currency, max(dt) as last_dt from fx group by currency
),

with_fx_day as (
    select
        w.*,
        case when w.dt <= l.last_dt + interval 7 day then least(w.dt, l.last_dt) end as fx_dt
    from windowed as w
    left join fx_last_day as l on l.currency = w.currency
),

priced as (
    select
        b.*,
        case
            when b.currency = 'USD' then b.close
            else (b.close::double * fx.usd_per_unit::double)::decimal(38, 12)
        end as close_usd
    from with_fx_day as b
    left join fx on fx.currency = b.currency and fx.dt = b.fx_dt
),

final as (
    select
        symbol::varchar as symbol,
        dt::date as dt,
        open::decimal(38, 12) as open,
        high::decimal(38, 12) as high,
        low::decimal(38, 12) as low,
        close::decimal(38, 12) as close,
        adj_close::decimal(38, 12) as adj_close,
        volume::bigint as volume,
        currency::varchar as currency,
        close_usd::decimal(38, 12) as close_usd,
        ret_1d::double as ret_1d,
        (case when row_no >= 20 then mean_20 end)::double as sma_20,
        (case when row_no >= 50 then mean_50 end)::double as sma_50,
        (case when row_no >= 200 then mean_200 end)::double as sma_200,
        (case when returns_30 >= 30 then std_30 * sqrt(252) end)::double as vol_30d,
        (px / running_max - 1)::double as drawdown,
        high_252::decimal(38, 12) as high_52w,
        low_252::decimal(38, 12) as low_52w,
        getvariable('run_id')::varchar as _run_id
    from priced
)

select * from final
