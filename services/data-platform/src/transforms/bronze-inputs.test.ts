import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPipelineFixture } from '../../test/pipeline-harness.ts';

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
