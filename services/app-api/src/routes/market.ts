import { z } from 'zod';
import { dateString, errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { currencySchema, symbolSchema } from '../services/portfolio/transaction-input.ts';
import type { RouteContext } from './context.ts';

const bearer = [{ bearer: [] }];
const symbolParams = z.strictObject({ symbol: symbolSchema.transform((s) => s.toUpperCase()) });
const nullableNumber = z.number().nullable();

const snapshotSchema = z
  .object({
    asOf: z.string(),
    close: z.number(),
    currency: z.string(),
    ret1d: nullableNumber,
    ret1w: nullableNumber,
    ret1m: nullableNumber,
    ret3m: nullableNumber,
    ret1y: nullableNumber,
    retYtd: nullableNumber,
    vol30d: nullableNumber,
    high52w: nullableNumber,
    low52w: nullableNumber,
    maxDrawdown1y: nullableNumber,
    beta1y: nullableNumber,
    dividendTtm: nullableNumber,
    dividendYieldTtm: nullableNumber,
    sharesOutstanding: nullableNumber,
    marketCap: nullableNumber,
    epsTtm: nullableNumber,
    peTtm: nullableNumber,
  })
  .meta({ id: 'Snapshot' });

const nullableDecimal = z.string().nullable();
const fundamentalsSchema = z
  .object({
    fiscalYear: z.number().int(),
    fiscalPeriod: z.string(),
    periodStart: z.string().nullable(),
    periodEnd: z.string(),
    form: z.string().nullable(),
    filed: z.string().nullable(),
    currency: z.string().nullable(),
    revenue: nullableDecimal,
    netIncome: nullableDecimal,
    epsDiluted: nullableDecimal,
    operatingCashFlow: nullableDecimal,
    totalAssets: nullableDecimal,
    totalLiabilities: nullableDecimal,
    stockholdersEquity: nullableDecimal,
    sharesOutstanding: nullableDecimal,
  })
  .meta({ id: 'Fundamentals' });

const instrumentSummary = z.object({
  symbol: z.string(),
  name: z.string().nullable(),
  exchange: z.string().nullable(),
  currency: z.string().nullable(),
  securityType: z.string().nullable(),
  sector: z.string().nullable(),
});

const barSchema = z.object({
  date: z.string(),
  open: nullableNumber,
  high: nullableNumber,
  low: nullableNumber,
  close: z.number(),
  adjClose: z.number(),
  volume: nullableNumber,
  ret1d: nullableNumber,
  sma20: nullableNumber,
  sma50: nullableNumber,
  sma200: nullableNumber,
  vol30d: nullableNumber,
  drawdown: z.number(),
});

const moverSchema = z.object({
  symbol: z.string(),
  name: z.string().nullable(),
  currency: z.string(),
  close: z.number(),
  ret1d: z.number(),
});
export const fxSchema = z
  .object({
    base: z.string(),
    date: z.string(),
    rates: z.array(
      z.object({
        currency: z.string(),
        rate: z.number().describe('units of currency per 1 base'),
        rateDate: z.string(),
      }),
    ),
  })
  .meta({ id: 'FxRates' });
export const overviewSchema = z
  .object({
    asOf: z.string().nullable(),
    gainers: z.array(moverSchema),
    losers: z.array(moverSchema),
    benchmark: snapshotSchema.extend({ symbol: z.string() }).nullable(),
    fx: fxSchema.nullable(),
  })
  .meta({ id: 'MarketOverview' });

export { snapshotSchema };

export function marketRoutes(app: App, ctx: RouteContext): void {
  const cached = ctx.marketCache;

  app.get(
    '/api/v1/instruments',
    {
      schema: {
        tags: ['market data'],
        summary: 'Search instruments by symbol prefix or name',
        security: bearer,
        querystring: z.strictObject({
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: z.object({ items: z.array(instrumentSummary) }), ...errors(400, 401) },
      },
    },
    async (request, reply) =>
      cached.send(request, reply, () => ctx.market.search(request.query.q, request.query.limit)),
  );

  app.get(
    '/api/v1/instruments/:symbol',
    {
      schema: {
        tags: ['market data'],
        summary: 'Profile, latest snapshot metrics and latest fundamentals',
        security: bearer,
        params: symbolParams,
        response: {
          200: instrumentSummary.extend({
            country: z.string(),
            figi: z.string().nullable(),
            compositeFigi: z.string().nullable(),
            shareClassFigi: z.string().nullable(),
            cik: z.string().nullable(),
            firstDt: z.string().nullable(),
            lastDt: z.string().nullable(),
            snapshot: snapshotSchema.nullable(),
            fundamentals: fundamentalsSchema.nullable(),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) => cached.send(request, reply, () => ctx.market.instrument(request.params.symbol)),
  );

  app.get(
    '/api/v1/instruments/:symbol/prices',
    {
      schema: {
        tags: ['market data'],
        summary: 'Daily bars with the gold metrics (prices as numbers: market data)',
        security: bearer,
        params: symbolParams,
        querystring: z.strictObject({ from: dateString.optional(), to: dateString.optional() }),
        response: {
          200: z.object({ symbol: z.string(), currency: z.string().nullable(), bars: z.array(barSchema) }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) =>
      cached.send(request, reply, () =>
        ctx.market.prices(request.params.symbol, request.query.from, request.query.to),
      ),
  );

  app.get(
    '/api/v1/instruments/:symbol/fundamentals',
    {
      schema: {
        tags: ['market data'],
        summary: 'Reported financials per period, newest first',
        security: bearer,
        params: symbolParams,
        response: {
          200: z.object({
            symbol: z.string(),
            cik: z.string().nullable(),
            periods: z.array(fundamentalsSchema),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) =>
      cached.send(request, reply, () => ctx.market.fundamentals(request.params.symbol)),
  );

  app.get(
    '/api/v1/market/overview',
    {
      schema: {
        tags: ['market data'],
        summary: "The day's movers, the benchmark and major FX rates",
        security: bearer,
        response: { 200: overviewSchema, ...errors(401) },
      },
    },
    async (request, reply) => cached.send(request, reply, () => ctx.market.overview()),
  );

  app.get(
    '/api/v1/fx',
    {
      schema: {
        tags: ['market data'],
        summary: 'FX rates for a base currency on a date (the last published rate on or before it)',
        security: bearer,
        querystring: z.strictObject({ base: currencySchema.default('USD'), date: dateString.optional() }),
        response: { 200: fxSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) =>
      cached.send(request, reply, () => ctx.market.fx(request.query.base, request.query.date)),
  );
}
