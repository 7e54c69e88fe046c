-- gold.fundamentals (key: cik, fiscal_year, fiscal_period): one row per company fiscal quarter
-- (Q1..Q4) and fiscal year (FY), from SEC companyfacts (silver.financial_facts).
--
-- * fy/fp on a fact describe the FILING that reported it (a 2024 value repeated in a 2025 10-Q says
--   fy 2025), so they are ignored. A fact's fiscal period comes from the period itself:
--     - its length: ~3 months = a quarter, ~6 / ~9 months = year-to-date through Q2 / Q3,
--       ~12 months = the fiscal year; instants are balance-sheet dates;
--     - its end relative to the company's fiscal year end. Ends are snapped to the nearest month end
--       (52/53-week years end on a weekday near it: MRVL's FY2025 ended 2025-02-01 -> January), the
--       fiscal-year-end month is that of the company's latest ~12-month fact (December when it has
--       none), quarter k ends 3k months after it, and the fiscal year is named after the calendar year
--       its (snapped) end falls in: FY ending 2026-01-31 = 2026, a 52-week year ending 2022-01-01 = 2021.
-- * A value reported by several filings for the same period: the latest filed wins (silver already
--   keeps only that one; repeated here so the rule lives with the mart).
-- * Each metric maps a priority list of us-gaap concepts, then ifrs-full concepts; the first present
--   for the exact period wins (Revenues, then RevenueFromContractWithCustomerExcludingAssessedTax, ...).
-- * currency: the company's reporting currency = the ISO unit (per-share units count by their
--   currency) holding most of its mapped facts: TSM reports TWD plus a USD convenience translation for
--   some years, so TWD. Only facts in that unit (and <unit>/shares for EPS) are used, so a row never
--   mixes currencies; the unit is taken from the filing, never assumed to be USD.
-- * Quarterly flows (revenue, net_income, eps_diluted, operating_cash_flow): the discrete ~3-month fact
--   when filed; otherwise Q4 = FY - Q1 - Q2 - Q3 (10-K filers rarely report Q4 on its own), and where
--   a quarter is known only through year-to-date facts (10-Q cash flows are YTD only): Q2 = H1 - Q1,
--   Q3 = 9M - Q1 - Q2 (or 9M - H1), Q4 = FY - 9M as the last resort. For EPS the difference is the
--   usual approximation (share counts move within a year).
-- * Balance-sheet metrics (total_assets, total_liabilities, stockholders_equity) are the instants at
--   the period end. A Q4 row exists only when some Q4 flow does (an annual-only filer gets FY rows).
-- * shares_outstanding: dei:EntityCommonStockSharesOutstanding from the cover page of the filing for
--   the period, i.e. the first cover date on or after period_end (within 200 days); the cover date is
--   after the period end, never the period end itself.
-- * form / filed: the latest periodic report (10-K, 10-Q, 20-F, ...) that reported a flow of the row's
--   period, else its latest-filed fact (a derived Q4 names the 10-K of the fiscal year).
-- Full recomputation each run (a few hundred companies x 20 years of facts).
with

facts as (
    select cik, taxonomy, concept, unit, period_start, period_end, val, form, filed, accn
    from silver.financial_facts
),

