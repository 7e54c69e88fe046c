import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../lake/local-store.ts';
import { BronzePartitionWriter } from './partition-writer.ts';
import { verifyBronze } from './verify.ts';

let root: string;
let store: LocalObjectStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'finplat-verify-'));
  store = new LocalObjectStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const capture = (key: string, body: string) => ({
  key,
  body: Buffer.from(body),
  contentType: 'application/json',
  httpStatus: 200,
  method: 'GET' as const,
  url: 'http://h/x',
  fetchedAt: new Date(),
  attempts: 1,
});

describe('verifyBronze', () => {
  it('passes an intact lake and flags changed bytes, missing objects and unreferenced files', async () => {
    const prices = new BronzePartitionWriter(
      store,
      { source: 'yahoo', dataset: 'prices', dt: '2026-02-17' },
      { runId: 'r1', startedAt: new Date() },
    );
    await prices.store(capture('AAPL', '{"a":1}'));
    await prices.store(capture('MSFT', '{"m":1}'));
    await prices.recordFailure(
      { key: 'BAD', kind: 'payload', error: 'not JSON', attempts: 1 },
      Buffer.from('<html>'),
    );
    const fx = new BronzePartitionWriter(
      store,
      { source: 'fx', dataset: 'rates', dt: '2026-02-17' },
      { runId: 'r1', startedAt: new Date() },
    );
    await fx.store(capture('EUR', '{"rates":{}}'));

    const clean = await verifyBronze(store);
    expect(clean.map((r) => [r.partition, r.objects, r.problems.length, r.unreferenced.length])).toEqual([
      ['bronze/source=fx/dataset=rates/dt=2026-02-17/', 1, 0, 0],
      ['bronze/source=yahoo/dataset=prices/dt=2026-02-17/', 2, 0, 0],
    ]);

    const dir = path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17');
    await writeFile(path.join(dir, 'AAPL.json'), '{"a":2}');
    await rm(path.join(dir, 'MSFT.json'));
    await writeFile(path.join(dir, 'ORPHAN.json'), '{}');
    const [report] = await verifyBronze(store, { source: 'yahoo', date: '2026-02-17' });
    expect(report?.problems).toEqual([
      expect.stringMatching(/^AAPL\.json: bytes differ/),
      'MSFT.json: missing',
    ]);
    expect(report?.unreferenced).toEqual(['ORPHAN.json']);
    expect(await verifyBronze(store, { date: '2026-02-18' })).toEqual([]);
  });
});
