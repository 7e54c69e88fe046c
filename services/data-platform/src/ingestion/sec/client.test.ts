import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestLake, listings } from '../../../test/ingest-harness.ts';
import { startScriptedServer, type ScriptedResponse } from '../../../test/scripted-server.ts';
import { createSecSource, MissingUserAgentError } from './client.ts';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, 'fixtures', name));
const UA = 'fin-platform tests tests@example.com';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(routes: Record<string, ScriptedResponse[]>, requestsPerSecond: number | null = null) {
  const server = await startScriptedServer(routes);
  const lake = await createTestLake();
  cleanups.push(server.close, lake.cleanup);
  const source = createSecSource({
    dataBaseUrl: `${server.url}/data`,
    wwwBaseUrl: `${server.url}/www`,
    userAgent: UA,
    timeoutMs: 2_000,
    requestsPerSecond,
  });
  return { server, lake, source };
}

const xml404 = async (): Promise<ScriptedResponse> => ({
  status: 404,
  headers: { 'content-type': 'application/xml' },
  body: await fixture('error_404_submissions_CIK-000000001_NoSuchKey.xml'),
});

describe('sec source', () => {
  it('refuses to run without SEC_USER_AGENT, naming the variable', () => {
    expect(() =>
      createSecSource({
        dataBaseUrl: 'http://x',
        wwwBaseUrl: 'http://x',
        userAgent: undefined,
        timeoutMs: 1,
        requestsPerSecond: 8,
      }),
    ).toThrow(MissingUserAgentError);
    expect(() =>
      createSecSource({
        dataBaseUrl: 'http://x',
        wwwBaseUrl: 'http://x',
        userAgent: ' ',
        timeoutMs: 1,
        requestsPerSecond: 8,
      }),
    ).toThrow(/SEC_USER_AGENT/);
    expect(() =>
      createSecSource({
        dataBaseUrl: 'http://x',
        wwwBaseUrl: 'http://x',
        userAgent: UA,
        timeoutMs: 1,
        requestsPerSecond: 12,
      }),
    ).toThrow(/limit of 10/);
  });

  it('fetches tickers, then companyfacts and submissions per CIK, including paged submission files', async () => {
    const tickers = await fixture('company_tickers.json');
    const mrvlFacts = await fixture('companyfacts_CIK0001835632_MRVL.json');
    const mrvlSubs = await fixture('submissions_CIK0001835632_MRVL.json');
    const tslaSubs = await fixture('submissions_CIK0001318605_TSLA.json');
    const page = Buffer.from(
      JSON.stringify({ accessionNumber: ['0001'], form: ['10-K'], filingDate: ['2010-01-01'] }),
    );
    const { server, lake, source } = await setup({
      '/www/files/company_tickers.json': [{ body: tickers }],
      '/data/api/xbrl/companyfacts/CIK0001835632.json': [{ body: mrvlFacts }],
      '/data/submissions/CIK0001835632.json': [{ body: mrvlSubs }],
      '/data/api/xbrl/companyfacts/CIK0001318605.json': [await xml404()],
      '/data/submissions/CIK0001318605.json': [{ body: tslaSubs }],
      '/data/submissions/CIK0001318605-submissions-001.json': [{ body: page }],
    });
    const result = await lake.ingest(source, [
      ...listings('MRVL', 'TSLA', 'HSBA.L'),
      { symbol: 'SPY', kind: 'etf' },
    ]);
    const [s] = result.sources;
    expect(s).toMatchObject({ written: 5, failed: 1, skipped: 2 });
    expect((await lake.object('sec', 'tickers', 'company_tickers'))?.equals(tickers)).toBe(true);
    expect((await lake.object('sec', 'companyfacts', 'CIK0001835632'))?.equals(mrvlFacts)).toBe(true);
    expect((await lake.object('sec', 'submissions', 'CIK0001318605'))?.equals(tslaSubs)).toBe(true);
    expect((await lake.object('sec', 'submissions', 'CIK0001318605-submissions-001'))?.equals(page)).toBe(
      true,
    );
    // The XML NoSuchKey body is reported as an error with its content, never parsed as JSON.
    expect(s?.failures[0]?.key).toBe('CIK0001318605');
    expect(s?.failures[0]?.error).toContain('HTTP 404');
    expect(s?.failures[0]?.error).toContain('NoSuchKey');
    expect(server.seen.every((r) => r.headers['user-agent'] === UA)).toBe(true);
    const facts = await lake.manifest('sec', 'companyfacts');
    expect(facts.failures[0]).toMatchObject({ key: 'CIK0001318605', httpStatus: 404 });
  });

  it('treats the HTML rate-limit page as a throttle, waits as told, and succeeds', async () => {
    const html = await fixture('error_rate_threshold_exceeded.html');
    const tickers = Buffer.from(
      JSON.stringify({ 0: { cik_str: 1835632, ticker: 'MRVL', title: 'Marvell' } }),
    );
    const { lake, source } = await setup({
      '/www/files/company_tickers.json': [
        { status: 403, headers: { 'content-type': 'text/html', 'retry-after': '1' }, body: html },
        { body: tickers },
      ],
      '/data/api/xbrl/companyfacts/CIK0001835632.json': [
        { body: await fixture('companyfacts_CIK0001835632_MRVL.json') },
      ],
      '/data/submissions/CIK0001835632.json': [
        { status: 429, headers: { 'content-type': 'text/html', 'retry-after': '1' }, body: html },
        { body: await fixture('submissions_CIK0001835632_MRVL.json') },
      ],
    });
    const result = await lake.ingest(source, listings('MRVL'));
    expect(result.ok).toBe(true);
    expect(result.sources[0]?.retries).toBe(2);
  });

  it('a throttle page without Retry-After means the 10-minute block: fail fast with a clear message', async () => {
    const html = await fixture('error_rate_threshold_exceeded.html');
    const { lake, source } = await setup({
      '/www/files/company_tickers.json': [
        { status: 403, headers: { 'content-type': 'text/html' }, body: html },
      ],
    });
    const result = await lake.ingest(source, listings('MRVL'));
    expect(result.ok).toBe(false);
    expect(result.sources[0]?.failures[0]?.error).toMatch(/wait 600 s/);
    expect(result.sources[0]?.failures[0]?.error).toContain('Request Rate Threshold Exceeded');
  });

  it('never exceeds 10 requests in any second at the default 8/s', async () => {
    const tickerRows: Record<string, unknown> = {};
    const routes: Record<string, ScriptedResponse[]> = {};
    const symbols: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const cik = 1000 + i;
      tickerRows[String(i)] = { cik_str: cik, ticker: `T${i}`, title: `Company ${i}` };
      symbols.push(`T${i}`);
      routes[`/data/api/xbrl/companyfacts/CIK${String(cik).padStart(10, '0')}.json`] = [
        { body: JSON.stringify({ cik, entityName: 'x', facts: {} }) },
      ];
      routes[`/data/submissions/CIK${String(cik).padStart(10, '0')}.json`] = [
        {
          body: JSON.stringify({
            cik: String(cik).padStart(10, '0'),
            name: 'x',
            filings: { recent: { accessionNumber: [], form: [], filingDate: [] }, files: [] },
          }),
        },
      ];
    }
    routes['/www/files/company_tickers.json'] = [{ body: JSON.stringify(tickerRows) }];
    const { server, lake, source } = await setup(routes, 8);
    const result = await lake.ingest(source, listings(...symbols));
    expect(result.ok).toBe(true);
    const times = server.seen.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(25);
    let worst = 0;
    for (let i = 0; i < times.length; i += 1) {
      const start = times[i] ?? 0;
      worst = Math.max(worst, times.filter((t) => t >= start && t < start + 1000).length);
    }
    expect(worst).toBeLessThanOrEqual(10);
  });
});
