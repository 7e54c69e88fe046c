import { z } from 'zod';
import { dateString, emptyResponse, errors, moneyString, uuidParam } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import {
  currencySchema,
  symbolSchema,
  transactionInputSchema,
  transactionPatchSchema,
} from '../services/portfolio/transaction-input.ts';
import { CSV_COLUMNS } from '../services/portfolio/csv.ts';
import type { RouteContext } from './context.ts';

const bearer = [{ bearer: [] }];
const idParams = z.strictObject({ id: uuidParam });
const txParams = z.strictObject({ id: uuidParam, txId: uuidParam });
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

const portfolioSchema = z
  .object({ id: z.string(), name: z.string(), baseCurrency: z.string(), createdAt: z.string() })
  .meta({ id: 'Portfolio' });
const portfolioBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  baseCurrency: currencySchema,
});
const nullableString = z.string().nullable();
const transactionSchema = z
  .object({
    id: z.string(),
    type: z.enum(['BUY', 'SELL', 'DIVIDEND', 'DEPOSIT', 'WITHDRAWAL', 'FEE', 'INTEREST']),
    date: z.string(),
    symbol: nullableString,
    quantity: nullableString,
    price: nullableString,
    fee: nullableString,
    amount: nullableString,
    currency: nullableString,
    createdAt: z.string(),
  })
  .meta({ id: 'Transaction' });

const holdingSchema = z.object({
  symbol: z.string(),
  currency: z.string(),
  quantity: moneyString,
  averageCost: moneyString,
  costBasis: moneyString,
  costBasisBase: moneyString,
  price: moneyString,
  priceDate: z.string().nullable(),
  marketValue: moneyString,
  marketValueBase: moneyString,
  unrealizedPnl: moneyString,
  unrealizedPnlBase: moneyString,
  realizedPnl: moneyString,
  realizedPnlBase: moneyString,
  dividends: moneyString,
  dividendsBase: moneyString,
  dayChange: moneyString,
  dayChangeBase: moneyString,
  weight: z.number(),
});
export const holdingsSchema = z
  .object({
    baseCurrency: z.string(),
    asOf: z.string(),
    holdings: z.array(holdingSchema),
    cash: z.array(z.object({ currency: z.string(), amount: moneyString, amountBase: moneyString })),
    totals: z.object({
      marketValueBase: moneyString,
      costBasisBase: moneyString,
      unrealizedPnlBase: moneyString,
      realizedPnlBase: moneyString,
      dividendsBase: moneyString,
      cashBase: moneyString,
      totalValueBase: moneyString,
      dayChangeBase: moneyString,
    }),
  })
  .meta({ id: 'Holdings' });
const performanceSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    baseCurrency: z.string(),
    startValue: moneyString,
    endValue: moneyString,
    netFlows: moneyString,
    gain: moneyString,
    income: moneyString,
    twr: z.number(),
    xirr: z.number().nullable(),
    totalReturn: z.number(),
    contributions: z.object({ price: z.number(), income: z.number(), currency: z.number() }),
    series: z.array(
      z.object({ date: z.string(), value: moneyString, netFlows: moneyString, twrIndex: z.number() }),
    ),
    benchmark: z.object({ symbol: z.string(), twr: z.number().nullable() }),
  })
  .meta({ id: 'Performance' });

