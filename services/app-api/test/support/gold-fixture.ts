/**
 * A hand-made gold: small enough to reason about, shaped exactly like the loaded tables.
 * ACME (USD) splits 2-for-1 on 2024-01-10 (closes before it are already split-adjusted, as Yahoo
 * delivers them); BETA.L trades in GBP; SPY is the benchmark. FX: one row per calendar day,
 * EURUSD 1.10 until 2024-01-10 and 1.20 from 2024-01-11; GBPUSD 1.25 throughout.
 */
import type pg from 'pg';

const RUN = 'fixture-run';

export const ACME_CLOSES: [string, string][] = [
  ['2024-01-02', '50'],
  ['2024-01-05', '55'],
  ['2024-01-09', '56'],
  ['2024-01-10', '57'],
  ['2024-01-15', '60'],
  ['2024-01-19', '62'],
];
export const SPY_CLOSES: [string, string][] = [
  ['2024-01-02', '400'],
  ['2024-01-19', '410'],
];
export const BETA_CLOSES: [string, string][] = [
  ['2024-01-02', '2'],
  ['2024-01-19', '2.5'],
];

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export async function seedGold(pool: pg.Pool): Promise<void> {
  await pool.query(
    `insert into gold.instruments (symbol, name, exchange, currency, security_type, cik, sector, first_dt, last_dt, _run_id) values
     ('ACME', 'Acme Corporation', 'NMS', 'USD', 'EQUITY', '0000000001', 'Technology', '2024-01-02', '2024-01-19', $1),
     ('BETA.L', 'Beta plc', 'LSE', 'GBP', 'EQUITY', null, 'Utilities', '2024-01-02', '2024-01-19', $1),
     ('SPY', 'SPDR S&P 500 ETF Trust', 'PCX', 'USD', 'ETF', null, null, '2024-01-02', '2024-01-19', $1)`,
    [RUN],
  );
  const bars: [string, [string, string][]][] = [
    ['ACME', ACME_CLOSES],
    ['SPY', SPY_CLOSES],
    ['BETA.L', BETA_CLOSES],
  ];
  for (const [symbol, closes] of bars) {
    const currency = symbol === 'BETA.L' ? 'GBP' : 'USD';
    let previous: number | undefined;
    for (const [dt, close] of closes) {
      const ret = previous === undefined ? null : Number(close) / previous - 1;
      await pool.query(
        `insert into gold.daily_prices (symbol, dt, open, high, low, close, adj_close, volume, currency, ret_1d, drawdown, high_52w, low_52w, _run_id)
         values ($1, $2, $3, $3, $3, $3, $3, 1000, $4, $5, 0, $3, $3, $6)`,
        [symbol, dt, close, currency, ret, RUN],
      );
      previous = Number(close);
    }
  }
  await pool.query(
    `insert into gold.corporate_actions (symbol, dt, kind, numerator, denominator, _run_id) values ('ACME', '2024-01-10', 'split', 2, 1, $1)`,
    [RUN],
  );
  for (const dt of days('2023-12-01', '2024-01-31')) {
    const eur = dt <= '2024-01-10' ? '1.1' : '1.2';
    await pool.query(
      `insert into gold.fx_rates (dt, currency, usd_per_unit, eur_per_unit, rate_dt, is_filled, _run_id) values
       ($1, 'EUR', $2, 1, $1, false, $3), ($1, 'GBP', 1.25, 1.25 / $2::numeric, $1, false, $3), ($1, 'USD', 1, 1 / $2::numeric, $1, false, $3)`,
      [dt, eur, RUN],
    );
  }
  await pool.query(
    `insert into gold.instrument_snapshot (symbol, as_of_dt, close, currency, ret_1d, ret_1y, vol_30d, _run_id) values
     ('ACME', '2024-01-19', 62, 'USD', 0.0333333333, 0.2, 0.3, $1),
     ('SPY', '2024-01-19', 410, 'USD', 0.025, 0.1, 0.15, $1),
     ('BETA.L', '2024-01-19', 2.5, 'GBP', -0.01, null, null, $1)`,
    [RUN],
  );
  await pool.query(
    `insert into gold.fundamentals (cik, fiscal_year, fiscal_period, period_end, currency, revenue, eps_diluted, _run_id) values
     ('0000000001', 2023, 'FY', '2023-12-31', 'USD', 1000000.5, 2.25, $1),
     ('0000000001', 2023, 'Q3', '2023-09-30', 'USD', 250000, 0.5, $1)`,
    [RUN],
  );
  await pool.query(
    `insert into gold.load_log (run_id, dt, table_name, rows, checksum, started_at, finished_at, status)
     values ($1, '2024-01-19', 'daily_prices', 10, 'abc', now(), now(), 'succeeded')`,
    [RUN],
  );
}