concept_map (metric, taxonomy, concept, priority) as (
    values
        ('revenue', 'us-gaap', 'Revenues', 1),
        ('revenue', 'us-gaap', 'RevenueFromContractWithCustomerExcludingAssessedTax', 2),
        ('revenue', 'us-gaap', 'RevenueFromContractWithCustomerIncludingAssessedTax', 3),
        ('revenue', 'us-gaap', 'SalesRevenueNet', 4),
        ('revenue', 'us-gaap', 'SalesRevenueGoodsNet', 5),
        ('revenue', 'us-gaap', 'SalesRevenueServicesNet', 6),
        ('revenue', 'us-gaap', 'RevenuesNetOfInterestExpense', 7),
        ('revenue', 'ifrs-full', 'Revenue', 11),
        ('revenue', 'ifrs-full', 'RevenueFromContractsWithCustomers', 12),
        ('net_income', 'us-gaap', 'NetIncomeLoss', 1),
        ('net_income', 'us-gaap', 'NetIncomeLossAvailableToCommonStockholdersBasic', 2),
        ('net_income', 'us-gaap', 'ProfitLoss', 3),
        ('net_income', 'ifrs-full', 'ProfitLossAttributableToOwnersOfParent', 11),
        ('net_income', 'ifrs-full', 'ProfitLoss', 12),
        ('eps_diluted', 'us-gaap', 'EarningsPerShareDiluted', 1),
        ('eps_diluted', 'us-gaap', 'EarningsPerShareBasicAndDiluted', 2),
        ('eps_diluted', 'ifrs-full', 'DilutedEarningsLossPerShare', 11),
        ('eps_diluted', 'ifrs-full', 'BasicAndDilutedEarningsLossPerShare', 12),
        ('operating_cash_flow', 'us-gaap', 'NetCashProvidedByUsedInOperatingActivities', 1),
        ('operating_cash_flow', 'us-gaap', 'NetCashProvidedByUsedInOperatingActivitiesContinuingOperations', 2),
        ('operating_cash_flow', 'ifrs-full', 'CashFlowsFromUsedInOperatingActivities', 11),
        ('operating_cash_flow', 'ifrs-full', 'CashFlowsFromUsedInOperations', 12),
        ('total_assets', 'us-gaap', 'Assets', 1),
        ('total_assets', 'ifrs-full', 'Assets', 11),
        ('total_liabilities', 'us-gaap', 'Liabilities', 1),
        ('total_liabilities', 'ifrs-full', 'Liabilities', 11),
        ('stockholders_equity', 'us-gaap', 'StockholdersEquity', 1),
        ('stockholders_equity', 'us-gaap', 'StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest', 2),
        ('stockholders_equity', 'ifrs-full', 'EquityAttributableToOwnersOfParent', 11),
        ('stockholders_equity', 'ifrs-full', 'Equity', 12)
),

-- logic

-- Only the mapped concepts and the cover-page share count (companyfacts carry hundreds of others).
relevant as (
    select *
    from facts as f
    where exists (
        select 1 from concept_map as m where m.taxonomy = f.taxonomy and m.concept = f.concept
    )
        or (f.taxonomy = 'dei' and f.concept = 'EntityCommonStockSharesOutstanding')
),

latest_filed as (
    select *
    from relevant
    qualify row_number() over (
        partition by cik, taxonomy, concept, unit, period_start, period_end
        order by filed desc, accn desc
    ) = 1
),

mapped as (
    select
        f.*,
        m.metric,
        m.priority,
        m.metric = 'eps_diluted' as is_per_share,
        m.metric in ('total_assets', 'total_liabilities', 'stockholders_equity') as is_balance
    from latest_filed as f
    join concept_map as m on m.taxonomy = f.taxonomy and m.concept = f.concept
),

reporting_currency as (
    select cik, split_part(unit, '/', 1) as currency
    from mapped
    where regexp_full_match(unit, case when is_per_share then '[A-Z]{3}/shares' else '[A-Z]{3}' end)
    group by cik, split_part(unit, '/', 1)
    qualify row_number() over (partition by cik order by count(*) desc, currency) = 1
),

-- The metric's facts in the reporting currency, the first concept in priority order per exact period.
chosen as (
    select m.*, r.currency
    from mapped as m
    join reporting_currency as r on r.cik = m.cik
    where m.unit = case when m.is_per_share then r.currency || '/shares' else r.currency end
    qualify row_number() over (
        partition by m.cik, m.metric, m.period_start, m.period_end
        order by m.priority
    ) = 1
),

shaped as (
    select
        *,
        -- Snap to the nearest month end: 2025-02-01 -> 2025-01-31, 2021-12-25 -> 2021-12-31.
        last_day(period_end - interval 15 day) as snapped_end,
        case
            when period_start is null then 0
            when period_end - period_start + 1 between 80 and 100 then 3
            when period_end - period_start + 1 between 170 and 200 then 6
            when period_end - period_start + 1 between 260 and 290 then 9
            when period_end - period_start + 1 between 350 and 380 then 12
        end as span_months
    from chosen
),

fiscal_year_end as (
    select cik, arg_max(month(snapped_end), period_end) as fye_month
    from shaped
    where span_months = 12 and not is_balance
    group by cik
),

positioned as (
    select
        s.*,
        coalesce(y.fye_month, 12) as fye_month,
        (month(s.snapped_end) - coalesce(y.fye_month, 12) + 12) % 12 as months_after_fye
    from shaped as s
    left join fiscal_year_end as y on y.cik = s.cik
),

