/**
 * Gold of realistic size for the API benchmarks, generated in SQL (generate_series): 40 listings (USD,
 * GBP, EUR, JPY) × `years` of weekday bars with every column filled (ret_1d is a real window; the other
 * derived columns are smooth synthetic values of realistic size: these benchmarks measure payloads and
 * lookups, not the gold models), instruments, snapshot, fundamentals (5 periods a year for the US
 * equities), one FX row per calendar day, two splits, and one succeeded load_log row. The closes are
 * smooth deterministic curves, already "split-adjusted" like Yahoo's.
 */
import type pg from 'pg';

export interface Listing {
  readonly symbol: string;
  readonly currency: string;
  readonly exchange: string;
  readonly sector: string | null;
  readonly securityType: string;
}

const US = [
  'AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'BRK-B', 'JPM', 'V', 'JNJ', 'WMT', 'PG', 'XOM',
  'MA', 'HD', 'KO', 'PEP', 'COST', 'MRK', 'ABBV', 'CVX', 'ADBE', 'CRM', 'NFLX', 'INTC', 'QQQ', 'VTI',
]; // prettier-ignore
const SECTORS = ['Technology', 'Financial Services', 'Healthcare', 'Consumer Defensive', 'Energy'];

export const LISTINGS: readonly Listing[] = [
  { symbol: 'SPY', currency: 'USD', exchange: 'PCX', sector: null, securityType: 'ETF' },
  ...US.map((symbol, i) => ({
    symbol,
    currency: 'USD',
    exchange: 'NMS',
    sector: symbol === 'QQQ' || symbol === 'VTI' ? null : (SECTORS[i % SECTORS.length] ?? null),
    securityType: symbol === 'QQQ' || symbol === 'VTI' ? 'ETF' : 'EQUITY',
  })),
  ...['HSBA.L', 'SHEL.L', 'AZN.L', 'ULVR.L', 'OCDO.L'].map((symbol, i) => ({
    symbol,
    currency: 'GBP',
    exchange: 'LSE',
    sector: SECTORS[i] ?? null,
    securityType: 'EQUITY',
  })),
  ...['SAP.DE', 'SIE.DE', 'ALV.DE', 'BMW.DE'].map((symbol, i) => ({
    symbol,
    currency: 'EUR',
    exchange: 'GER',
    sector: SECTORS[i] ?? null,
    securityType: 'EQUITY',
  })),
  ...['7203.T', '6758.T', '9984.T'].map((symbol, i) => ({
    symbol,
    currency: 'JPY',
    exchange: 'JPX',
    sector: SECTORS[i] ?? null,
    securityType: 'EQUITY',
  })),
];

/** Splits gold knows (already reflected in the closes): 4-for-1 and 3-for-2. */
export const SPLITS = [
  { symbol: 'NVDA', offsetDays: 900, numerator: 4, denominator: 1 },
  { symbol: 'AAPL', offsetDays: 1_800, numerator: 3, denominator: 2 },
] as const;

const RUN = 'bench-run';

export interface SeedResult {
  readonly firstDate: string;
  readonly lastDate: string;
  readonly priceRows: number;
}

