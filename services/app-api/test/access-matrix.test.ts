/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON whose shape is exactly what these tests assert */
/**
 * The access matrix: every route of the app, called by an anonymous client, by the owner (Alice) and
 * by another user (Bob). Private routes refuse anonymous callers (401); Bob gets 404 for every
 * route that names one of Alice's ids, whatever the method, and his lists never show her objects.
 * A route added to the app without a row here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startHarness, type Client, type Harness } from './support/harness.ts';

interface Ids {
  portfolio: string;
  tx: string;
  watchlist: string;
}

interface Row {
  /** request for the route; ids are Alice's */
  request: (ids: Ids) => { url: string; payload?: object | string; headers?: Record<string, string> };
  public?: boolean;
  /** names one of Alice's objects: Bob must get 404 */
  owned?: boolean;
  /** the owner's expected status */
  ok: number;
}

const csvHeaders = { 'content-type': 'text/csv' };

const MATRIX: Record<string, Row> = {
  'GET /healthz': { public: true, request: () => ({ url: '/healthz' }), ok: 200 },
  'GET /readyz': { public: true, request: () => ({ url: '/readyz' }), ok: 200 },
  'GET /api/v1/openapi.json': { public: true, request: () => ({ url: '/api/v1/openapi.json' }), ok: 200 },
  'POST /api/v1/auth/register': {
    public: true,
    request: () => ({ url: '/api/v1/auth/register', payload: { email: 'x', password: '' } }),
    ok: 400,
  },
  'POST /api/v1/auth/login': {
    public: true,
    request: () => ({ url: '/api/v1/auth/login', payload: { email: 'x', password: '' } }),
    ok: 400,
  },
  'POST /api/v1/auth/refresh': {
    public: true,
    request: () => ({ url: '/api/v1/auth/refresh', payload: { refreshToken: 'nope' } }),
    ok: 401,
  },
  'POST /api/v1/auth/logout': {
    public: true,
    request: () => ({ url: '/api/v1/auth/logout', payload: { refreshToken: 'nope' } }),
    ok: 204,
  },
  'GET /api/v1/me': { request: () => ({ url: '/api/v1/me' }), ok: 200 },
  'POST /api/v1/me/password': {
    request: () => ({
      url: '/api/v1/me/password',
      payload: { currentPassword: 'wrong wrong', newPassword: 'whatever long' },
    }),
    ok: 422,
  },
  'GET /api/v1/instruments': { request: () => ({ url: '/api/v1/instruments?q=AC' }), ok: 200 },
  'GET /api/v1/instruments/:symbol': { request: () => ({ url: '/api/v1/instruments/ACME' }), ok: 200 },
  'GET /api/v1/instruments/:symbol/prices': {
    request: () => ({ url: '/api/v1/instruments/ACME/prices' }),
    ok: 200,
  },
  'GET /api/v1/instruments/:symbol/fundamentals': {
    request: () => ({ url: '/api/v1/instruments/ACME/fundamentals' }),
    ok: 200,
  },
  'GET /api/v1/market/overview': { request: () => ({ url: '/api/v1/market/overview' }), ok: 200 },
  'GET /api/v1/fx': { request: () => ({ url: '/api/v1/fx?base=EUR' }), ok: 200 },
  'GET /api/v1/dashboard': { request: () => ({ url: '/api/v1/dashboard' }), ok: 200 },
  'GET /api/v1/portfolios': { request: () => ({ url: '/api/v1/portfolios' }), ok: 200 },
  'POST /api/v1/portfolios': {
    request: () => ({ url: '/api/v1/portfolios', payload: { name: 'P', baseCurrency: 'USD' } }),
    ok: 201,
  },
  'GET /api/v1/portfolios/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}` }),
    ok: 200,
  },
  'PATCH /api/v1/portfolios/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}`, payload: { name: 'Renamed' } }),
    ok: 200,
  },
  'DELETE /api/v1/portfolios/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}` }),
    ok: 204,
  },
  'GET /api/v1/portfolios/:id/transactions': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/transactions` }),
    ok: 200,
  },
  'POST /api/v1/portfolios/:id/transactions': {
    owned: true,
    request: (i) => ({
      url: `/api/v1/portfolios/${i.portfolio}/transactions`,
      payload: { type: 'DEPOSIT', date: '2024-01-03', amount: '10' },
    }),
    ok: 201,
  },
  'PATCH /api/v1/portfolios/:id/transactions/:txId': {
    owned: true,
    request: (i) => ({
      url: `/api/v1/portfolios/${i.portfolio}/transactions/${i.tx}`,
      payload: { price: '101' },
    }),
    ok: 200,
  },
  'DELETE /api/v1/portfolios/:id/transactions/:txId': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/transactions/${i.tx}` }),
    ok: 204,
  },
  'POST /api/v1/portfolios/:id/transactions/import': {
    owned: true,
    request: (i) => ({
      url: `/api/v1/portfolios/${i.portfolio}/transactions/import`,
      payload: 'date,type,symbol,quantity,price,fee,amount,currency\n2024-01-04,DEPOSIT,,,,,5,USD\n',
      headers: csvHeaders,
    }),
    ok: 200,
  },
  'GET /api/v1/portfolios/:id/transactions/export': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/transactions/export` }),
    ok: 200,
  },
  'GET /api/v1/portfolios/:id/holdings': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/holdings` }),
    ok: 200,
  },
  'GET /api/v1/portfolios/:id/performance': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/performance` }),
    ok: 200,
  },
  'GET /api/v1/portfolios/:id/allocation': {
    owned: true,
    request: (i) => ({ url: `/api/v1/portfolios/${i.portfolio}/allocation?by=sector` }),
    ok: 200,
  },
  'GET /api/v1/watchlists': { request: () => ({ url: '/api/v1/watchlists' }), ok: 200 },
  'POST /api/v1/watchlists': {
    request: () => ({ url: '/api/v1/watchlists', payload: { name: 'W' } }),
    ok: 201,
  },
  'GET /api/v1/watchlists/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/watchlists/${i.watchlist}` }),
    ok: 200,
  },
  'PATCH /api/v1/watchlists/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/watchlists/${i.watchlist}`, payload: { name: 'Renamed' } }),
    ok: 200,
  },
  'DELETE /api/v1/watchlists/:id': {
    owned: true,
    request: (i) => ({ url: `/api/v1/watchlists/${i.watchlist}` }),
    ok: 204,
  },
  'POST /api/v1/watchlists/:id/items': {
    owned: true,
    request: (i) => ({ url: `/api/v1/watchlists/${i.watchlist}/items`, payload: { symbol: 'SPY' } }),
    ok: 201,
  },
  'DELETE /api/v1/watchlists/:id/items/:symbol': {
    owned: true,
    request: (i) => ({ url: `/api/v1/watchlists/${i.watchlist}/items/ACME` }),
    ok: 204,
  },
};