-- Each usable fact in its slot: quarter k (1..4) of fiscal_year, as a discrete quarter ('q'), a
-- year-to-date through quarter k ('ytd', k = 2, 3, 4 with 4 = the fiscal year) or an instant ('i').
slotted as (
    select
        *,
        (year(snapped_end) + case when month(snapped_end) > fye_month then 1 else 0 end)::integer
            as fiscal_year,
        case when months_after_fye = 0 then 4 else months_after_fye // 3 end as k,
        case
            when span_months = 0 and is_balance then 'i'
            when span_months = 3 and not is_balance then 'q'
            when span_months > 3 and not is_balance then 'ytd'
        end as slot
    from positioned
    where months_after_fye % 3 = 0 and span_months is not null
),

consistent as (
    select
        *,
        -- Which filing names the row: a periodic report over a proxy (DEF 14A pay-versus-performance
        -- tables repeat net income), a duration fact over an instant (the next 10-Q repeats the
        -- year-end balance as its opening balance), then the latest filed.
        (
            regexp_full_match(coalesce(form, ''), '(10-K|10-Q|10-KT|10-QT|20-F|40-F|6-K)(/A)?'),
            slot <> 'i',
            filed
        ) as filing_rank
    from slotted
    where slot = 'i' or slot = 'q' or (slot = 'ytd' and span_months = 3 * k)
    -- Two facts in one slot (a restated 52/53-week boundary): the latest filed, then the latest end.
    qualify row_number() over (
        partition by cik, fiscal_year, metric, slot, k
        order by filed desc, period_end desc
    ) = 1
),

by_metric as (
    select
        cik,
        fiscal_year,
        metric,
        any_value(is_balance) as is_balance,
        max(val) filter (where slot = 'q' and k = 1) as q1_fact,
        max(val) filter (where slot = 'q' and k = 2) as q2_fact,
        max(val) filter (where slot = 'q' and k = 3) as q3_fact,
        max(val) filter (where slot = 'q' and k = 4) as q4_fact,
        max(val) filter (where slot = 'ytd' and k = 2) as h1_fact,
        max(val) filter (where slot = 'ytd' and k = 3) as m9_fact,
        max(val) filter (where slot = 'ytd' and k = 4) as fy_fact,
        max(val) filter (where slot = 'i' and k = 1) as i1,
        max(val) filter (where slot = 'i' and k = 2) as i2,
        max(val) filter (where slot = 'i' and k = 3) as i3,
        max(val) filter (where slot = 'i' and k = 4) as i4
    from consistent
    group by cik, fiscal_year, metric
),

