// The server as a whole: the index, the advertised base URLs and the request count, and that
// `limits: false` turns every throttle off.
import { describe, expect, it } from 'vitest';
import { call, chartPath, UA, useSandbox } from './test-support.ts';

const sandbox = useSandbox();

describe('sandbox server', () => {
  it('listens on a free port and indexes the base URLs', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.baseUrls).toEqual({
      yahoo: `${sandbox.url}/yahoo`,
      secData: `${sandbox.url}/sec-data`,
      secWww: `${sandbox.url}/sec-www`,
      fx: `${sandbox.url}/fx/v1`,
      openfigi: `${sandbox.url}/openfigi`,
    });
    const before = sandbox.requests();
    const index = await call(sandbox.url, '/');
    expect(index.status).toBe(200);
    expect((JSON.parse(index.text) as { baseUrls: unknown }).baseUrls).toEqual(sandbox.baseUrls);
    expect(sandbox.requests()).toBe(before + 1);
  });
});

describe('rate limits', () => {
  it('never throttles with limits: false', async () => {
    const yahoo = await Promise.all(
      Array.from({ length: 40 }, () =>
        call(sandbox.baseUrls.yahoo, chartPath('SI', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z')),
      ),
    );
    expect(yahoo.every((r) => r.status === 404)).toBe(true);
    const sec = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(sandbox.baseUrls.secData, '/submissions/CIK0000000001.json', { headers: UA }),
      ),
    );
    expect(sec.every((r) => r.status === 404)).toBe(true);
    const figi = await Promise.all(
      Array.from({ length: 30 }, () =>
        call(sandbox.baseUrls.openfigi, '/v3/mapping', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-openfigi-apikey': 'unlimited' },
          body: '[{"idType":"TICKER","idValue":"IBM"}]',
        }),
      ),
    );
    expect(figi.every((r) => r.status === 200)).toBe(true);
  });
});
