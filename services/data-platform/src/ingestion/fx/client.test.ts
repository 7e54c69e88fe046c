import { afterEach, describe, expect, it } from 'vitest';
import { createTestLake } from '../../../test/ingest-harness.ts';
import { startScriptedServer, type ScriptedResponse } from '../../../test/scripted-server.ts';
import { createFxSource } from './client.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

// Frankfurter's documented time-series shape (start_date may precede the request: last working day).
const series = Buffer.from(
  '{"amount":1.0,"base":"EUR","start_date":"2026-02-06","end_date":"2026-02-17","rates":{"2026-02-06":{"GBP":0.8412,"JPY":162.5,"USD":1.0831},"2026-02-09":{"GBP":0.8409,"IDR":17290,"USD":1.0850}}}',
);

async function setup(answer: () => ScriptedResponse) {
  // Frankfurter puts the date range in the path, so one handler answers every path.
  const server = await startScriptedServer({ '*': answer });
  const lake = await createTestLake();
  cleanups.push(server.close, lake.cleanup);
  return {
    server,
    lake,
    source: createFxSource({ baseUrl: `${server.url}/v1`, timeoutMs: 1_000, requestsPerSecond: null }),
  };
}

describe('fx source (Frankfurter / ECB reference rates)', () => {
  it('fetches the full ECB history on the first run and a lookback window after, storing exact bytes', async () => {
    const { server, lake, source } = await setup(() => ({ body: series }));
    const first = await lake.ingest(source, [], '2026-02-16');
    expect(first.ok).toBe(true);
    expect(server.seen[0]?.url).toBe('/v1/1999-01-04..2026-02-16?base=EUR');
    await lake.ingest(source, [], '2026-02-17', { lookbackDays: 10 });
    expect(server.seen[1]?.url).toBe('/v1/2026-02-06..2026-02-17?base=EUR');
    expect((await lake.object('fx', 'rates', 'EUR'))?.equals(series)).toBe(true);
    // Re-running 2026-02-17 repeats its recorded window: identical bytes, nothing written.
    const again = await lake.ingest(source, [], '2026-02-17', { lookbackDays: 3 });
    expect(server.seen[2]?.url).toBe('/v1/2026-02-06..2026-02-17?base=EUR');
    expect(again.sources[0]).toMatchObject({ written: 0, unchanged: 1 });
  });

  it("reports Frankfurter's 422 and 404 JSON errors without retrying", async () => {
    const { server, lake, source } = await setup(() => ({ status: 422, body: '{"message":"invalid date"}' }));
    const result = await lake.ingest(source, []);
    expect(result.ok).toBe(false);
    expect(result.sources[0]?.failures[0]?.error).toContain('invalid date');
    expect(server.seen).toHaveLength(1);
  });

  it('refuses a body that is not an EUR time series', async () => {
    const { lake, source } = await setup(() => ({
      body: '{"amount":1.0,"base":"EUR","date":"2023-04-06","rates":{"USD":1.09}}',
    }));
    const result = await lake.ingest(source, []);
    expect(result.sources[0]?.failures[0]?.error).toMatch(/unexpected shape/);
    expect((await lake.manifest('fx', 'rates')).failures[0]?.kind).toBe('payload');
  });
});
