// Shared by the marts' test files: a DuckDB session with empty silver tables of the exact silver
// types, literal-SQL inserts, the gold build in dependency order, deterministic synthetic data and a
// relative-tolerance comparison. Expected values are computed in the tests themselves.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { openDuckSession, sqlString, type DuckSession } from '../pipeline/duckdb.ts';
import { buildModel } from '../pipeline/model.ts';
import { mulberry32, normalStream, roundTo } from '../sandbox/prng.ts';
import { GOLD_MODELS } from './models.ts';

export const RUN_ID = 'test-run-0001';

const SILVER_DDL = `
CREATE SCHEMA IF NOT EXISTS silver;
CREATE TABLE silver.daily_bars (
  symbol VARCHAR, dt DATE, open DECIMAL(38,12), high DECIMAL(38,12), low DECIMAL(38,12),
  close DECIMAL(38,12), adj_close DECIMAL(38,12), volume BIGINT, currency VARCHAR,
  source_currency VARCHAR, exchange_timezone VARCHAR, fetched_at TIMESTAMPTZ, bronze_object VARCHAR,
  bronze_sha256 VARCHAR);
CREATE TABLE silver.corporate_actions (
  symbol VARCHAR, dt DATE, kind VARCHAR, amount DECIMAL(38,12), currency VARCHAR,
  numerator DECIMAL(38,6), denominator DECIMAL(38,6), fetched_at TIMESTAMPTZ, bronze_sha256 VARCHAR);
CREATE TABLE silver.fx_rates (
  dt DATE, currency VARCHAR, units_per_eur DECIMAL(38,18), fetched_at TIMESTAMPTZ, bronze_sha256 VARCHAR);
CREATE TABLE silver.financial_facts (
  cik VARCHAR, taxonomy VARCHAR, concept VARCHAR, unit VARCHAR, period_start DATE, period_end DATE,
  val DECIMAL(38,6), fy INTEGER, fp VARCHAR, form VARCHAR, filed DATE, accn VARCHAR, frame VARCHAR);
CREATE TABLE silver.instruments (
  symbol VARCHAR, name VARCHAR, exchange VARCHAR, currency VARCHAR, security_type VARCHAR, figi VARCHAR,
  composite_figi VARCHAR, share_class_figi VARCHAR, cik VARCHAR, sic VARCHAR, sector VARCHAR,
  exchange_timezone VARCHAR);
`;

export interface GoldFixture {
  readonly root: string;
  readonly session: DuckSession;
  close(): Promise<void>;
}

/** A fresh session with empty silver tables and `run_id` set, as the runner sets it. */
export async function openGoldFixture(): Promise<GoldFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'finplat-marts-'));
  const session = await openDuckSession({ tempDir: path.join(root, 'duck-tmp') });
  for (const statement of SILVER_DDL.split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    await session.run(statement);
  }
  await session.run(`SET VARIABLE run_id = ${sqlString(RUN_ID)}`);
  return {
    root,
    session,
    close: async () => {
      session.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export type SqlValue = string | number | boolean | null;
export type Row = Readonly<Record<string, SqlValue>>;

function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return sqlString(value);
}

/** Inserts rows (columns named by the first row; missing ones are NULL) as SQL literals. */
export async function insertRows(session: DuckSession, table: string, rows: readonly Row[]): Promise<void> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map((row) => `(${columns.map((c) => literal(row[c] ?? null)).join(', ')})`)
      .join(',\n');
    await session.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
  }
}

/** Builds the gold models in dependency order, up to and including `until` (default: all). */
export async function buildGold(session: DuckSession, until?: string): Promise<void> {
  for (const model of GOLD_MODELS) {
    await buildModel(session, model);
    if (model.name === until) return;
  }
}

/** Rows of a query with DuckDB values converted to JS (DATE → Date, DECIMAL/DOUBLE → number). */
export function query<T extends Record<string, unknown>>(session: DuckSession, sql: string): Promise<T[]> {
  return session.all<T>(sql);
}

/** `yyyy-mm-dd` of a DuckDB DATE read back as a JS Date (UTC midnight). */
export const isoDate = (value: unknown): string => (value as Date).toISOString().slice(0, 10);

/** Equal within `rel` relative tolerance (absolute near zero); null must match null. */
export function expectClose(actual: unknown, expected: number | null, label: string, rel = 1e-9): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(typeof actual, `${label}: ${String(actual)} is not a number`).toBe('number');
  const value = actual as number;
  const scale = Math.max(Math.abs(expected), 1e-12);
  expect(
    Math.abs(value - expected) / scale,
    `${label}: got ${value}, expected ${expected}`,
  ).toBeLessThanOrEqual(rel);
}

// ---------------------------------------------------------------------------------------------
// Synthetic data

export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

/** Weekdays from `from` to `to` inclusive, minus `holidays`. */
export function tradingDays(from: string, to: string, holidays: readonly string[] = []): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6 && !holidays.includes(d)) days.push(d);
  }
  return days;
}

export interface Bar {
  readonly symbol: string;
  readonly dt: string;
  readonly close: number;
  readonly adjClose: number;
  readonly currency: string;
}

/**
 * A seeded random walk: `days.length` bars of `symbol`. With `market` (the benchmark's daily log
 * returns by date), returns are beta × market + noise, so beta_1y has something to find.
 */
export function randomWalk(options: {
  symbol: string;
  currency: string;
  days: readonly string[];
  seed: number;
  start: number;
  market?: ReadonlyMap<string, number>;
  beta?: number;
}): Bar[] {
  const noise = normalStream(mulberry32(options.seed));
  const bars: Bar[] = [];
  let level = options.start;
  for (const dt of options.days) {
    const common = (options.market?.get(dt) ?? 0) * (options.beta ?? 0);
    level *= Math.exp(common + 0.015 * noise());
    const adjClose = roundTo(level, 4);
    // close differs from adj_close (dividend adjustment) so the tests see which one is used.
    const close = roundTo(level * 1.02, 4);
    bars.push({ symbol: options.symbol, dt, close, adjClose, currency: options.currency });
  }
  return bars;
}

export const barRow = (bar: Bar): Row => ({
  symbol: bar.symbol,
  dt: bar.dt,
  open: bar.close,
  high: roundTo(bar.close * 1.01, 4),
  low: roundTo(bar.close * 0.99, 4),
  close: bar.close,
  adj_close: bar.adjClose,
  volume: 1000,
  currency: bar.currency,
  source_currency: bar.currency === 'GBP' ? 'GBp' : bar.currency,
  exchange_timezone: bar.currency === 'GBP' ? 'Europe/London' : 'America/New_York',
  fetched_at: '2025-03-01 22:00:00+00',
  bronze_object: `bronze/source=yahoo/dataset=prices/dt=2025-03-01/${bar.symbol}.json`,
  bronze_sha256: 'f'.repeat(64),
});

export const instrumentRow = (symbol: string, currency: string, cik: string | null = null): Row => ({
  symbol,
  name: `${symbol} Inc`,
  exchange: currency === 'GBP' ? 'LSE' : 'NYQ',
  currency,
  security_type: 'Common Stock',
  figi: null,
  composite_figi: null,
  share_class_figi: null,
  cik,
  sic: null,
  sector: null,
  exchange_timezone: currency === 'GBP' ? 'Europe/London' : 'America/New_York',
});
