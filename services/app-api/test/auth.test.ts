/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON whose shape is exactly what these tests assert */
/**
 * Auth against real Postgres: passwords (argon2id parameters read back from the stored PHC string,
 * policy), refresh rotation and reuse detection, logout and password change revocation, the JWT
 * negative suite, rate limits and identical answers for unknown and known accounts.
 */
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startHarness, type Harness } from './support/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    settings: {
      rateLimits: {
        authPerIp: { limit: 1000, windowMs: 60_000 },
        loginFailuresPerAccount: { limit: 3, windowMs: 60_000 },
      },
    },
  });
});
afterAll(async () => {
  await h.close();
});

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('registration and passwords', () => {
  it('stores argon2id with at least OWASP parameters, never the password, and sets the refresh cookie', async () => {
    const response = await post('/api/v1/auth/register', {
      email: 'Ada@Example.com',
      password: 'a long enough passphrase',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ user: { email: 'Ada@Example.com' }, expiresIn: 900 });
    expect(typeof body.refreshToken).toBe('string');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^finplat_refresh=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/v1/auth');
    const { rows } = await h.db.pool.query<{ password_hash: string }>(
      `select password_hash from app.users where email_key = 'ada@example.com'`,
    );
    const phc = rows[0]?.password_hash ?? '';
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/);
    const [, m, t] = /m=(\d+),t=(\d+)/.exec(phc) ?? [];
    expect(Number(m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
    expect(phc).not.toContain('passphrase');
    // the same email in another case is the same account
    expect(
      (await post('/api/v1/auth/register', { email: 'ada@example.com', password: 'another long passphrase' }))
        .statusCode,
    ).toBe(409);
  });

  it('enforces 8..128 characters untruncated and refuses common passwords', async () => {
    const tooShort = await post('/api/v1/auth/register', { email: 'short@example.com', password: 'abc1234' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.details[0]).toMatchObject({ path: 'body.password' });
    expect(
      (await post('/api/v1/auth/register', { email: 'common@example.com', password: 'Password123' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post('/api/v1/auth/register', { email: 'long@example.com', password: 'x'.repeat(129) }))
        .statusCode,
    ).toBe(400);
    // 128 characters are accepted, and the 128th matters (no truncation)
    const long = `${'y'.repeat(127)}A`;
    expect(
      (await post('/api/v1/auth/register', { email: 'long@example.com', password: long })).statusCode,
    ).toBe(201);
    expect(
      (await post('/api/v1/auth/login', { email: 'long@example.com', password: `${'y'.repeat(127)}B` }))
        .statusCode,
    ).toBe(401);
    expect((await post('/api/v1/auth/login', { email: 'long@example.com', password: long })).statusCode).toBe(
      200,
    );
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reuse of an old one revokes the whole family', async () => {
    const user = await signUp(h.app);
    const first = await post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const second = first.json<{ refreshToken: string; accessToken: string }>();
    expect(second.refreshToken).not.toBe(user.refreshToken);
    // the old token again: reuse → 401, and the newest token of the family is revoked too
    expect((await post('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refreshToken: second.refreshToken })).statusCode).toBe(401);
    const { rows } = await h.db.pool.query<{ hash: string }>(
      `select token_hash as hash from app.refresh_tokens limit 1`,
    );
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/); // only hashes are stored
  });

  it('work from the cookie, and logout revokes them', async () => {
    const user = await signUp(h.app);
    const viaCookie = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { finplat_refresh: user.refreshToken },
    });
    expect(viaCookie.statusCode).toBe(200);
    const token = viaCookie.json<{ refreshToken: string }>().refreshToken;
    const logout = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { finplat_refresh: token },
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/finplat_refresh=;/);
    expect((await post('/api/v1/auth/refresh', { refreshToken: token })).statusCode).toBe(401);
  });

  it('expire after their lifetime', async () => {
    const user = await signUp(h.app);
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 31 * 86_400_000);
    try {
      expect((await post('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    } finally {
      h.clock.now = saved;
    }
  });

  it('a password change needs the current password and ends every session', async () => {
    const user = await signUp(h.app, 'changer@example.com', 'first long passphrase');
    const other = await post('/api/v1/auth/login', {
      email: 'changer@example.com',
      password: 'first long passphrase',
    });
    const wrong = await post(
      '/api/v1/me/password',
      { currentPassword: 'nope nope nope', newPassword: 'second long passphrase' },
      user.headers,
    );
    expect(wrong.statusCode).toBe(422);
    const ok = await post(
      '/api/v1/me/password',
      { currentPassword: 'first long passphrase', newPassword: 'second long passphrase' },
      user.headers,
    );
    expect(ok.statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect(
      (
        await post('/api/v1/auth/refresh', {
          refreshToken: other.json<{ refreshToken: string }>().refreshToken,
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await post('/api/v1/auth/login', { email: 'changer@example.com', password: 'second long passphrase' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('access tokens (JWT negative suite)', () => {
  let user: Awaited<ReturnType<typeof signUp>>;
  let sub: string;
  beforeAll(async () => {
    user = await signUp(h.app);
    sub = (await h.app.inject({ url: '/api/v1/me', headers: user.headers })).json<{ id: string }>().id;
  });
  const me = (token: string) =>
    h.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  const sign = (claims: {
    iss?: string;
    aud?: string;
    typ?: string;
    exp?: number;
    nbf?: number;
    alg?: string;
    key?: Uint8Array;
  }) => {
    const now = Math.floor(h.clock.now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: claims.alg ?? 'HS256', typ: claims.typ ?? 'at+jwt' })
      .setSubject(sub)
      .setIssuer(claims.iss ?? 'finplat')
      .setAudience(claims.aud ?? 'finplat-api')
      .setIssuedAt(now)
      .setNotBefore(claims.nbf ?? now)
      .setExpirationTime(claims.exp ?? now + 600)
      .setJti('x')
      .sign(claims.key ?? h.settings.jwtSecret);
  };

  it('accepts a well-formed token and lives at most 15 minutes', async () => {
    expect((await me(user.accessToken)).statusCode).toBe(200);
    expect((await me(await sign({}))).statusCode).toBe(200);
    const [, payload] = user.accessToken.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
  });

  it('refuses alg none, another algorithm, wrong iss/aud/typ, expired, not yet valid, tampered, foreign key, a refresh token, and no token', async () => {
    const [header, payload, signature] = user.accessToken.split('.');
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${payload ?? ''}.`;
    const tamperedPayload = base64url.encode(
      JSON.stringify({
        ...JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))),
        sub: 'someone-else',
      }),
    );
    const now = Math.floor(h.clock.now.getTime() / 1000);
    const cases: [string, string][] = [
      ['alg none', none],
      ['HS512 with the same key', await sign({ alg: 'HS512' })],
      ['wrong issuer', await sign({ iss: 'evil' })],
      ['wrong audience', await sign({ aud: 'other-api' })],
      ['wrong typ', await sign({ typ: 'JWT' })],
      ['expired', await sign({ exp: now - 60 })],
      ['not yet valid', await sign({ nbf: now + 600 })],
      ['tampered payload', `${header ?? ''}.${tamperedPayload}.${signature ?? ''}`],
      [
        'another key',
        await sign({ key: new TextEncoder().encode('another-secret-another-secret-another-secret!!') }),
      ],
      ['a refresh token', user.refreshToken],
      ['garbage', 'not-a-token'],
    ];
    for (const [name, token] of cases) {
      const response = await me(token);
      expect(response.statusCode, name).toBe(401);
      expect(response.json().error.code, name).toBe('UNAUTHENTICATED');
    }
    expect((await h.app.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('expires with the clock', async () => {
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 16 * 60_000);
    try {
      expect((await me(user.accessToken)).statusCode).toBe(401);
    } finally {
      h.clock.now = saved;
    }
  });
});

describe('login rate limits and enumeration', () => {
  it('answers unknown and known accounts the same way, then limits per account with Retry-After', async () => {
    await signUp(h.app, 'known@example.com', 'the right passphrase');
    const known = await post('/api/v1/auth/login', {
      email: 'known@example.com',
      password: 'a wrong passphrase',
    });
    const unknown = await post('/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: 'a wrong passphrase',
    });
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(known.body).toBe(unknown.body);
    // limit 3 failures per account (test setting): two more, then 429 even with the right password
    await post('/api/v1/auth/login', { email: 'known@example.com', password: 'a wrong passphrase' });
    await post('/api/v1/auth/login', { email: 'known@example.com', password: 'a wrong passphrase' });
    const limited = await post('/api/v1/auth/login', {
      email: 'known@example.com',
      password: 'the right passphrase',
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // the window passes
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 61_000);
    try {
      expect(
        (await post('/api/v1/auth/login', { email: 'known@example.com', password: 'the right passphrase' }))
          .statusCode,
      ).toBe(200);
    } finally {
      h.clock.now = saved;
    }
  });
});

describe('per-IP limit', () => {
  it('limits register and login attempts from one address', async () => {
    const strict = await startHarness({
      seed: false,
      settings: {
        rateLimits: {
          authPerIp: { limit: 2, windowMs: 60_000 },
          loginFailuresPerAccount: { limit: 100, windowMs: 60_000 },
        },
      },
    });
    try {
      const attempt = () =>
        strict.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'x@example.com', password: 'whatever you like' },
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});
