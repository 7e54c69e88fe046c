import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { PASSWORD_MAX } from '../services/auth/passwords.ts';
import type { Session } from '../services/auth/auth.service.ts';
import { errors, emptyResponse } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { RouteContext } from './context.ts';

export const REFRESH_COOKIE = 'finplat_refresh';
const COOKIE_PATH = '/api/v1/auth';

const credentials = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(254),
  // Length rules are checked by the password policy (with a clear message); this only bounds input.
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX * 4),
});

const sessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string() }),
    accessToken: z.string(),
    expiresIn: z.number().int().describe('seconds'),
    refreshToken: z.string(),
  })
  .meta({ id: 'Session' });

// Browsers send no body (the cookie carries the token): Fastify then hands the validator null.
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200).optional() }).nullish();

export function authRoutes(app: App, ctx: RouteContext): void {
  const sendSession = (reply: FastifyReply, session: Session, status: 200 | 201) =>
    reply
      .setCookie(REFRESH_COOKIE, session.refreshToken, {
        httpOnly: true,
        secure: ctx.settings.cookieSecure,
        sameSite: 'strict',
        path: COOKIE_PATH,
        expires: session.refreshExpiresAt,
      })
      .code(status)
      .send({
        user: session.user,
        accessToken: session.accessToken,
        expiresIn: session.expiresIn,
        refreshToken: session.refreshToken,
      });

  app.post(
    '/api/v1/auth/register',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: credentials,
        response: { 201: sessionSchema, ...errors(400, 409, 429) },
      },
    },
    async (request, reply) =>
      sendSession(reply, await ctx.auth.register(request.body.email, request.body.password, request.ip), 201),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        body: credentials,
        response: { 200: sessionSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(reply, await ctx.auth.login(request.body.email, request.body.password, request.ip), 200),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token (cookie or body) for a new session; the old token is used up',
        body: refreshBody,
        response: { 200: sessionSchema, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      return sendSession(reply, await ctx.auth.refresh(token), 200);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "End the session: revoke the refresh token's family",
        body: refreshBody,
        response: { 204: emptyResponse, ...errors(400) },
      },
    },
    async (request, reply) => {
      await ctx.auth.logout(request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE]);
      return reply
        .clearCookie(REFRESH_COOKIE, {
          path: COOKIE_PATH,
          httpOnly: true,
          secure: ctx.settings.cookieSecure,
          sameSite: 'strict',
        })
        .code(204)
        .send(null);
    },
  );
}
