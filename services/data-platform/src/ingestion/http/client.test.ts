import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer } from '../../../test/scripted-server.ts';
import { SourceHttpClient, type RetryEvent } from './client.ts';
import { SourceRequestError } from './errors.ts';
import { backoffDelayMs, serverRequestedDelayMs } from './retry.ts';

const fastRetry = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxServerDelayMs: 5_000 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

function client(extra: Partial<ConstructorParameters<typeof SourceHttpClient>[0]> = {}) {
  const retries: RetryEvent[] = [];
  const c = new SourceHttpClient({
    source: 'test',
    limit: { requestsPerSecond: null, burst: 1, concurrency: 4 },
    retry: fastRetry,
    timeoutMs: 2_000,
    ...extra,
  });
  c.on('retry', (e) => retries.push(e));
  return { c, retries };
}

describe('SourceHttpClient', () => {
  it('returns the body byte for byte with status, content type and attempts', async () => {
    const body = Buffer.from([0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x3a, 0x31, 0x7d, 0x0a]); // {"é":1}\n in UTF-8
    const server = await startScriptedServer({
      '/x': [{ status: 200, body, headers: { 'content-type': 'application/json;charset=utf-8' } }],
    });
    close = server.close;
    const res = await client().c.request({ url: `${server.url}/x` });
    expect(res.body.equals(body)).toBe(true);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json;charset=utf-8');
    expect(res.attempts).toBe(1);
  });

  it('retries a 429 honouring Retry-After in seconds, then succeeds', async () => {
    const server = await startScriptedServer({
      '/x': [
        { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
        { status: 200, body: '{}' },
      ],
    });
    close = server.close;
    const { c, retries } = client();
    const res = await c.request({ url: `${server.url}/x` });
    expect(res.attempts).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.delayMs).toBe(1000);
    const gap = (server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('retries a 429 without Retry-After using jittered backoff', async () => {
    const server = await startScriptedServer({
      '/x': [
        { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain' } },
        { status: 429 },
        { status: 200, body: '{}' },
      ],
    });
    close = server.close;
    const { c, retries } = client();
    const res = await c.request({ url: `${server.url}/x` });
    expect(res.attempts).toBe(3);
    expect(retries.map((r) => r.delayMs).every((d) => d >= 0 && d <= 100)).toBe(true);
    expect(retries[0]?.reason).toContain('no Retry-After');
  });

  it('honours Retry-After as an HTTP-date and RateLimit-Reset', () => {
    const now = Date.parse('2026-02-17T12:00:00Z');
    expect(serverRequestedDelayMs(new Headers({ 'retry-after': 'Tue, 17 Feb 2026 12:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(serverRequestedDelayMs(new Headers({ 'ratelimit-reset': '7' }), now)).toBe(7000);
    expect(serverRequestedDelayMs(new Headers({ 'retry-after': '2', 'ratelimit-reset': '7' }), now)).toBe(
      2000,
    );
    expect(serverRequestedDelayMs(new Headers({}), now)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000, maxServerDelayMs: 1 };
    expect(backoffDelayMs(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 8, () => 0.999)).toBe(999);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });

  it('retries 5xx then succeeds', async () => {
    const server = await startScriptedServer({
      '/x': [{ status: 503 }, { status: 502 }, { status: 200, body: '{"ok":true}' }],
    });
    close = server.close;
    const res = await client().c.request({ url: `${server.url}/x` });
    expect(res.attempts).toBe(3);
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it('does not retry other 4xx and names source, url and status', async () => {
    const server = await startScriptedServer({
      '/x': [
        {
          status: 404,
          body: '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}',
        },
      ],
    });
    close = server.close;
    const error = await client()
      .c.request({ url: `${server.url}/x?apikey=secret123` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceRequestError);
    const e = error as SourceRequestError;
    expect(e.status).toBe(404);
    expect(e.attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
    expect(e.message).toContain('test: GET');
    expect(e.message).toContain('HTTP 404');
    expect(e.message).toContain('No data found, symbol may be delisted');
    expect(e.message).toContain('apikey=REDACTED');
    expect(e.message).not.toContain('secret123');
  });

  it('times out a slow response and retries it', async () => {
    const server = await startScriptedServer({
      '/x': [{ delayMs: 1500, body: '{}' }, { body: '{"late":false}' }],
    });
    close = server.close;
    const { c } = client({ timeoutMs: 300 });
    const res = await c.request({ url: `${server.url}/x` });
    expect(res.attempts).toBe(2);
    expect(res.body.toString()).toBe('{"late":false}');
  });

  it('gives up after maxAttempts with the last failure kind', async () => {
    const server = await startScriptedServer({ '/x': [{ destroy: true }] });
    close = server.close;
    const error = (await client()
      .c.request({ url: `${server.url}/x` })
      .catch((e: unknown) => e)) as SourceRequestError;
    expect(error).toBeInstanceOf(SourceRequestError);
    expect(error.kind).toBe('network');
    expect(error.attempts).toBe(4);
    expect(server.seen).toHaveLength(4);
  });

  it('fails fast when the server asks for a wait longer than allowed', async () => {
    const server = await startScriptedServer({ '/x': [{ status: 429, headers: { 'retry-after': '600' } }] });
    close = server.close;
    const error = (await client()
      .c.request({ url: `${server.url}/x` })
      .catch((e: unknown) => e)) as SourceRequestError;
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/wait 600 s/);
    expect(server.seen).toHaveLength(1);
  });

  it('treats a source-recognised throttle page as a rate limit', async () => {
    const server = await startScriptedServer({
      '/x': [
        {
          status: 403,
          body: '<html>Request Rate Threshold Exceeded</html>',
          headers: { 'content-type': 'text/html' },
        },
        { body: '{}' },
      ],
    });
    close = server.close;
    const { c } = client({
      throttle: (_s, body) =>
        body.includes('Threshold Exceeded') ? { delayMs: 50, reason: 'throttled' } : undefined,
    });
    const res = await c.request({ url: `${server.url}/x` });
    expect(res.attempts).toBe(2);
  });

  it('keeps to the rate limit and the concurrency cap', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await startScriptedServer({
      '/x': () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => (inFlight -= 1), 40);
        return { delayMs: 40, body: '{}' };
      },
    });
    close = server.close;
    const limited = new SourceHttpClient({
      source: 't',
      limit: { requestsPerSecond: 20, burst: 1, concurrency: 2 },
      timeoutMs: 2_000,
    });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 11 }, () => limited.request({ url: `${server.url}/x` })));
    const elapsed = Date.now() - t0;
    expect(maxInFlight).toBeLessThanOrEqual(2);
    // 11 requests at 20/s with a burst of 1 need at least 10 intervals of 50 ms.
    expect(elapsed).toBeGreaterThanOrEqual(480);
  });
});
