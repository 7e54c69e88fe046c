import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { emptyResponse, errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { findUserById } from '../db/users.repository.ts';
import { PASSWORD_MAX } from '../services/auth/passwords.ts';
import type { RouteContext } from './context.ts';

export function meRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ bearer: [] }],
        response: {
          200: z.object({ id: z.string(), email: z.string(), createdAt: z.string() }),
          ...errors(401),
        },
      },
    },
    async (request) => {
      const user = await findUserById(ctx.dbs.app, request.userId);
      if (!user) throw notFound('User');
      return { id: user.id, email: user.email, createdAt: user.createdAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the password (needs the current one); ends every session',
        security: [{ bearer: [] }],
        body: z.strictObject({
          currentPassword: z
            .string()
            .min(1)
            .max(PASSWORD_MAX * 4),
          newPassword: z
            .string()
            .min(1)
            .max(PASSWORD_MAX * 4),
        }),
        response: { 204: emptyResponse, ...errors(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      await ctx.auth.changePassword(request.userId, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );
}
