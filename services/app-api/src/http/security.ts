/**
 * Response headers (ASVS V3.4, OWASP API8) and a CORS allow-list. An Origin not on the list gets no
 * CORS headers at all (the browser then blocks the read); a listed one is echoed with credentials.
 */
import type { App } from './types.ts';

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function registerSecurity(app: App, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    void reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-credentials', 'true')
      .header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      return reply
        .header('access-control-allow-methods', 'GET, POST, PATCH, DELETE')
        .header('access-control-allow-headers', 'authorization, content-type, if-none-match')
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
    return undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const isDocs = request.url.startsWith('/api/docs');
    void reply
      .header('strict-transport-security', 'max-age=31536000; includeSubDomains')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', isDocs ? DOCS_CSP : API_CSP);
    }
    // Private by default: only market-data routes opt into caching (with their own header).
    if (!reply.hasHeader('cache-control'))
      void reply.header('cache-control', isDocs ? 'no-cache' : 'no-store');
    return payload;
  });
}
