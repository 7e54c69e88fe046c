import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestLake, listings } from '../../../test/ingest-harness.ts';
import { startScriptedServer } from '../../../test/scripted-server.ts';
import { createYahooSource } from './client.ts';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, 'fixtures', name));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(routes: Parameters<typeof startScriptedServer>[0]) {
  const server = await startScriptedServer(routes);
  const lake = await createTestLake();
  cleanups.push(server.close, lake.cleanup);
  const source = createYahooSource({ baseUrl: server.url, timeoutMs: 1_000, requestsPerSecond: null });
  return { server, lake, source };
}

describe('yahoo source', () => {
  it('lands the recorded chart bytes exactly at bronze/source=yahoo/dataset=prices/dt=…/AAPL.json', async () => {
    const aapl = await fixture('chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json');
    const { server, lake, source } = await setup({
      '/v8/finance/chart/AAPL': [
        { body: aapl, headers: { 'content-type': 'application/json;charset=utf-8' } },
      ],
    });
    const result = await lake.ingest(source, listings('AAPL'));
    expect(result.ok).toBe(true);
    expect((await lake.object('yahoo', 'prices', 'AAPL'))?.equals(aapl)).toBe(true);
    const request = server.seen[0];
    const query = new URL(`http://x${request?.url ?? ''}`).searchParams;
    // First run: full history from the configured start; period2 exclusive, the day after the run date.
    expect(query.get('period1')).toBe(String(Date.parse('2000-01-01T00:00:00Z') / 1000));
    expect(query.get('period2')).toBe(String(Date.parse('2026-02-18T00:00:00Z') / 1000));
    expect(query.get('interval')).toBe('1d');
    expect(query.get('events')).toBe('div|split');
    expect(request?.headers['user-agent']).toMatch(/Mozilla\/5\.0/);
    const m = await lake.manifest('yahoo', 'prices');
    expect(m.objects[0]).toMatchObject({
      key: 'AAPL',
      httpStatus: 200,
      contentType: 'application/json;charset=utf-8',
      bytes: aapl.byteLength,
    });
  });

  it('fetches only a lookback window once a symbol has history', async () => {
    const body = await fixture('chart_MSFT_1d_2021-02-01_to_2022-01-31_dividends_eventsDiv.json');
    const { server, lake, source } = await setup({ '/v8/finance/chart/MSFT': [{ body }] });
    await lake.ingest(source, listings('MSFT'), '2026-02-16');
    await lake.ingest(source, listings('MSFT'), '2026-02-17', { lookbackDays: 10 });
    const second = new URL(`http://x${server.seen[1]?.url ?? ''}`).searchParams;
    expect(second.get('period1')).toBe(String(Date.parse('2026-02-06T00:00:00Z') / 1000));
    expect(second.get('period2')).toBe(String(Date.parse('2026-02-18T00:00:00Z') / 1000));
  });

  it('a lookback window with no corporate action stays a lookback fetch', async () => {
    const body = await fixture('chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const { server, lake, source } = await setup({ '/v8/finance/chart/OCDO.L': [{ body }] });
    await lake.ingest(source, listings('OCDO.L'), '2026-02-16');
    const second = await lake.ingest(source, listings('OCDO.L'), '2026-02-17');
    expect(server.seen).toHaveLength(2);
    expect(second.sources[0]?.planned).toBe(1);
  });

  it('a split or dividend inside the lookback window triggers a full-history re-fetch (Yahoo re-adjusts all history)', async () => {
    const plain = await fixture('chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const withSplit = await fixture('chart_NVDA_1d_2021-02-01_to_2022-01-31_split4to1_eventsSplit.json');
    const full = await fixture('chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json');
    const { server, lake, source } = await setup({
      '/v8/finance/chart/NVDA': [{ body: plain }, { body: withSplit }, { body: full }],
    });
    await lake.ingest(source, listings('NVDA'), '2026-02-16');
    const second = await lake.ingest(source, listings('NVDA'), '2026-02-17');
    expect(second.ok).toBe(true);
    const urls = server.seen.map((r) => new URL(`http://x${r.url}`).searchParams.get('period1'));
    expect(urls).toEqual([
      String(Date.parse('2000-01-01T00:00:00Z') / 1000),
      String(Date.parse('2026-02-06T00:00:00Z') / 1000),
      String(Date.parse('2000-01-01T00:00:00Z') / 1000),
    ]);
    const m = await lake.manifest('yahoo', 'prices');
    const current = m.objects.find((o) => o.object === m.current.NVDA);
    expect(current?.url).toContain(`period1=${Date.parse('2000-01-01T00:00:00Z') / 1000}`);
    expect(m.objects).toHaveLength(2); // the window capture and the full one: both kept
  });

  it('re-running a date repeats the window of its current payload, so an unchanged source is a no-op', async () => {
    const body = await fixture('chart_MSFT_1d_2021-02-01_to_2022-01-31_dividends_eventsDiv.json');
    const { server, lake, source } = await setup({ '/v8/finance/chart/MSFT': [{ body }] });
    await lake.ingest(source, listings('MSFT'), '2026-02-17');
    const again = await lake.ingest(source, listings('MSFT'), '2026-02-17');
    expect(server.seen[1]?.url).toBe(server.seen[0]?.url);
    expect(again.sources[0]).toMatchObject({ written: 0, unchanged: 1 });
  });

  it("a 404 symbol among good ones fails alone and is recorded with Yahoo's reason", async () => {
    const si = await fixture('chart_error_404_SI_no_data_found.json');
    const good = await fixture('chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const { lake, source } = await setup({
      '/v8/finance/chart/SI': [{ status: 404, body: si }],
      '/v8/finance/chart/OCDO.L': [{ body: good }],
      '/v8/finance/chart/WSU.DE': [
        { body: await fixture('chart_WSU.DE_1d_2023-08-04_to_2023-08-09_EUR_nullrow_rec2023.json') },
      ],
    });
    const result = await lake.ingest(source, listings('OCDO.L', 'SI', 'WSU.DE'));
    expect(result.ok).toBe(false);
    const [summary] = result.sources;
    expect(summary).toMatchObject({ written: 2, failed: 1 });
    expect(summary?.failures[0]?.key).toBe('SI');
    expect(summary?.failures[0]?.error).toContain('No data found, symbol may be delisted');
    const m = await lake.manifest('yahoo', 'prices');
    expect(Object.keys(m.current).sort()).toEqual(['OCDO.L', 'WSU.DE']);
    expect(m.failures).toHaveLength(1);
    expect(m.failures[0]).toMatchObject({ key: 'SI', httpStatus: 404, kind: 'http', attempts: 1 });
  });

  it('a malformed body is refused, kept under _rejected/, and does not replace the earlier good payload', async () => {
    const good = await fixture('chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const truncated = good.subarray(0, 200);
    const { lake, source } = await setup({
      '/v8/finance/chart/OCDO.L': [{ body: good }, { body: truncated }],
    });
    await lake.ingest(source, listings('OCDO.L'));
    const second = await lake.ingest(source, listings('OCDO.L'));
    expect(second.ok).toBe(false);
    expect(second.sources[0]?.failures[0]?.error).toMatch(/not valid JSON/);
    const m = await lake.manifest('yahoo', 'prices');
    expect(m.current['OCDO.L']).toBe('OCDO.L.json');
    expect(m.failures[0]?.kind).toBe('payload');
    const rejected = await lake.store.get(
      `bronze/source=yahoo/dataset=prices/dt=2026-02-17/${m.failures[0]?.rejectedObject ?? ''}`,
    );
    expect(rejected?.body.equals(truncated)).toBe(true);
  });

  it("retries Yahoo's plain-text 429 (no Retry-After) and a 5xx, then stores the payload", async () => {
    const body = await fixture('chart_NVDA_1d_2021-02-01_to_2022-01-31_split4to1_eventsSplit.json');
    const { lake, source } = await setup({
      '/v8/finance/chart/NVDA': [
        { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain' } },
        { status: 502, body: 'bad gateway' },
        { body },
      ],
    });
    const result = await lake.ingest(source, listings('NVDA'));
    expect(result.ok).toBe(true);
    expect(result.sources[0]?.retries).toBe(2);
    expect((await lake.manifest('yahoo', 'prices')).objects[0]?.attempts).toBe(3);
  });

  it('a chart error envelope served with HTTP 200 is a failure, not a payload', async () => {
    const { lake, source } = await setup({
      '/v8/finance/chart/BFLY': [
        { status: 200, body: await fixture('chart_error_400_BFLY_data_doesnt_exist_for_range.json') },
      ],
    });
    const result = await lake.ingest(source, listings('BFLY'));
    expect(result.sources[0]?.failures[0]?.error).toContain("Data doesn't exist for startDate");
  });
});