-- Quarter k from year-to-date facts: FY - Q1 - Q2 - Q3 (the contract's Q4) when the earlier quarters
-- are known, else the difference of the YTD facts (cash flows are filed as YTD only).
flow_quarters as (
    select
        *,
        q1_fact as q1,
        coalesce(q2_fact, h1_fact - q1_fact) as q2
    from by_metric
),

flow_q3 as (
    select *, coalesce(q3_fact, m9_fact - (q1 + q2), m9_fact - h1_fact) as q3
    from flow_quarters
),

flow_q4 as (
    select *, coalesce(q4_fact, fy_fact - (q1 + q2 + q3), fy_fact - m9_fact) as q4
    from flow_q3
),

metric_periods as (
    select
        cik,
        fiscal_year,
        metric,
        is_balance,
        unnest(['Q1', 'Q2', 'Q3', 'Q4', 'FY']) as fiscal_period,
        unnest(
            case
                when is_balance then [i1, i2, i3, null, i4]
                else [q1, q2, q3, q4, fy_fact]
            end
        ) as val
    from flow_q4
),

-- Balance-sheet values also land on Q4 rows, once a Q4 flow made the row exist.
q4_balances as (
    select cik, fiscal_year, metric, 'Q4' as fiscal_period, val
    from metric_periods
    where is_balance and fiscal_period = 'FY'
),

values_long as (
    select cik, fiscal_year, metric, fiscal_period, val
    from metric_periods
    where val is not null
    union all
    select b.cik, b.fiscal_year, b.metric, b.fiscal_period, b.val
    from q4_balances as b
    where b.val is not null
        and exists (
            select 1 from metric_periods as q
            where q.cik = b.cik and q.fiscal_year = b.fiscal_year and q.fiscal_period = 'Q4'
                and not q.is_balance and q.val is not null
        )
),

pivoted as (
    select
        cik,
        fiscal_year,
        fiscal_period,
        max(val) filter (where metric = 'revenue') as revenue,
        max(val) filter (where metric = 'net_income') as net_income,
        max(val) filter (where metric = 'eps_diluted') as eps_diluted,
        max(val) filter (where metric = 'operating_cash_flow') as operating_cash_flow,
        max(val) filter (where metric = 'total_assets') as total_assets,
        max(val) filter (where metric = 'total_liabilities') as total_liabilities,
        max(val) filter (where metric = 'stockholders_equity') as stockholders_equity
    from values_long
    group by cik, fiscal_year, fiscal_period
),

-- Period dates and filing of each quarter slot (any fact ending at quarter k) and of each fiscal year.
quarter_meta as (
    select
        cik,
        fiscal_year,
        'Q' || k as fiscal_period,
        k,
        min(period_start) filter (where slot = 'q') as discrete_start,
        max(period_end) as period_end,
        arg_max(form, filing_rank) as form,
        arg_max(filed, filing_rank) as filed
    from consistent
    group by cik, fiscal_year, k
),

year_meta as (
    select
        cik,
        fiscal_year,
        'FY' as fiscal_period,
        min(period_start) filter (where slot = 'ytd') as period_start,
        max(period_end) as period_end,
        arg_max(form, filing_rank) as form,
        arg_max(filed, filing_rank) as filed
    from consistent
    where k = 4 and slot <> 'q'
    group by cik, fiscal_year
),

period_meta as (
    select
        q.cik,
        q.fiscal_year,
        q.fiscal_period,
        coalesce(
            q.discrete_start,
            -- A quarter known only through year-to-date facts starts the day after the previous one.
            case
                when lag(q.k) over prior = q.k - 1 then (lag(q.period_end) over prior + interval 1 day)::date
            end,
            case when q.k = 1 then y.period_start end
        ) as period_start,
        q.period_end,
        q.form,
        q.filed
    from quarter_meta as q
    left join year_meta as y on y.cik = q.cik and y.fiscal_year = q.fiscal_year
    window prior as (partition by q.cik, q.fiscal_year order by q.k)
    union all
    select cik, fiscal_year, fiscal_period, period_start, period_end, form, filed
    from year_meta
),

cover_shares as (
    select cik, period_end as cover_dt, val as shares
    from latest_filed
    where taxonomy = 'dei' and concept = 'EntityCommonStockSharesOutstanding' and unit = 'shares'
),

rows_with_meta as (
    select p.*, m.period_start, m.period_end, m.form, m.filed, r.currency
    from pivoted as p
    join period_meta as m
        on m.cik = p.cik and m.fiscal_year = p.fiscal_year and m.fiscal_period = p.fiscal_period
    join reporting_currency as r on r.cik = p.cik
),

with_shares as (
    select
        r.*,
        s.shares as shares_outstanding
    from rows_with_meta as r
    left join cover_shares as s
        on s.cik = r.cik
        and s.cover_dt between r.period_end and r.period_end + interval 200 day
    qualify row_number() over (
        partition by r.cik, r.fiscal_year, r.fiscal_period order by s.cover_dt
    ) = 1
),

final as (
    select
        cik::varchar as cik,
        fiscal_year::integer as fiscal_year,
        fiscal_period::varchar as fiscal_period,
        period_start::date as period_start,
        period_end::date as period_end,
        form::varchar as form,
        filed::date as filed,
        currency::varchar as currency,
        revenue::decimal(38, 12) as revenue,
        net_income::decimal(38, 12) as net_income,
        eps_diluted::decimal(38, 12) as eps_diluted,
        operating_cash_flow::decimal(38, 12) as operating_cash_flow,
        total_assets::decimal(38, 12) as total_assets,
        total_liabilities::decimal(38, 12) as total_liabilities,
        stockholders_equity::decimal(38, 12) as stockholders_equity,
        shares_outstanding::decimal(38, 6) as shares_outstanding,
        getvariable('run_id')::varchar as _run_id
    from with_shares
)

select * from final
