/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON whose shape is exactly what these tests assert */
/**
 * The API on gold produced by the real pipeline: the `finplat` CLI (a child process: no data-platform
 * code is imported) ingests the offline sandbox's sources for four listings, transforms and loads
 * them into a throwaway database; then the API answers from that gold. Every expectation is computed
 * here from direct SELECTs on gold (and decimal.js), never taken from the API.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Decimal as DecimalBase } from 'decimal.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { buildApp } from '../src/app.ts';
import { migrateApp } from '../src/db/migrate.ts';
import { closePools, createPools, type DatabasePools } from '../src/db/pools.ts';
import { signUp, testSettings, type Client } from './support/harness.ts';

const FINPLAT_BIN = fileURLToPath(new URL('../../data-platform/bin/finplat.js', import.meta.url));
const DATE = '2026-02-17';
const Decimal = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_EVEN });
const cents = (value: DecimalBase): string => value.toDecimalPlaces(2, DecimalBase.ROUND_HALF_UP).toFixed(2);

let work: string;
let db: TestDatabase;
let pools: DatabasePools;
let app: FastifyInstance;
let user: Client;

function finplat(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FINPLAT_BIN, ...args], {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'finplat-api-pipeline-'));
  db = await createTestDatabase(inject('databaseUrl'));
  // eslint-disable-next-line no-restricted-properties -- the child needs PATH/HOME; its config comes only from what is set here
  const { PATH = '', HOME = work } = process.env;
  const env = {
    PATH,
    HOME,
    LAKE_URL: path.join(work, 'lake'),
    FINPLAT_HOME: path.join(work, '.finplat'),
    DATABASE_URL: db.url,
    SEC_USER_AGENT: 'fin-platform tests tests@example.com',
  };
  for (const args of [
    ['ingest', '--date', DATE, '--tickers', 'AAPL,MSFT,SPY,OCDO.L'],
    ['transform', '--date', DATE],
    ['load'],
  ]) {
    const run = await finplat(args, env);
    if (run.code !== 0) throw new Error(`finplat ${args.join(' ')} exited ${run.code}:\n${run.output}`);
  }
  pools = createPools(db.url, { max: 4 });
  await migrateApp(pools.app);
  ({ app } = await buildApp({ pools, settings: testSettings(), clock: () => new Date(`${DATE}T20:00:00Z`) }));
  user = await signUp(app);
}, 150_000);

afterAll(async () => {
  await app.close();
  await closePools(pools);
  await db.drop();
  await rm(work, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ url, headers: user.headers });
const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
  const { rows } = await db.pool.query(sql, params);
  if (rows[0] === undefined) throw new Error(`no row: ${sql}`);
  return rows[0] as T;
};

describe('market data from pipeline-built gold', () => {
  it('search finds AAPL by symbol and by name', async () => {
    const { name } = await one<{ name: string }>(`select name from gold.instruments where symbol = 'AAPL'`);
    const bySymbol = (await get('/api/v1/instruments?q=AAPL')).json();
    expect(bySymbol.items[0]).toMatchObject({ symbol: 'AAPL', name });
    const word = name.split(/\s+/)[0] ?? name;
    const byName = (await get(`/api/v1/instruments?q=${encodeURIComponent(word)}`)).json();
    expect(byName.items.map((i: { symbol: string }) => i.symbol)).toContain('AAPL');
  });

  it('profile, snapshot and latest fundamentals agree with gold', async () => {
    const i = await one<{ name: string; currency: string; exchange: string; cik: string | null }>(
      `select name, currency, exchange, cik from gold.instruments where symbol = 'AAPL'`,
    );
    const s = await one<{ as_of_dt: string; close: string; ret_1d: number | null }>(
      `select to_char(as_of_dt, 'YYYY-MM-DD') as as_of_dt, close::text, ret_1d from gold.instrument_snapshot where symbol = 'AAPL'`,
    );
    const body = (await get('/api/v1/instruments/AAPL')).json();
    expect(body).toMatchObject({
      symbol: 'AAPL',
      name: i.name,
      currency: i.currency,
      exchange: i.exchange,
      cik: i.cik,
    });
    expect(body.snapshot.asOf).toBe(s.as_of_dt);
    expect(body.snapshot.close).toBe(Number(s.close));
    expect(body.snapshot.ret1d).toBe(s.ret_1d);
    expect(i.cik).not.toBeNull();
    const f = await one<{ fiscal_year: number; fiscal_period: string; revenue: string | null }>(
      `select fiscal_year, fiscal_period, revenue::text from gold.fundamentals where cik = $1
        order by period_end desc, fiscal_period asc limit 1`,
      [i.cik],
    );
    expect(body.fundamentals).toMatchObject({ fiscalYear: f.fiscal_year, fiscalPeriod: f.fiscal_period });
    expect(body.fundamentals.revenue).toBe(f.revenue === null ? null : new Decimal(f.revenue).toString());
    const periods = await one<{ n: number }>(
      `select count(*)::int as n from gold.fundamentals where cik = $1`,
      [i.cik],
    );
    expect((await get('/api/v1/instruments/AAPL/fundamentals')).json().periods).toHaveLength(periods.n);
  });

  it('prices: every gold bar in order, a window filtered by date', async () => {
    const all = await db.pool.query<{ dt: string; close: string }>(
      `select to_char(dt, 'YYYY-MM-DD') as dt, close::text from gold.daily_prices where symbol = 'OCDO.L' order by dt`,
    );
    expect(all.rows.length).toBeGreaterThan(20);
    const body = (await get('/api/v1/instruments/OCDO.L/prices')).json();
    expect(body.currency).toBe('GBP');
    expect(body.bars.map((b: { date: string; close: number }) => [b.date, b.close])).toEqual(
      all.rows.map((r) => [r.dt, Number(r.close)]),
    );
    // a large body is also kept gzipped: the same bytes once inflated, its own ETag, both revalidate
    const plain = await get('/api/v1/instruments/OCDO.L/prices');
    const zipped = await app.inject({
      url: '/api/v1/instruments/OCDO.L/prices',
      headers: { ...user.headers, 'accept-encoding': 'br;q=0, gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    for (const etag of [plain.headers.etag, zipped.headers.etag]) {
      const again = await app.inject({
        url: '/api/v1/instruments/OCDO.L/prices',
        headers: { ...user.headers, 'if-none-match': String(etag) },
      });
      expect(again.statusCode).toBe(304);
    }
    const from = all.rows.at(-10)?.dt ?? '';
    const to = all.rows.at(-3)?.dt ?? '';
    const window = (await get(`/api/v1/instruments/OCDO.L/prices?from=${from}&to=${to}`)).json();
    expect(window.bars.map((b: { date: string }) => b.date)).toEqual(
      all.rows.filter((r) => r.dt >= from && r.dt <= to).map((r) => r.dt),
    );
  });
});

describe('a EUR portfolio of AAPL and OCDO.L on pipeline-built gold', () => {
  let portfolioId: string;
  let asOf: string;

  beforeAll(async () => {
    asOf = (await one<{ d: string }>(`select to_char(max(dt), 'YYYY-MM-DD') as d from gold.daily_prices`)).d;
    // trade on recent trading days of each listing, after any split gold knows of
    const days = async (symbol: string): Promise<string[]> =>
      (
        await db.pool.query<{ d: string }>(
          `select to_char(dt, 'YYYY-MM-DD') as d from gold.daily_prices where symbol = $1
             and dt > coalesce((select max(dt) from gold.corporate_actions where symbol = $1 and kind = 'split'), '1900-01-01')
           order by dt desc limit 15`,
          [symbol],
        )
      ).rows.map((r) => r.d);
    const aapl = await days('AAPL');
    const ocdo = await days('OCDO.L');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/portfolios',
      headers: user.headers,
      payload: { name: 'Pipeline', baseCurrency: 'EUR' },
    });
    expect(created.statusCode).toBe(201);
    portfolioId = created.json().id;
    const transactions = [
      { type: 'BUY', date: aapl[12], symbol: 'AAPL', quantity: '10', price: '180.5', fee: '1' },
      { type: 'BUY', date: ocdo[11], symbol: 'OCDO.L', quantity: '250', price: '2.75', fee: '3' },
      { type: 'SELL', date: aapl[6], symbol: 'AAPL', quantity: '4', price: '190', fee: '1' },
      { type: 'DIVIDEND', date: aapl[4], symbol: 'AAPL', amount: '1.5' },
    ];
    for (const payload of transactions) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/portfolios/${portfolioId}/transactions`,
        headers: user.headers,
        payload,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  });

  /** Units of EUR per unit of `currency` on `date` from gold.fx_rates (last row on or before it). */
  const eurPer = async (currency: string, date: string): Promise<DecimalBase> => {
    const usd = async (c: string): Promise<DecimalBase> =>
      c === 'USD'
        ? new Decimal(1)
        : new Decimal(
            (
              await one<{ r: string }>(
                `select usd_per_unit::text as r from gold.fx_rates where currency = $1 and dt <= $2 order by dt desc limit 1`,
                [c, date],
              )
            ).r,
          );
    return (await usd(currency)).div(await usd('EUR'));
  };
  const lastClose = async (symbol: string): Promise<DecimalBase> =>
    new Decimal(
      (
        await one<{ c: string }>(
          `select close::text as c from gold.daily_prices where symbol = $1 and dt <= $2 order by dt desc limit 1`,
          [symbol, asOf],
        )
      ).c,
    );

  it('holdings: market value = quantity × latest gold close × gold FX rate, to the cent', async () => {
    const response = await get(`/api/v1/portfolios/${portfolioId}/holdings`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe(asOf);
    const bySymbol = Object.fromEntries(body.holdings.map((h: { symbol: string }) => [h.symbol, h]));
    const expected = {
      AAPL: { quantity: new Decimal(6), currency: 'USD' }, // 10 bought, 4 sold
      'OCDO.L': { quantity: new Decimal(250), currency: 'GBP' },
    };
    let total = new Decimal(0);
    for (const [symbol, { quantity, currency }] of Object.entries(expected)) {
      const value = quantity.mul(await lastClose(symbol));
      const valueEur = value.mul(await eurPer(currency, asOf));
      total = total.add(cents(valueEur));
      expect(bySymbol[symbol]).toMatchObject({
        currency,
        quantity: quantity.toString(),
        marketValue: cents(value),
        marketValueBase: cents(valueEur),
      });
    }
    // AAPL: cost 10 × 180.5 + 1 = 1806, 4/10 sold → cost basis 1083.60; realized 4 × 190 − 1 − 722.40 = 36.60
    expect(bySymbol.AAPL).toMatchObject({ costBasis: '1083.60', realizedPnl: '36.60', dividends: '1.50' });
    expect(new Decimal(body.totals.marketValueBase).sub(total).abs().lte('0.01')).toBe(true);
  });

  it('performance and allocation answer, consistent with the holdings', async () => {
    const holdings = (await get(`/api/v1/portfolios/${portfolioId}/holdings`)).json();
    const performance = (await get(`/api/v1/portfolios/${portfolioId}/performance`)).json();
    expect(performance.to).toBe(asOf);
    expect(performance.endValue).toBe(holdings.totals.totalValueBase);
    expect(performance.series.at(-1)).toMatchObject({ date: asOf, value: holdings.totals.totalValueBase });
    expect(typeof performance.twr).toBe('number');
    expect(performance.benchmark.symbol).toBe('SPY');
    expect(performance.benchmark.twr).not.toBeNull();
    const allocation = (await get(`/api/v1/portfolios/${portfolioId}/allocation?by=currency`)).json();
    const byLabel = Object.fromEntries(
      allocation.slices.map((s: { label: string; valueBase: string }) => [s.label, s.valueBase]),
    );
    const held = Object.fromEntries(
      holdings.holdings.map((h: { currency: string; marketValueBase: string }) => [
        h.currency,
        h.marketValueBase,
      ]),
    );
    expect(byLabel).toEqual(held);
  });

  it('the dashboard shows the loaded gold date and load', async () => {
    const load = await one<{ run_id: string }>(
      `select run_id from gold.load_log where status = 'succeeded' order by id desc limit 1`,
    );
    const body = (await get('/api/v1/dashboard')).json();
    expect(body.freshness).toMatchObject({ asOf, runId: load.run_id });
    expect(body.portfolios[0]).toMatchObject({ id: portfolioId, baseCurrency: 'EUR' });
    expect(body.portfolios[0].error).toBeUndefined();
  });
});
