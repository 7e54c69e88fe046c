import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPipelineFixture } from '../../test/pipeline-harness.ts';
import { startS3Server } from '../../test/s3-server.ts';
import { BronzePartitionWriter } from '../ingestion/bronze/partition-writer.ts';
import { S3ObjectStore } from '../lake/s3-store.ts';
import { pointBronzeView, resolveBronzeInputs } from './bronze-inputs.ts';

const fixture = (source: string, name: string) =>
  readFile(path.join(import.meta.dirname, '..', 'ingestion', source, 'fixtures', name));
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('bronze inputs for DuckDB', () => {
  it('exposes only current payloads of partitions up to the date, with lineage', async () => {
    const aapl = await fixture('yahoo', 'chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json');
    const ocdo = await fixture('yahoo', 'chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const p = await openPipelineFixture(
      [
        { source: 'yahoo', dataset: 'prices', dt: '2026-02-16', key: 'AAPL', body: '{"old":true}' },
        { source: 'yahoo', dataset: 'prices', dt: '2026-02-16', key: 'AAPL', body: aapl },
        { source: 'yahoo', dataset: 'prices', dt: '2026-02-17', key: 'OCDO.L', body: ocdo },
        { source: 'yahoo', dataset: 'prices', dt: '2026-02-18', key: 'MSFT', body: '{}' },
      ],
      '2026-02-17',
    );
    close = p.close;
    const rows = await p.session.all<{ key: string; dt: unknown; sha256: string; symbol: string | null }>(
      `SELECT key, dt, sha256, json_extract_string(content, '$.chart.result[0].meta.symbol') AS symbol FROM bronze.yahoo_prices ORDER BY key`,
    );
    expect(rows.map((r) => [r.key, r.symbol])).toEqual([
      ['AAPL', 'AAPL'],
      ['OCDO.L', 'OCDO.L'],
    ]);
    const empty = await p.session.all(`SELECT * FROM bronze.sec_companyfacts`);
    expect(empty).toEqual([]);
  });
});

describe('bronze views re-pointed batch by batch', () => {
  it('follow the file list they were last pointed at, through an empty one', async () => {
    const aapl = await fixture('yahoo', 'chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json');
    const ocdo = await fixture('yahoo', 'chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json');
    const p = await openPipelineFixture([
      { source: 'yahoo', dataset: 'prices', dt: '2026-02-16', key: 'AAPL', body: aapl },
      { source: 'yahoo', dataset: 'prices', dt: '2026-02-17', key: 'AAPL', body: aapl },
      { source: 'yahoo', dataset: 'prices', dt: '2026-02-17', key: 'OCDO.L', body: ocdo },
    ]);
    close = p.close;
    const files = await resolveBronzeInputs(p.store, '2099-12-31', path.join(p.root, 'cache'));
    const seen = async () => {
      const keys = async (sql: string) =>
        (await p.session.all<{ k: string }>(`${sql} ORDER BY 1`)).map((r) => r.k).join(' ');
      return {
        text: await keys(`SELECT key || '@' || dt::VARCHAR AS k FROM bronze.yahoo_prices`),
        chart: await keys(`SELECT chart.result[1].meta.symbol AS k FROM bronze.yahoo_prices_chart`),
        typed: await keys(`SELECT chart.result[1].meta.symbol AS k FROM bronze.yahoo_prices_typed`),
        events: await keys(
          `SELECT key AS k FROM bronze.yahoo_prices_events WHERE chart.result[1].meta IS NOT NULL`,
        ),
      };
    };
    expect(await seen()).toEqual({
      text: 'AAPL@2026-02-16 AAPL@2026-02-17 OCDO.L@2026-02-17',
      chart: 'AAPL AAPL OCDO.L',
      typed: 'AAPL AAPL OCDO.L',
      events: 'AAPL AAPL OCDO.L',
    });
    await pointBronzeView(
      p.session,
      'yahoo',
      'prices',
      files.filter((f) => f.key === 'OCDO.L'),
    );
    expect(await seen()).toEqual({
      text: 'OCDO.L@2026-02-17',
      chart: 'OCDO.L',
      typed: 'OCDO.L',
      events: 'OCDO.L',
    });
    const [row] = await p.session.all<{ object: string; content: string }>(
      `SELECT object, content FROM bronze.yahoo_prices`,
    );
    expect(row).toEqual({
      object: 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/OCDO.L.json',
      content: ocdo.toString(),
    });
    await pointBronzeView(p.session, 'yahoo', 'prices', []);
    expect(await seen()).toEqual({ text: '', chart: '', typed: '', events: '' });
    await pointBronzeView(
      p.session,
      'yahoo',
      'prices',
      files.filter((f) => f.key === 'AAPL'),
    );
    expect(await seen()).toEqual({
      text: 'AAPL@2026-02-16 AAPL@2026-02-17',
      chart: 'AAPL AAPL',
      typed: 'AAPL AAPL',
      events: 'AAPL AAPL',
    });
  });
});

describe('bronze inputs from an S3 lake', () => {
  it('downloads current payloads once into a content-addressed cache, newest SEC snapshot only', async () => {
    const s3 = await startS3Server();
    const cache = await mkdtemp(path.join(tmpdir(), 'finplat-cache-'));
    try {
      const store = new S3ObjectStore({ bucket: s3.bucket, prefix: 'lake', client: s3.client });
      const write = async (
        source: string,
        dataset: string,
        dt: string,
        key: string,
        body: string,
      ): Promise<void> => {
        const w = new BronzePartitionWriter(
          store,
          { source, dataset, dt },
          { runId: 'r', startedAt: new Date() },
        );
        await w.store({
          key,
          body: Buffer.from(body),
          contentType: 'application/json',
          httpStatus: 200,
          method: 'GET',
          url: 'http://x',
          fetchedAt: new Date(`${dt}T22:00:00Z`),
          attempts: 1,
        });
      };
      await write('yahoo', 'prices', '2026-02-16', 'AAPL', '{"day":16}');
      await write('yahoo', 'prices', '2026-02-17', 'AAPL', '{"day":17}');
      await write('sec', 'companyfacts', '2026-02-16', 'CIK0000320193', '{"old":true}');
      await write('sec', 'companyfacts', '2026-02-17', 'CIK0000320193', '{"new":true}');
      const files = await resolveBronzeInputs(store, '2026-02-17', cache);
      expect(files.map((f) => [f.source, f.dt, f.key])).toEqual([
        ['yahoo', '2026-02-16', 'AAPL'],
        ['yahoo', '2026-02-17', 'AAPL'],
        ['sec', '2026-02-17', 'CIK0000320193'],
      ]);
      for (const f of files) expect(f.local_path.startsWith(cache)).toBe(true);
      expect((await readFile(files[2]?.local_path ?? '')).toString()).toBe('{"new":true}');
      // Up to the 16th only the older captures exist.
      const earlier = await resolveBronzeInputs(store, '2026-02-16', cache);
      expect(earlier.map((f) => [f.source, f.dt])).toEqual([
        ['yahoo', '2026-02-16'],
        ['sec', '2026-02-16'],
      ]);
    } finally {
      await s3.close();
      await rm(cache, { recursive: true, force: true });
    }
  });
});