let h: Harness;
let alice: Client;
let bob: Client;
let ids: Ids;

async function call(key: string, client: Client | undefined) {
  const [method, ...rest] = key.split(' ');
  const row = MATRIX[key];
  if (!row || method === undefined || rest.length === 0) throw new Error(`no matrix row ${key}`);
  const request = row.request(ids);
  return h.app.inject({
    method: method as 'GET',
    url: request.url,
    headers: { ...(client?.headers ?? {}), ...(request.headers ?? {}) },
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
}

beforeAll(async () => {
  h = await startHarness();
  alice = await signUp(h.app);
  bob = await signUp(h.app);
  const portfolio = (
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/portfolios',
      headers: alice.headers,
      payload: { name: 'A', baseCurrency: 'USD' },
    })
  ).json<{ id: string }>().id;
  const tx = (
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/portfolios/${portfolio}/transactions`,
      headers: alice.headers,
      payload: { type: 'BUY', date: '2024-01-02', symbol: 'ACME', quantity: '1', price: '100' },
    })
  ).json<{ id: string }>().id;
  const watchlist = (
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/watchlists',
      headers: alice.headers,
      payload: { name: 'A', symbols: ['ACME'] },
    })
  ).json<{ id: string }>().id;
  ids = { portfolio, tx, watchlist };
});
afterAll(async () => {
  await h.close();
});

describe('access matrix', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', () => {
    const appRoutes = h.routes
      .filter((r) => r.url.startsWith('/api/v1/') || r.url === '/healthz' || r.url === '/readyz')
      .map((r) => `${r.method} ${r.url}`);
    expect(
      appRoutes.filter((r) => !(r in MATRIX)),
      'routes missing from MATRIX',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !appRoutes.includes(r)),
      'MATRIX rows without a route',
    ).toEqual([]);
    // what is public is exactly what the matrix says is public
    for (const route of h.routes.filter((r) => `${r.method} ${r.url}` in MATRIX)) {
      expect(route.public, `${route.method} ${route.url}`).toBe(
        MATRIX[`${route.method} ${route.url}`]?.public === true,
      );
    }
  });

  it('anonymous callers get 401 from every private route', async () => {
    for (const key of Object.keys(MATRIX).filter((k) => MATRIX[k]?.public !== true)) {
      const response = await call(key, undefined);
      expect(response.statusCode, key).toBe(401);
      expect(response.json().error.code, key).toBe('UNAUTHENTICATED');
    }
  });

  it("another user gets 404 for every route naming the owner's objects, and changes nothing", async () => {
    for (const key of Object.keys(MATRIX).filter((k) => MATRIX[k]?.owned === true)) {
      const response = await call(key, bob);
      expect(response.statusCode, key).toBe(404);
      expect(response.json().error.code, key).toBe('NOT_FOUND');
    }
    const portfolio = await h.app.inject({
      url: `/api/v1/portfolios/${ids.portfolio}/transactions`,
      headers: alice.headers,
    });
    expect(portfolio.json<{ items: { id: string; price: string }[] }>().items).toEqual([
      expect.objectContaining({ id: ids.tx, price: '100' }),
    ]);
    const watchlist = await h.app.inject({
      url: `/api/v1/watchlists/${ids.watchlist}`,
      headers: alice.headers,
    });
    expect(watchlist.json()).toMatchObject({
      name: 'A',
      items: [expect.objectContaining({ symbol: 'ACME' })],
    });
  });

  it("lists and the dashboard never show another user's objects", async () => {
    for (const url of ['/api/v1/portfolios', '/api/v1/watchlists', '/api/v1/dashboard']) {
      const body = (await h.app.inject({ url, headers: bob.headers })).body;
      expect(body, url).not.toContain(ids.portfolio);
      expect(body, url).not.toContain(ids.watchlist);
    }
  });

  it('the owner gets the documented answer on every route (destructive ones last)', async () => {
    const keys = Object.keys(MATRIX).sort(
      (a, b) =>
        Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')) ||
        (a.includes('items') || a.includes('txId') ? -1 : 0) -
          (b.includes('items') || b.includes('txId') ? -1 : 0),
    );
    for (const key of keys) {
      const response = await call(key, MATRIX[key]?.public === true ? undefined : alice);
      expect(response.statusCode, `${key}: ${response.body.slice(0, 300)}`).toBe(MATRIX[key]?.ok);
    }
  });
});
