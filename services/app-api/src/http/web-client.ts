/**
 * The web client's production build (services/frontend/dist), served on the API's own origin so the
 * refresh cookie stays first-party and no CORS is needed. Hashed assets are cached for a year; every
 * other path that is not the API answers with index.html (client-side routes such as /portfolios/42
 * survive a reload), while an unknown /api path keeps the API's JSON 404.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { AppError } from './errors.ts';
import type { App } from './types.ts';

// The client's own code and styles only; 'unsafe-inline' styles because the chart library sets
// element styles; data: images for the canvas snapshots and inline SVG icons.
const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const NOT_WEB = /^\/(api(\/|$)|healthz$|readyz$)/;

/** True when `root` holds a build (index.html); the caller says so in its log otherwise. */
export function hasWebBuild(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}

export async function registerWebClient(app: App, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false, // one route per built file: the catch-all below is ours
    index: false,
    cacheControl: false, // set below, per kind of file
    serveDotFiles: false,
  });
  app.get('/*', { schema: { hide: true }, config: { public: true } }, (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (NOT_WEB.test(url)) throw new AppError('NOT_FOUND', `There is no route ${request.method} ${url}`);
    return reply.sendFile('index.html');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (NOT_WEB.test(request.url)) return payload;
    void reply.header('content-security-policy', WEB_CSP);
    const immutable = request.url.startsWith('/assets/') && reply.statusCode === 200;
    void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return payload;
  });
}
