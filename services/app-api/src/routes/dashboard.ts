import { z } from 'zod';
import { errors, moneyString } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { Decimal } from '../services/portfolio/decimal.ts';
import type { RouteContext } from './context.ts';
import { overviewSchema } from './market.ts';
import { watchlistSchema } from './watchlists.ts';

const cardSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseCurrency: z.string(),
  value: moneyString,
  dayChange: moneyString,
  dayChangePct: z.number().nullable(),
  totalReturn: z.number().nullable(),
  error: z.string().optional().describe('set when the numbers could not be computed (e.g. missing FX)'),
});

export function dashboardRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          "The user's portfolios (value, day change, total return), watchlists, the market overview and data freshness",
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            portfolios: z.array(cardSchema),
            watchlists: z.array(watchlistSchema),
            market: overviewSchema,
            freshness: z.object({
              asOf: z.string().nullable(),
              loadedAt: z.string().nullable(),
              runId: z.string().nullable(),
              sandbox: z.boolean(),
            }),
          }),
          ...errors(401),
        },
      },
    },
    async (request) => {
      const userId = request.userId;
      const portfolios = await ctx.portfolios.list(userId);
      const cards = [];
      for (const p of portfolios) {
        try {
          const holdings = await ctx.portfolios.holdings(userId, p.id, undefined);
          const performance = await ctx.portfolios.performance(userId, p.id, {});
          const value = new Decimal(holdings.totals.totalValueBase);
          const dayChange = new Decimal(holdings.totals.dayChangeBase);
          const before = value.sub(dayChange);
          cards.push({
            id: p.id,
            name: p.name,
            baseCurrency: p.baseCurrency,
            value: holdings.totals.totalValueBase,
            dayChange: holdings.totals.dayChangeBase,
            dayChangePct: before.gt(0) ? dayChange.div(before).toDecimalPlaces(10).toNumber() : null,
            totalReturn: performance.totalReturn,
          });
        } catch (error) {
          request.log.warn({ err: error, portfolio: p.id }, 'dashboard card failed');
          cards.push({
            id: p.id,
            name: p.name,
            baseCurrency: p.baseCurrency,
            value: '0.00',
            dayChange: '0.00',
            dayChangePct: null,
            totalReturn: null,
            error: error instanceof Error ? error.message : 'failed',
          });
        }
      }
      const [watchlists, market, status] = await Promise.all([
        ctx.watchlists.list(userId),
        ctx.market.overview(),
        ctx.goldVersion.current(),
      ]);
      return {
        portfolios: cards,
        watchlists,
        market,
        freshness: {
          asOf: status.latestDate,
          loadedAt: status.loadedAt?.toISOString() ?? null,
          runId: status.runId,
          sandbox: status.sandbox,
        },
      };
    },
  );
}
