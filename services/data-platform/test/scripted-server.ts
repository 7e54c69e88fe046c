import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Wait this long before answering (timeouts). */
  readonly delayMs?: number;
  /** Drop the connection without answering (network errors). */
  readonly destroy?: boolean;
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
}

/**
 * A real HTTP server whose answers are scripted per path: each request to a path takes the next
 * response in its list (the last one repeats); `'*'` answers any other path. Used to drive clients
 * through 429s, 5xx, timeouts.
 */
export async function startScriptedServer(
  routes: Record<string, ScriptedResponse[] | ((req: SeenRequest) => ScriptedResponse)>,
) {
  const seen: SeenRequest[] = [];
  const counters = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const pathOnly = url.split('?')[0] ?? '/';
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      seen.push(request);
      const route = routes[pathOnly] ?? routes['*'];
      let response: ScriptedResponse;
      if (route === undefined) response = { status: 404, body: 'no such route' };
      else if (typeof route === 'function') response = route(request);
      else {
        const n = counters.get(pathOnly) ?? 0;
        counters.set(pathOnly, n + 1);
        response = route[Math.min(n, route.length - 1)] ?? { status: 500 };
      }
      const answer = (): void => {
        if (response.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
        res.end(response.body ?? '');
      };
      if (response.delayMs) setTimeout(answer, response.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
