/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON whose shape is exactly what these tests assert */
/**
 * Market-data routes over the gold fixture, their ETag caching, health/readiness, the OpenAPI
 * document, security headers, media types and body limits, and the read-only gold role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPools, closePools } from '../src/db/pools.ts';
import { signUp, startHarness, type Client, type Harness } from './support/harness.ts';

let h: Harness;
let user: Client;

beforeAll(async () => {
  h = await startHarness();
  user = await signUp(h.app);
});
afterAll(async () => {
  await h.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ url, headers: { ...user.headers, ...headers } });

describe('market data', () => {
  it('searches by symbol prefix and by name', async () => {
    expect(
      (await get('/api/v1/instruments?q=ac')).json().items.map((i: { symbol: string }) => i.symbol),
    ).toEqual(['ACME']);
    expect((await get('/api/v1/instruments?q=beta')).json().items[0]).toMatchObject({
      symbol: 'BETA.L',
      currency: 'GBP',
      securityType: 'EQUITY',
    });
    expect((await get('/api/v1/instruments?limit=1000')).statusCode).toBe(400); // pagination cap
  });

  it('returns a profile with snapshot and latest fundamentals', async () => {
    const body = (await get('/api/v1/instruments/acme')).json();
    expect(body).toMatchObject({
      symbol: 'ACME',
      name: 'Acme Corporation',
      sector: 'Technology',
      country: 'US',
      snapshot: { asOf: '2024-01-19', close: 62, ret1y: 0.2 },
      fundamentals: { fiscalYear: 2023, fiscalPeriod: 'FY', revenue: '1000000.5', epsDiluted: '2.25' },
    });
    expect((await get('/api/v1/instruments/NOPE')).statusCode).toBe(404);
    expect(
      (await get('/api/v1/instruments/ACME/fundamentals'))
        .json()
        .periods.map((p: { fiscalPeriod: string }) => p.fiscalPeriod),
    ).toEqual(['FY', 'Q3']);
  });

  it('returns bars with numbers and the gold metrics, filtered by date', async () => {
    const body = (await get('/api/v1/instruments/ACME/prices?from=2024-01-05&to=2024-01-10')).json();
    expect(body.symbol).toBe('ACME');
    expect(body.currency).toBe('USD');
    expect(body.bars.map((b: { date: string; close: number }) => [b.date, b.close])).toEqual([
      ['2024-01-05', 55],
      ['2024-01-09', 56],
      ['2024-01-10', 57],
    ]);
    expect(body.bars[0]).toMatchObject({ adjClose: 55, volume: 1000, drawdown: 0, sma20: null });
    expect((await get('/api/v1/instruments/ACME/prices?from=2024-02-30')).statusCode).toBe(400);
  });

  it('caches by gold version: ETag, Cache-Control and 304 on If-None-Match', async () => {
    const first = await get('/api/v1/instruments/ACME/prices');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"g\d+-/);
    expect(first.headers['cache-control']).toBe('private, max-age=60');
    const again = await get('/api/v1/instruments/ACME/prices', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/api/v1/instruments/SPY/prices');
    expect(other.headers.etag).not.toBe(etag);
  });

  it('converts FX through USD for any base, on the last rate on or before the date', async () => {
    const body = (await get('/api/v1/fx?base=EUR&date=2024-01-05')).json();
    expect(body.base).toBe('EUR');
    expect(body.date).toBe('2024-01-05');
    const rates = Object.fromEntries(
      body.rates.map((r: { currency: string; rate: number }) => [r.currency, r.rate]),
    );
    expect(rates.USD).toBeCloseTo(1.1, 10); // 1 EUR = 1.10 USD
    expect(rates.GBP).toBeCloseTo(1.1 / 1.25, 10); // 0.88
    expect((await get('/api/v1/fx?base=XYZ')).statusCode).toBe(404);
  });

  it('gives an overview with movers, the benchmark and FX', async () => {
    const body = (await get('/api/v1/market/overview')).json();
    expect(body.gainers.map((m: { symbol: string }) => m.symbol)).toEqual(['ACME', 'SPY']);
    expect(body.losers.map((m: { symbol: string }) => m.symbol)).toEqual(['BETA.L']);
    expect(body.benchmark).toMatchObject({ symbol: 'SPY', close: 410 });
  });

  it('serves a dashboard with freshness', async () => {
    const body = (await get('/api/v1/dashboard')).json();
    expect(body.freshness).toMatchObject({ asOf: '2024-01-19', runId: 'fixture-run' });
    expect(body.portfolios).toEqual([]);
  });
});

describe('health and readiness', () => {
  it('reports the gold date when loaded, and 503 when gold is empty', async () => {
    expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ url: '/readyz' })).json()).toMatchObject({
      status: 'ready',
      gold: { latestDate: '2024-01-19', sandbox: false },
    });
    // A load of sandbox data (gold.load_log.sources, written by the loader) turns the flag on.
    const { rows } = await h.db.pool.query<{ id: string }>(
      `insert into gold.load_log (run_id, dt, table_name, rows, checksum, started_at, finished_at, status, sources)
       values ('sandbox-run', '2024-01-19', 'daily_prices', 10, 'abc', now(), now(), 'succeeded', 'sandbox')
       returning id::text as id`,
    );
    try {
      expect((await h.app.inject({ url: '/readyz' })).json().gold).toMatchObject({ sandbox: true });
    } finally {
      await h.db.pool.query('delete from gold.load_log where id = $1', [rows[0]?.id]);
    }
    const empty = await startHarness({ seed: false });
    try {
      const response = await empty.app.inject({ url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('NOT_READY');
    } finally {
      await empty.close();
    }
  });
});

describe('OpenAPI and HTTP hygiene', () => {
  it('documents every route in an OpenAPI 3.1 document from the validation schemas, and serves the docs page', async () => {
    const doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of h.routes.filter(
      (r) => (r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json') || r.url.endsWith('z'),
    )) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    const post = doc.paths['/api/v1/portfolios/{id}/transactions']?.post as { requestBody?: unknown };
    expect(JSON.stringify(post.requestBody)).toContain('DIVIDEND');
    const page = await h.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('sets security headers, no-store on private responses, and an allow-listed CORS origin only', async () => {
    const response = await get('/api/v1/me', { origin: 'http://localhost:5173' });
    expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(response.headers['content-security-policy']).toContain("object-src 'none'");
    expect(response.headers['content-security-policy']).toContain("base-uri 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const foreign = await get('/api/v1/me', { origin: 'https://evil.example' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/portfolios',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
  });

  it('answers 415 for other media types, 413 for large bodies, 404 in the error format, no stack traces', async () => {
    const text = await h.app.inject({
      method: 'POST',
      url: '/api/v1/portfolios',
      headers: { ...user.headers, 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await h.app.inject({
      method: 'POST',
      url: '/api/v1/portfolios',
      headers: user.headers,
      payload: { name: 'x'.repeat(70_000), baseCurrency: 'USD' },
    });
    expect(big.statusCode).toBe(413);
    const missing = await h.app.inject({ url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('the gold connection', () => {
  it('runs as finplat_app: reads gold, cannot write it, cannot read the application schema', async () => {
    const pools = createPools(h.db.url, { max: 1 });
    try {
      const { rows } = await pools.gold.query<{ current_user: string; n: string }>(
        'select current_user, count(*) as n from gold.instruments group by 1',
      );
      expect(rows[0]).toEqual({ current_user: 'finplat_app', n: '3' });
      await expect(
        pools.gold.query(`insert into gold.instruments (symbol, _run_id) values ('X', 'x')`),
      ).rejects.toThrow(/read-only|permission denied/);
      await expect(pools.gold.query('select * from app.users')).rejects.toThrow(/permission denied/);
    } finally {
      await closePools(pools);
    }
  });
});
