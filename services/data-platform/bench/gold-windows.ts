/**
 * Gold windows benchmark: `npx tsx services/data-platform/bench/gold-windows.ts [--symbols 400]
 * [--days 2500] [--threads 2] [--memory 1GB]`.
 * Builds a synthetic silver.daily_bars of symbols × days rows (seeded random walks, a sixth of them
 * in GBP/EUR/JPY), ECB-like silver.fx_rates over the same weekdays, then times the gold models that
 * recompute everything each run: fx_rates (calendar fill), daily_prices (every window over each
 * symbol's whole history) and instrument_snapshot. Prints seconds per model; asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GOLD_MODELS } from '../src/marts/models.ts';
import { openDuckSession } from '../src/pipeline/duckdb.ts';
import { buildModel } from '../src/pipeline/model.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    symbols: { type: 'string', default: '400' },
    days: { type: 'string', default: '2500' },
    threads: { type: 'string', default: '2' },
    memory: { type: 'string', default: '1GB' },
  },
  strict: true,
});
const symbols = Number(values.symbols);
const days = Number(values.days);
const threads = Number(values.threads);
if (![symbols, days, threads].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('bench gold-windows: --symbols, --days and --threads must be positive integers\n');
  process.exit(2);
}

const root = await mkdtemp(path.join(tmpdir(), 'finplat-bench-gold-'));
const session = await openDuckSession({
  tempDir: path.join(root, 'duck-tmp'),
  threads,
  memoryLimit: values.memory,
});
try {
  const timed = async (label: string, fn: () => Promise<number | undefined>): Promise<void> => {
    const t0 = performance.now();
    const rows = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const count = rows === undefined ? '' : `${rows.toLocaleString('en-US')} rows in `;
    process.stdout.write(`${label.padEnd(26)} ${count}${seconds.toFixed(2)} s\n`);
  };
  await session.run(`SET VARIABLE run_id = 'bench'`);
  await session.run('SELECT setseed(0.42)');
  await session.run('CREATE SCHEMA silver');
  // Weekday d (0-based) of the synthetic calendar: Monday 2000-01-03 + whole weeks + day in week.
  const weekday = (d: string) => `(DATE '2000-01-03' + ((${d} // 5) * 7 + ${d} % 5)::INTEGER)`;
  await timed('setup: silver', async () => {
    await session.run(`
      CREATE TABLE silver.daily_bars AS
      WITH steps AS (
        SELECT s, d, 0.015 * (random() + random() + random() - 1.5) AS step
        FROM range(${symbols}) a(s), range(${days}) b(d)
      ),
      walks AS (
        SELECT s, d, 50 * exp(sum(step) OVER (PARTITION BY s ORDER BY d)) AS level FROM steps
      )
      SELECT
        'SYM' || lpad(s::VARCHAR, 5, '0') AS symbol,
        ${weekday('d')} AS dt,
        round(level * 1.01, 4)::DECIMAL(38,12) AS open,
        round(level * 1.02, 4)::DECIMAL(38,12) AS high,
        round(level * 0.98, 4)::DECIMAL(38,12) AS low,
        round(level, 4)::DECIMAL(38,12) AS close,
        round(level * 0.97, 4)::DECIMAL(38,12) AS adj_close,
        (1000 + s * 7 + d)::BIGINT AS volume,
        ['USD', 'USD', 'USD', 'USD', 'USD', 'GBP', 'EUR', 'JPY'][s % 8 + 1] AS currency,
        ['USD', 'USD', 'USD', 'USD', 'USD', 'GBp', 'EUR', 'JPY'][s % 8 + 1] AS source_currency,
        'America/New_York' AS exchange_timezone,
        TIMESTAMPTZ '2026-02-17 22:00:00+00' AS fetched_at,
        'bronze/bench' AS bronze_object,
        repeat('f', 64) AS bronze_sha256
      FROM walks`);
    await session.run(`
      CREATE TABLE silver.fx_rates AS
      SELECT
        ${weekday('d')} AS dt,
        c.currency,
        (c.base * (1 + 0.05 * sin(d / 50.0 + c.phase)))::DECIMAL(38,18) AS units_per_eur,
        TIMESTAMPTZ '2026-02-17 16:00:00+00' AS fetched_at,
        repeat('e', 64) AS bronze_sha256
      FROM range(${days}) t(d),
        (VALUES ('USD', 1.1, 0.0), ('GBP', 0.86, 1.0), ('JPY', 150.0, 2.0), ('CHF', 0.95, 3.0)) c(currency, base, phase)`);
    await session.run(`
      CREATE TABLE silver.instruments AS
      SELECT DISTINCT symbol, symbol AS name, 'BENCH' AS exchange, currency,
        'Common Stock' AS security_type, NULL::VARCHAR AS figi, NULL::VARCHAR AS composite_figi,
        NULL::VARCHAR AS share_class_figi, NULL::VARCHAR AS cik, NULL::VARCHAR AS sic,
        NULL::VARCHAR AS sector, exchange_timezone
      FROM silver.daily_bars`);
    await session.run(`
      CREATE TABLE silver.corporate_actions (symbol VARCHAR, dt DATE, kind VARCHAR,
        amount DECIMAL(38,12), currency VARCHAR, numerator DECIMAL(38,6), denominator DECIMAL(38,6),
        fetched_at TIMESTAMPTZ, bronze_sha256 VARCHAR)`);
    await session.run(`
      CREATE TABLE silver.financial_facts (cik VARCHAR, taxonomy VARCHAR, concept VARCHAR,
        unit VARCHAR, period_start DATE, period_end DATE, val DECIMAL(38,6), fy INTEGER, fp VARCHAR,
        form VARCHAR, filed DATE, accn VARCHAR, frame VARCHAR)`);
    const [row] = await session.all<{ n: bigint }>('SELECT count(*) AS n FROM silver.daily_bars');
    return Number(row?.n ?? 0);
  });
  for (const model of GOLD_MODELS) {
    await timed(`gold.${model.name}`, () => buildModel(session, model));
  }
  process.stdout.write(
    `(${symbols} symbols × ${days} days, DuckDB threads=${threads}, memory_limit=${values.memory}; ` +
      'daily_prices is the windows figure)\n',
  );
} finally {
  session.close();
  await rm(root, { recursive: true, force: true });
}
