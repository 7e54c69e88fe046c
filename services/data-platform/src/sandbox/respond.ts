// The small request/response model shared by the route handlers. Handlers are pure functions of the
// request (plus rate-limit state owned by the server), which keeps them easy to test and to reason
// about: no handler touches the socket.
import type { IncomingHttpHeaders } from 'node:http';

export interface SandboxRequest {
  readonly method: string;
  /** Path below the source prefix, still percent-encoded, e.g. `/v8/finance/chart/AAPL`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface SandboxResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

export function respond(
  status: number,
  contentType: string,
  body: Buffer | string,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body };
}

export function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
