// The session flow against a real HTTP server: sign in, silent refresh on 401 (once, shared by concurrent
// requests), a clean end when refreshing fails, restore from the cookie, sign out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAuthServer, TEST_USER, type AuthServer } from '../testing/auth-server.ts';
import { createCookieFetch } from '../testing/cookie-fetch.ts';
import { createApiClient, type ApiClient, type SessionChange } from './api-client.ts';
import { ApiError } from './api-error.ts';

let server: AuthServer;
let clients: ApiClient[];

beforeEach(async () => {
  server = await startAuthServer();
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.dispose();
  await server.close();
});

function newClient(jar = createCookieFetch()) {
  const client = createApiClient({ baseUrl: server.baseUrl, fetch: jar.fetch });
  clients.push(client);
  const changes: SessionChange[] = [];
  client.subscribe((change) => changes.push(change));
  return { client, jar, changes };
}

describe('api client session', () => {
  it('signs in, keeps the refresh token in the cookie only for /api/v1/auth, and sends the Bearer token', async () => {
    const { client, jar } = newClient();
    const session = await client.login(TEST_USER.email, TEST_USER.password);
    expect(session.user.email).toBe(TEST_USER.email);
    expect(jar.cookies.get('finplat_refresh')?.path).toBe('/api/v1/auth');
    const me = await client.request<{ email: string }>('/me');
    expect(me.email).toBe(TEST_USER.email);
    const meRequest = server.requests.find((r) => r.path === '/api/v1/me');
    expect(meRequest?.headers.authorization).toBe(`Bearer ${session.accessToken}`);
    expect(meRequest?.headers.cookie).toBeUndefined();
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const { client } = newClient();
    const first = await client.login(TEST_USER.email, TEST_USER.password);
    server.expireAccessTokens();
    const me = await client.request<{ email: string }>('/me');
    expect(me.email).toBe(TEST_USER.email);
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    expect(client.getSession()?.accessToken).not.toBe(first.accessToken);
  });

  it('shares one refresh among concurrent requests that meet 401', async () => {
    const { client } = newClient();
    await client.login(TEST_USER.email, TEST_USER.password);
    server.expireAccessTokens();
    const answers = await Promise.all([client.request('/me'), client.request('/me'), client.request('/me')]);
    expect(answers).toHaveLength(3);
    // A second refresh would have used the rotated (now invalid) cookie and failed.
    expect(server.count('POST', '/auth/refresh')).toBe(1);
  });

  it('ends the session as expired when the refresh is refused, without looping', async () => {
    const { client, changes } = newClient();
    await client.login(TEST_USER.email, TEST_USER.password);
    server.expireAccessTokens();
    server.revokeRefreshTokens();
    const error = await client.request('/me').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    expect(server.count('GET', '/me')).toBe(1);
    expect(client.getSession()).toBeNull();
    expect(changes.at(-1)).toEqual({ session: null, reason: 'expired' });
  });

  it('restores a session from the refresh cookie after a reload', async () => {
    const first = newClient();
    await first.client.login(TEST_USER.email, TEST_USER.password);
    // A new client with the same cookie jar is a reloaded tab: no token in memory, the cookie survives.
    const reloaded = newClient(first.jar);
    expect(reloaded.client.getSession()).toBeNull();
    const session = await reloaded.client.refresh();
    expect(session?.user.email).toBe(TEST_USER.email);
    expect((await reloaded.client.request<{ email: string }>('/me')).email).toBe(TEST_USER.email);
  });

  it('signs out: the server is told, the cookie is cleared, listeners hear why', async () => {
    const { client, jar, changes } = newClient();
    await client.login(TEST_USER.email, TEST_USER.password);
    await client.logout();
    expect(server.count('POST', '/auth/logout')).toBe(1);
    expect(jar.cookies.has('finplat_refresh')).toBe(false);
    expect(changes.at(-1)).toEqual({ session: null, reason: 'signed-out' });
    expect(await client.refresh()).toBeNull();
  });

  it('reports refused credentials with the API error', async () => {
    const { client } = newClient();
    const error = await client.login(TEST_USER.email, 'wrong password').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('UNAUTHENTICATED');
    expect(server.count('POST', '/auth/refresh')).toBe(0);
  });
});