export function portfolioRoutes(app: App, ctx: RouteContext): void {
  const svc = ctx.portfolios;

  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get(
    '/api/v1/portfolios',
    {
      schema: {
        tags: ['portfolios'],
        summary: "The user's portfolios",
        security: bearer,
        response: { 200: z.object({ items: z.array(portfolioSchema) }), ...errors(401) },
      },
    },
    async (request) => ({ items: await svc.list(request.userId) }),
  );
  app.post(
    '/api/v1/portfolios',
    {
      schema: {
        tags: ['portfolios'],
        summary: 'Create a portfolio',
        security: bearer,
        body: portfolioBody,
        response: { 201: portfolioSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await svc.create(request.userId, request.body.name, request.body.baseCurrency)),
  );
  app.get(
    '/api/v1/portfolios/:id',
    {
      schema: {
        tags: ['portfolios'],
        summary: 'One portfolio',
        security: bearer,
        params: idParams,
        response: { 200: portfolioSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => svc.get(request.userId, request.params.id),
  );
  app.patch(
    '/api/v1/portfolios/:id',
    {
      schema: {
        tags: ['portfolios'],
        summary: 'Rename or change the base currency',
        security: bearer,
        params: idParams,
        body: portfolioBody.partial(),
        response: { 200: portfolioSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => svc.update(request.userId, request.params.id, request.body),
  );
  app.delete(
    '/api/v1/portfolios/:id',
    {
      schema: {
        tags: ['portfolios'],
        summary: 'Delete a portfolio and its transactions',
        security: bearer,
        params: idParams,
        response: { 204: emptyResponse, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await svc.remove(request.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/portfolios/:id/transactions',
    {
      schema: {
        tags: ['transactions'],
        summary: 'All transactions, in ledger order',
        security: bearer,
        params: idParams,
        response: { 200: z.object({ items: z.array(transactionSchema) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ items: await svc.listTransactions(request.userId, request.params.id) }),
  );
  app.post(
    '/api/v1/portfolios/:id/transactions',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Record a transaction (splits come from gold and are never entered)',
        security: bearer,
        params: idParams,
        body: transactionInputSchema,
        response: { 201: transactionSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await svc.addTransaction(request.userId, request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/portfolios/:id/transactions/:txId',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Change fields of a transaction',
        security: bearer,
        params: txParams,
        body: transactionPatchSchema,
        response: { 200: transactionSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) =>
      svc.updateTransaction(request.userId, request.params.id, request.params.txId, request.body),
  );
  app.delete(
    '/api/v1/portfolios/:id/transactions/:txId',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Delete a transaction',
        security: bearer,
        params: txParams,
        response: { 204: emptyResponse, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      await svc.removeTransaction(request.userId, request.params.id, request.params.txId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/portfolios/:id/transactions/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['transactions'],
        summary: `Import a CSV file (Content-Type: text/csv; columns ${CSV_COLUMNS.join(',')}); all rows or none; rows already imported are skipped`,
        security: bearer,
        params: idParams,
        body: z.string().max(IMPORT_BODY_LIMIT),
        response: {
          200: z.object({ imported: z.number().int(), skipped: z.number().int(), rows: z.number().int() }),
          ...errors(400, 401, 404, 413, 415, 422),
        },
      },
    },
    async (request) => svc.importCsv(request.userId, request.params.id, request.body),
  );
  app.get(
    '/api/v1/portfolios/:id/transactions/export',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Export the transactions as CSV (the import format)',
        security: bearer,
        params: idParams,
        response: { 200: z.string().describe('text/csv'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="transactions-${request.params.id}.csv"`)
        .send(await svc.exportCsv(request.userId, request.params.id)),
  );

  app.get(
    '/api/v1/portfolios/:id/holdings',
    {
      schema: {
        tags: ['portfolio numbers'],
        summary: 'Holdings, cash and totals on a date (default: the latest gold date)',
        security: bearer,
        params: idParams,
        querystring: z.strictObject({ date: dateString.optional() }),
        response: { 200: holdingsSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => svc.holdings(request.userId, request.params.id, request.query.date),
  );
  app.get(
    '/api/v1/portfolios/:id/performance',
    {
      schema: {
        tags: ['portfolio numbers'],
        summary: 'Value series, TWR, XIRR, total return and its split, benchmark (docs/portfolio-math.md)',
        security: bearer,
        params: idParams,
        querystring: z.strictObject({
          from: dateString.optional(),
          to: dateString.optional(),
          benchmark: symbolSchema.optional(),
        }),
        response: { 200: performanceSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => svc.performance(request.userId, request.params.id, request.query),
  );
  app.get(
    '/api/v1/portfolios/:id/allocation',
    {
      schema: {
        tags: ['portfolio numbers'],
        summary: 'Market value by sector, currency, security type or country (cash included)',
        security: bearer,
        params: idParams,
        querystring: z.strictObject({
          by: z.enum(['sector', 'currency', 'security_type', 'country']).default('sector'),
          date: dateString.optional(),
        }),
        response: {
          200: z.object({
            by: z.string(),
            baseCurrency: z.string(),
            asOf: z.string(),
            slices: z.array(z.object({ label: z.string(), valueBase: moneyString, weight: z.number() })),
          }),
          ...errors(400, 401, 404, 422),
        },
      },
    },
    async (request) =>
      svc.allocation(request.userId, request.params.id, request.query.by, request.query.date),
  );
}
