import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** true: reachable without an access token. Every other route requires one. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated user (set by the auth hook on non-public routes). */
    userId: string;
  }
}
