import { z } from 'zod';
import { emptyResponse, errors, uuidParam } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { symbolSchema } from '../services/portfolio/transaction-input.ts';
import type { RouteContext } from './context.ts';
import { snapshotSchema } from './market.ts';

const bearer = [{ bearer: [] }];
const idParams = z.strictObject({ id: uuidParam });
const name = z.string().trim().min(1).max(100);

export const watchlistSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    items: z.array(
      z.object({
        symbol: z.string(),
        name: z.string().nullable(),
        addedAt: z.string(),
        snapshot: snapshotSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'Watchlist' });

export function watchlistRoutes(app: App, ctx: RouteContext): void {
  const svc = ctx.watchlists;
  app.get(
    '/api/v1/watchlists',
    {
      schema: {
        tags: ['watchlists'],
        summary: "The user's watchlists with their items' latest metrics",
        security: bearer,
        response: { 200: z.object({ items: z.array(watchlistSchema) }), ...errors(401) },
      },
    },
    async (request) => ({ items: await svc.list(request.userId) }),
  );
  app.post(
    '/api/v1/watchlists',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'Create a watchlist',
        security: bearer,
        body: z.strictObject({ name, symbols: z.array(symbolSchema).max(200).default([]) }),
        response: { 201: watchlistSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await svc.create(request.userId, request.body.name, request.body.symbols)),
  );
  app.get(
    '/api/v1/watchlists/:id',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'One watchlist',
        security: bearer,
        params: idParams,
        response: { 200: watchlistSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => svc.get(request.userId, request.params.id),
  );
  app.patch(
    '/api/v1/watchlists/:id',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'Rename a watchlist',
        security: bearer,
        params: idParams,
        body: z.strictObject({ name }),
        response: { 200: watchlistSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => svc.rename(request.userId, request.params.id, request.body.name),
  );
  app.delete(
    '/api/v1/watchlists/:id',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'Delete a watchlist',
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
  app.post(
    '/api/v1/watchlists/:id/items',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'Add a symbol (idempotent)',
        security: bearer,
        params: idParams,
        body: z.strictObject({ symbol: symbolSchema }),
        response: { 201: watchlistSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await svc.addItem(request.userId, request.params.id, request.body.symbol)),
  );
  app.delete(
    '/api/v1/watchlists/:id/items/:symbol',
    {
      schema: {
        tags: ['watchlists'],
        summary: 'Remove a symbol',
        security: bearer,
        params: z.strictObject({ id: uuidParam, symbol: symbolSchema }),
        response: { 204: emptyResponse, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await svc.removeItem(request.userId, request.params.id, request.params.symbol);
      return reply.code(204).send(null);
    },
  );
}
