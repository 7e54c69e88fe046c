// A small auth server for the session tests, speaking api-contract.md's auth routes: login sets the
// refresh cookie (HttpOnly, path /api/v1/auth); refresh rotates it (a used token stops working); access
// tokens are opaque strings the test can revoke to simulate expiry.
import { randomUUID } from 'node:crypto';
import { sendJson, startServer, type TestRequest, type TestServer } from './http-server.ts';

export interface AuthServer extends TestServer {
  baseUrl: string;
  /** Makes every access token issued so far invalid (as if they expired). */
  expireAccessTokens: () => void;
  /** Makes every refresh token invalid (as if the session was revoked). */
  revokeRefreshTokens: () => void;
  count: (method: string, path: string) => number;
}

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';

export const TEST_USER = { email: EMAIL, password: PASSWORD };

function cookieValue(header: string | undefined, name: string): string | undefined {
  return header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

export async function startAuthServer(
  extra?: (
    path: string,
    method: string,
    body: string,
    authorized: boolean,
  ) => { status: number; body: unknown } | undefined,
): Promise<AuthServer> {
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const issue = (status: number) => {
    const accessToken = `access-${randomUUID()}`;
    const refreshToken = `refresh-${randomUUID()}`;
    accessTokens.add(accessToken);
    refreshTokens.add(refreshToken);
    return {
      status,
      body: { user: { id: 'u1', email: EMAIL }, accessToken, expiresIn: 900, refreshToken },
      cookie: `finplat_refresh=${refreshToken}; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=2592000`,
    };
  };
  type Answer = { status: number; body: unknown; headers?: Record<string, string> };
  const error = (status: number, code: string, message: string): Answer => ({
    status,
    body: { error: { code, message } },
  });
  const session = (): Answer => {
    const issued = issue(200);
    return { status: issued.status, body: issued.body, headers: { 'set-cookie': issued.cookie } };
  };
  const route = (request: TestRequest): Answer => {
    const path = request.path.split('?')[0] ?? '';
    const bearer = request.headers.authorization?.replace(/^Bearer /, '');
    const authorized = bearer !== undefined && accessTokens.has(bearer);
    if (request.method === 'POST' && path === '/api/v1/auth/login') {
      const { email, password } = JSON.parse(request.body) as { email: string; password: string };
      if (email !== EMAIL || password !== PASSWORD)
        return error(401, 'UNAUTHENTICATED', 'Invalid email or password.');
      return session();
    }
    if (request.method === 'POST' && path === '/api/v1/auth/refresh') {
      const token = cookieValue(request.headers.cookie, 'finplat_refresh');
      if (!token || !refreshTokens.delete(token))
        return error(401, 'UNAUTHENTICATED', 'Refresh token invalid.');
      return session();
    }
    if (request.method === 'POST' && path === '/api/v1/auth/logout') {
      const token = cookieValue(request.headers.cookie, 'finplat_refresh');
      if (token) refreshTokens.delete(token);
      return {
        status: 204,
        body: undefined,
        headers: { 'set-cookie': 'finplat_refresh=; Path=/api/v1/auth; HttpOnly; Max-Age=0' },
      };
    }
    const answer = extra?.(path, request.method, request.body, authorized);
    if (answer) return answer;
    if (!authorized) return error(401, 'UNAUTHENTICATED', 'Sign in first.');
    if (request.method === 'GET' && path === '/api/v1/me')
      return { status: 200, body: { id: 'u1', email: EMAIL, createdAt: '2026-01-01T00:00:00Z' } };
    return error(404, 'NOT_FOUND', `No route ${request.method} ${path}`);
  };
  const server = await startServer((request, response) => {
    const answer = route(request);
    sendJson(response, answer.status, answer.body, answer.headers);
  });
  return {
    ...server,
    baseUrl: `${server.origin}/api/v1`,
    expireAccessTokens: () => accessTokens.clear(),
    revokeRefreshTokens: () => refreshTokens.clear(),
    count: (method, path) =>
      server.requests.filter((r) => r.method === method && r.path.split('?')[0] === `/api/v1${path}`).length,
  };
}
