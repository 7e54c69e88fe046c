import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestLake, listings } from '../../../test/ingest-harness.ts';
import {
  startScriptedServer,
  type ScriptedResponse,
  type SeenRequest,
} from '../../../test/scripted-server.ts';
import { createOpenFigiSource, mappingJob } from './client.ts';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, 'fixtures', name));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

type Job = { idValue: string };
const echo = (req: SeenRequest): ScriptedResponse => {
  const jobs = JSON.parse(req.body) as Job[];
  return {
    body: JSON.stringify(
      jobs.map((j) =>
        j.idValue.startsWith('NOTFOUND')
          ? { warning: 'No identifier found.' }
          : { data: [{ figi: `BBG-${j.idValue}` }] },
      ),
    ),
  };
};

async function setup(route: ((req: SeenRequest) => ScriptedResponse) | ScriptedResponse[], apiKey?: string) {
  const server = await startScriptedServer({ '/v3/mapping': route });
  const lake = await createTestLake();
  cleanups.push(server.close, lake.cleanup);
  const source = createOpenFigiSource({
    baseUrl: server.url,
    apiKey,
    timeoutMs: 1_000,
  });
  return { server, lake, source };
}

const twelve = listings(
  'AAPL',
  'MSFT',
  'BRK-B',
  'HSBA.L',
  'SAP.DE',
  '7203.T',
  'FPH.NZ',
  'NVDA',
  'AMZN',
  'META',
  'TSLA',
  'JPM',
);

describe('openfigi source', () => {
  it('maps Yahoo symbols to TICKER jobs with Bloomberg exchange codes', () => {
    expect(mappingJob({ symbol: 'AAPL', kind: 'equity' })).toEqual({
      idType: 'TICKER',
      idValue: 'AAPL',
      exchCode: 'US',
    });
    expect(mappingJob({ symbol: 'BRK-B', kind: 'equity' })).toEqual({
      idType: 'TICKER',
      idValue: 'BRK/B',
      exchCode: 'US',
    });
    expect(mappingJob({ symbol: 'HSBA.L', kind: 'equity' })).toMatchObject({
      idValue: 'HSBA',
      exchCode: 'LN',
    });
    expect(mappingJob({ symbol: 'SAP.DE', kind: 'equity' })).toMatchObject({
      idValue: 'SAP',
      exchCode: 'GY',
    });
    expect(mappingJob({ symbol: '7203.T', kind: 'equity' })).toMatchObject({
      idValue: '7203',
      exchCode: 'JT',
    });
    expect(mappingJob({ symbol: 'FPH.NZ', kind: 'equity' })).toMatchObject({
      idValue: 'FPH',
      exchCode: 'NZ',
    });
  });

  it('sends 5 jobs per request without a key and stores each batch with its request body', async () => {
    const { server, lake, source } = await setup(echo);
    const result = await lake.ingest(source, twelve);
    expect(result.ok).toBe(true);
    // The documented 25 requests per minute is a window, not a drip: three batches go out at once.
    const times = server.seen.map((r) => r.at);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(1_000);
    expect(server.seen.map((r) => (JSON.parse(r.body) as Job[]).length)).toEqual([5, 5, 2]);
    expect(
      server.seen.every(
        (r) =>
          r.method === 'POST' &&
          r.headers['content-type'] === 'application/json' &&
          r.headers['x-openfigi-apikey'] === undefined,
      ),
    ).toBe(true);
    const m = await lake.manifest('openfigi', 'mapping');
    expect(m.objects).toHaveLength(3);
    for (const o of m.objects) expect(o.requestBody).toMatch(/^\[\{"idType":"TICKER"/);
  });

  it('sends up to 100 jobs per request with the X-OPENFIGI-APIKEY header when a key is set', async () => {
    const { server, lake, source } = await setup(echo, 'k-123');
    await lake.ingest(source, twelve);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.headers['x-openfigi-apikey']).toBe('k-123');
  });

  it('stores the recorded AAPL mapping byte for byte; per-job warnings are notes, not failures', async () => {
    const aapl = await fixture('v3_mapping_TICKER_AAPL_exchCode_US_200.json');
    const { lake, source } = await setup([{ body: aapl }]);
    const first = await lake.ingest(source, listings('AAPL'));
    expect(first.ok).toBe(true);
    const m = await lake.manifest('openfigi', 'mapping');
    const object = await lake.store.get(
      `bronze/source=openfigi/dataset=mapping/dt=2026-02-17/${m.objects[0]?.object ?? ''}`,
    );
    expect(object?.body.equals(aapl)).toBe(true);

    const { lake: lake2, source: source2 } = await setup(echo);
    const second = await lake2.ingest(source2, listings('AAPL', 'NOTFOUNDX'));
    expect(second.ok).toBe(true);
    expect((await lake2.manifest('openfigi', 'mapping')).notes.map((n) => n.message)).toEqual([
      'NOTFOUNDX: warning: No identifier found.',
    ]);
  });

  it('waits for ratelimit-reset on a 429 and then succeeds', async () => {
    const { server, lake, source } = await setup([
      {
        status: 429,
        headers: { 'ratelimit-reset': '1', 'content-type': 'text/plain' },
        body: 'Too Many Requests',
      },
      { body: '[{"data":[{"figi":"BBG000B9XRY4"}]}]' },
    ]);
    const result = await lake.ingest(source, listings('AAPL'));
    expect(result.ok).toBe(true);
    expect((server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('reports an invalid API key (401 text/html) and a positional mismatch clearly', async () => {
    const { lake, source } = await setup(
      [
        {
          status: 401,
          headers: { 'content-type': 'text/html' },
          body: await fixture('v3_mapping_invalid_apikey_401.txt'),
        },
      ],
      'INVALID',
    );
    const result = await lake.ingest(source, listings('AAPL'));
    expect(result.sources[0]?.failures[0]?.error).toMatch(/HTTP 401.*Invalid API key\./);

    const { lake: lake2, source: source2 } = await setup([{ body: '[{"data":[]}]' }]);
    const mismatch = await lake2.ingest(source2, listings('AAPL', 'MSFT'));
    expect(mismatch.sources[0]?.failures[0]?.error).toContain('1 results for 2 jobs');
  });
});
