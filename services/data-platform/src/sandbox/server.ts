// One node:http server for all four sources, routed by path prefix. The server owns the per-instance
// state (request count, rate windows) so several sandboxes in one process never share limits; the
// handlers are pure functions of the request plus that state.
import http from 'node:http';
import { handleFx } from './fx.ts';
import { handleOpenFigi, OpenFigiLimits } from './openfigi.ts';
import { SlidingWindowLimiter } from './rate-window.ts';
import { respond, type SandboxRequest, type SandboxResponse } from './respond.ts';
import { handleSec } from './sec/handler.ts';
import { handleYahoo } from './yahoo/handler.ts';
import { yahooNotFound } from './yahoo/responses.ts';

export const PREFIXES = {
  yahoo: '/yahoo',
  secData: '/sec-data',
  secWww: '/sec-www',
  fx: '/fx/v1',
  openfigi: '/openfigi',
} as const;

export type SourceName = keyof typeof PREFIXES;

export interface SandboxServerOptions {
  /** Enforce the real APIs' rate limits (Yahoo 20/s, SEC 10/s, OpenFIGI 25 per 60 s or 6 s). */
  readonly limits: boolean;
  /** The bases to advertise on `GET /` (known only once the server listens). */
  readonly baseUrls: () => Readonly<Record<SourceName, string>>;
}

export interface SandboxServer {
  readonly server: http.Server;
  readonly requests: () => number;
}

/** Bodies above this are refused: no mapping request is anywhere near it. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function createSandboxServer(options: SandboxServerOptions): SandboxServer {
  let served = 0;
  // Yahoo publishes no limit; 20/s in any second approximates where its 429s start for scripted clients.
  const yahoo = { limits: options.limits, limiter: new SlidingWindowLimiter(20, 1000) };
  // One window for both SEC hosts.
  const sec = { limits: options.limits, limiter: new SlidingWindowLimiter(10, 1000) };
  const figiWindows = new OpenFigiLimits();

  const route = (request: SandboxRequest, pathname: string): SandboxResponse => {
    const under = (prefix: string): SandboxRequest | undefined =>
      pathname === prefix || pathname.startsWith(`${prefix}/`)
        ? { ...request, path: pathname.slice(prefix.length) || '/' }
        : undefined;
    let sub: SandboxRequest | undefined;
    if ((sub = under(PREFIXES.yahoo))) return handleYahoo(sub, yahoo);
    if ((sub = under(PREFIXES.secData))) return handleSec('data', sub, sec);
    if ((sub = under(PREFIXES.secWww))) return handleSec('www', sub, sec);
    if ((sub = under(PREFIXES.fx))) return handleFx(sub);
    if ((sub = under(PREFIXES.openfigi)))
      return handleOpenFigi(sub, { limits: options.limits, windows: figiWindows });
    if (pathname === '/' && request.method === 'GET') {
      const body = { name: 'fin-platform sandbox', limits: options.limits, baseUrls: options.baseUrls() };
      return respond(200, 'application/json', `${JSON.stringify(body, null, 2)}\n`);
    }
    if (pathname.startsWith('/v8/')) return yahooNotFound(); // a client configured without the /yahoo prefix
    return respond(
      404,
      'application/json',
      JSON.stringify({ error: 'Not Found', baseUrls: options.baseUrls() }),
    );
  };

  const server = http.createServer((req, res) => {
    served++;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      // Split by hand rather than with `new URL`: that would normalise dot segments and
      // percent-encoding, and the handlers must see the path exactly as the client sent it.
      const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
      const request: SandboxRequest = {
        method: req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'),
        path: pathname,
        query: new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      let response: SandboxResponse;
      try {
        response = tooLarge ? respond(413, 'text/plain', 'Payload Too Large') : route(request, pathname);
      } catch (error) {
        console.error('[sandbox] handler failed', req.method, target, error);
        response = respond(500, 'text/plain', 'Internal Server Error');
      }
      const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
      res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
      res.end(body);
    });
    req.on('error', () => {
      res.destroy();
    });
  });

  return { server, requests: () => served };
}