export async function seedRealisticGold(pool: pg.Pool, lastDate: string, years: number): Promise<SeedResult> {
  const first = new Date(`${lastDate}T00:00:00Z`);
  first.setUTCFullYear(first.getUTCFullYear() - years);
  const firstDate = first.toISOString().slice(0, 10);
  const symbols = LISTINGS.map((l) => l.symbol);
  const params = [symbols, LISTINGS.map((l) => l.currency), firstDate, lastDate, RUN];

  await pool.query(
    `insert into gold.instruments (symbol, name, exchange, currency, security_type, cik, sector, first_dt, last_dt, _run_id)
     select l.symbol, l.symbol || ' Holdings', l.exchange, l.currency, l.security_type,
            case when l.currency = 'USD' and l.security_type = 'EQUITY' then lpad(l.k::text, 10, '0') end,
            l.sector, $6::date, $7::date, $8
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
            with ordinality as l(symbol, exchange, currency, security_type, sector, k)`,
    [
      symbols,
      LISTINGS.map((l) => l.exchange),
      LISTINGS.map((l) => l.currency),
      LISTINGS.map((l) => l.securityType),
      LISTINGS.map((l) => l.sector),
      firstDate,
      lastDate,
      RUN,
    ],
  );

  const inserted = await pool.query(
    `with days as (
       select d::date as dt, (d::date - $3::date) as n
         from generate_series($3::date, $4::date, interval '1 day') d
        where extract(isodow from d) < 6
     ), syms as (
       select symbol, currency, k from unnest($1::text[], $2::text[]) with ordinality as s(symbol, currency, k)
     ), raw as (
       select s.symbol, s.currency, d.dt,
              round((20 + 13 * s.k) * (1 + 0.0004 * d.n)
                    * (1 + 0.15 * sin(d.n / 37.0 + s.k) + 0.05 * sin(d.n / 5.3 + 2 * s.k))::numeric, 4) as close,
              (1000000 + 37 * d.n + 1000 * s.k)::bigint as volume
         from syms s cross join days d
     ), metrics as (
       -- Only ret_1d is a real window: Postgres evaluates sliding max/min/avg frames row by row (tens of
       -- seconds here), and these benchmarks need realistic payloads, not true moving averages.
       select r.*, close::float8 / nullif(lag(close::float8) over w, 0) - 1 as ret, row_number() over w as i
         from raw r
       window w as (partition by symbol order by dt)
     )
     insert into gold.daily_prices (symbol, dt, open, high, low, close, adj_close, volume, currency, close_usd,
                                    ret_1d, sma_20, sma_50, sma_200, vol_30d, drawdown, high_52w, low_52w, _run_id)
     select symbol, dt, round(close * 0.995, 4), round(close * 1.01, 4), round(close * 0.985, 4), close,
            round(close * (1 + 0.00005 * i), 6), volume, currency, null, ret,
            case when i >= 20 then close::float8 * (1 + sin(i / 7.0) / 97) end,
            case when i >= 50 then close::float8 * (1 + sin(i / 11.0) / 89) end,
            case when i >= 200 then close::float8 * (1 + sin(i / 13.0) / 83) end,
            case when i >= 30 then 0.2 + sin(i / 17.0) / 31 end,
            -abs(sin(i / 41.0)) / 7, round(close * 1.12, 4), round(close * 0.87, 4), $5
       from metrics`,
    params,
  );

  await pool.query(
    `insert into gold.corporate_actions (symbol, dt, kind, numerator, denominator, _run_id)
     select symbol, $1::date + offset_days, 'split', numerator, denominator, $2
       from unnest($3::text[], $4::int[], $5::numeric[], $6::numeric[]) as s(symbol, offset_days, numerator, denominator)`,
    [
      firstDate,
      RUN,
      SPLITS.map((s) => s.symbol),
      SPLITS.map((s) => s.offsetDays),
      SPLITS.map((s) => s.numerator),
      SPLITS.map((s) => s.denominator),
    ],
  );

  // One row per calendar day (gold.fx_rates is calendar-filled), USD per unit drifting smoothly.
  await pool.query(
    `with days as (
       select d::date as dt, (d::date - $1::date) as n from generate_series($1::date, $2::date, interval '1 day') d
     ), ccy as (
       select * from (values ('USD', 1.0, 0.0), ('EUR', 1.1, 0.05), ('GBP', 1.27, 0.04), ('JPY', 0.0075, 0.06),
                             ('CHF', 1.08, 0.03)) v(currency, level, swing)
     ), rates as (
       select d.dt, c.currency,
              round((c.level * (1 + c.swing * sin(d.n / 90.0 + c.level)))::numeric, 10) as usd_per_unit
         from days d cross join ccy c
     )
     insert into gold.fx_rates (dt, currency, usd_per_unit, eur_per_unit, rate_dt, is_filled, _run_id)
     select r.dt, r.currency, r.usd_per_unit, round(r.usd_per_unit / e.usd_per_unit, 18), r.dt, false, $3
       from rates r join rates e on e.dt = r.dt and e.currency = 'EUR'`,
    [firstDate, lastDate, RUN],
  );

  await pool.query(
    `insert into gold.instrument_snapshot (symbol, as_of_dt, close, currency, ret_1d, ret_1w, ret_1m, ret_3m, ret_1y,
                                           ret_ytd, vol_30d, high_52w, low_52w, max_drawdown_1y, beta_1y,
                                           dividend_ttm, dividend_yield_ttm, shares_outstanding, market_cap, eps_ttm,
                                           pe_ttm, _run_id)
     select p.symbol, p.dt, p.close, p.currency, p.ret_1d, 0.01, 0.02, 0.05, 0.12, 0.03, p.vol_30d, p.high_52w,
            p.low_52w, -0.18, 1.05, 1.2, 0.011, 1000000000, p.close * 1000000000, 4.2, p.close / 4.2, $2
       from gold.daily_prices p where p.dt = $1::date`,
    [lastDate, RUN],
  );

  await pool.query(
    `insert into gold.fundamentals (cik, fiscal_year, fiscal_period, period_start, period_end, form, filed, currency,
                                    revenue, net_income, eps_diluted, operating_cash_flow, total_assets,
                                    total_liabilities, stockholders_equity, shares_outstanding, _run_id)
     select i.cik, y, p.fp, make_date(y, p.m0, 1), (make_date(y, p.m1, 1) + interval '1 month - 1 day')::date,
            case when p.fp = 'FY' then '10-K' else '10-Q' end, make_date(y, p.m1, 1) + 40, 'USD',
            1000000000.5 * p.scale, 200000000.25 * p.scale, 1.23 * p.scale, 300000000 * p.scale, 5000000000,
            3000000000, 2000000000, 1000000000, $2
       from gold.instruments i
       cross join generate_series(extract(year from $1::date)::int - 8, extract(year from $1::date)::int - 1) y
       cross join (values ('Q1', 1, 3, 1), ('Q2', 4, 6, 1), ('Q3', 7, 9, 1), ('Q4', 10, 12, 1), ('FY', 1, 12, 4))
                  p(fp, m0, m1, scale)
      where i.cik is not null`,
    [lastDate, RUN],
  );

  await pool.query(
    `insert into gold.load_log (run_id, dt, table_name, rows, checksum, started_at, finished_at, status)
     values ($1, $2::date, 'daily_prices', $3, 'bench', now(), now(), 'succeeded')`,
    [RUN, lastDate, inserted.rowCount ?? 0],
  );
  await pool.query('analyze');
  return { firstDate, lastDate, priceRows: inserted.rowCount ?? 0 };
}
