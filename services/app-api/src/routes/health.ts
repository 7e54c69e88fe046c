import { z } from 'zod';
import { readGoldStatus } from '../db/gold-status.repository.ts';
import { AppError } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { RouteContext } from './context.ts';

export function healthRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Database reachable and gold loaded (503 otherwise)',
        response: {
          200: z.object({
            status: z.literal('ready'),
            gold: z.object({
              latestDate: z.string(),
              loadedAt: z.string().nullable(),
              runId: z.string().nullable(),
              sandbox: z.boolean(),
            }),
          }),
          ...errors(),
        },
      },
    },
    async () => {
      let status;
      try {
        await ctx.dbs.pools.app.query('select 1');
        status = await readGoldStatus(ctx.dbs.gold);
      } catch (error) {
        throw new AppError('NOT_READY', 'The database is not reachable or gold is not migrated', {
          cause: error,
        });
      }
      if (status.latestDate === null)
        throw new AppError('NOT_READY', 'Gold has no prices loaded yet; run `finplat load`');
      return {
        status: 'ready' as const,
        gold: {
          latestDate: status.latestDate,
          loadedAt: status.loadedAt?.toISOString() ?? null,
          runId: status.runId,
          sandbox: status.sandbox,
        },
      };
    },
  );
}
