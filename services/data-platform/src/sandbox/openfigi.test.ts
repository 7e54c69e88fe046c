// OpenFIGI mapping over real HTTP: per-job results, request errors, API keys and the throttle.
import { describe, expect, it } from 'vitest';
import { burst, call, fixture, useSandbox, withSandbox, type Fetched } from './test-support.ts';

const sandbox = useSandbox();

/** POST /v3/mapping with `jobs` as the body (a string is sent as is). */
const mapping = (base: string, jobs: unknown, headers: Record<string, string> = {}): Promise<Fetched> =>
  call(base, '/v3/mapping', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof jobs === 'string' ? jobs : JSON.stringify(jobs),
  });

describe('openfigi', () => {
  it('answers every job in order: recorded, synthetic, warning and error items', async () => {
    const jobs = [
      { idType: 'TICKER', idValue: 'AAPL', exchCode: 'US' },
      { idType: 'TICKER', idValue: 'NOTFOUNDX' },
      { idType: 'NOPE', idValue: 'AAPL' },
      { idType: 'TICKER', idValue: 'MSFT', exchCode: 'US' },
      { idType: 'ID_ISIN', idValue: 'US0000000001' },
    ];
    const response = await mapping(sandbox.baseUrls.openfigi, jobs);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-policy')).toBe('25;w=60');
    expect(response.headers.get('ratelimit-limit')).toBe('25');
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
    const results = JSON.parse(response.text) as Record<string, unknown>[];
    expect(results).toHaveLength(jobs.length);
    const recorded = JSON.parse(
      fixture('openfigi', 'v3_mapping_TICKER_AAPL_exchCode_US_200.json').toString('utf8'),
    ) as unknown[];
    expect(results[0]).toEqual(recorded[0]);
    expect(results[1]).toEqual({ warning: 'No identifier found.' });
    expect(results[2]).toEqual({ error: 'Invalid value for idType.' });
    const msft = (results[3] as { data: Record<string, string>[] }).data[0] ?? {};
    expect(msft).toMatchObject({
      ticker: 'MSFT',
      exchCode: 'US',
      marketSector: 'Equity',
      name: 'MICROSOFT CORP',
    });
    expect(msft.figi).toMatch(/^BBG[0-9BCDFGHJKLMNPQRSTVWXYZ]{9}$/);
    expect(msft.figi).toBe(msft.compositeFIGI);
    expect(results[4]).toHaveProperty('data');
    // Deterministic ids.
    const again = await mapping(sandbox.baseUrls.openfigi, jobs);
    expect(again.text).toBe(response.text);
  });

  it('rejects bad bodies, too many jobs, invalid keys and unknown paths', async () => {
    const notJson = await mapping(sandbox.baseUrls.openfigi, 'not json');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('text/plain');
    const notArray = await mapping(sandbox.baseUrls.openfigi, { idType: 'TICKER', idValue: 'AAPL' });
    expect(notArray.status).toBe(400);
    const six = Array.from({ length: 6 }, () => ({ idType: 'TICKER', idValue: 'IBM' }));
    const tooMany = await mapping(sandbox.baseUrls.openfigi, six);
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers.get('content-type')).toContain('text/plain');
    const withKey = await mapping(sandbox.baseUrls.openfigi, six, { 'x-openfigi-apikey': 'good-key' });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-policy')).toBe('25;w=6');
    expect(JSON.parse(withKey.text)).toHaveLength(6);
    const hundredOne = Array.from({ length: 101 }, () => ({ idType: 'TICKER', idValue: 'IBM' }));
    expect(
      (await mapping(sandbox.baseUrls.openfigi, hundredOne, { 'x-openfigi-apikey': 'good-key' })).status,
    ).toBe(413);
    const badKey = await mapping(sandbox.baseUrls.openfigi, [{ idType: 'TICKER', idValue: 'AAPL' }], {
      'x-openfigi-apikey': 'INVALID',
    });
    expect(badKey.status).toBe(401);
    expect(badKey.headers.get('content-type')).toContain('text/html');
    expect(badKey.text).toBe('Invalid API key.');
    const unknown = await call(sandbox.baseUrls.openfigi, '/v3/invalid-endpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('Invalid url.');
  });
});

describe('rate limits', () => {
  it('throttles OpenFIGI after 25 requests per window with ratelimit headers', async () => {
    await withSandbox({ limits: true }, async (limited) => {
      const job = [{ idType: 'TICKER', idValue: 'IBM' }];
      const responses = await burst(26, () => mapping(limited.baseUrls.openfigi, job));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(25);
      const throttled = responses.find((r) => r.status === 429);
      expect(throttled?.text).toBe('Too Many Requests');
      expect(throttled?.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(throttled?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(throttled?.headers.get('ratelimit-reset')).toBe(throttled?.headers.get('retry-after'));
      // A key has its own 25-per-6-seconds window.
      const keyed = await mapping(limited.baseUrls.openfigi, job, { 'x-openfigi-apikey': 'k1' });
      expect(keyed.status).toBe(200);
      expect(keyed.headers.get('ratelimit-policy')).toBe('25;w=6');
    });
  });
});
