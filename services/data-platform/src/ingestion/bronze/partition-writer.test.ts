import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../lake/local-store.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { bronzeManifestPath, type BronzePartition } from '../../lake/paths.ts';
import { currentObject, parseManifest } from './manifest.ts';
import { BronzePartitionWriter, type Capture } from './partition-writer.ts';

const partition: BronzePartition = { source: 'yahoo', dataset: 'prices', dt: '2026-02-17' };
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function capture(key: string, body: Buffer): Capture {
  return {
    key,
    body,
    contentType: 'application/json',
    httpStatus: 200,
    method: 'GET',
    url: `http://h/v8/finance/chart/${key}`,
    fetchedAt: new Date('2026-02-17T21:00:00Z'),
    attempts: 1,
  };
}

function writer(store: ObjectStore, runId: string): BronzePartitionWriter {
  return new BronzePartitionWriter(store, partition, { runId, startedAt: new Date() });
}

let root: string;
let store: LocalObjectStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'finplat-bronze-'));
  store = new LocalObjectStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function manifest() {
  const stored = await store.get(bronzeManifestPath(partition));
  if (!stored) throw new Error('no manifest');
  return parseManifest(stored.body, 'test');
}

describe('BronzePartitionWriter', () => {
  it('stores the payload byte for byte at the documented path with a checksummed manifest entry', async () => {
    // Bytes a parser would normalise away: BOM-less UTF-8, odd spacing, float noise, trailing newline.
    const body = Buffer.from(
      '{"chart": {"result":[{"close":[129.0399932861328, null]}],  "error":null}}\r\n',
      'utf8',
    );
    const w = writer(store, 'run-1');
    expect(await w.store(capture('AAPL', body))).toBe('written');
    const onDisk = await readFile(
      path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json'),
    );
    expect(onDisk.equals(body)).toBe(true);
    const m = await manifest();
    expect(m.current).toEqual({ AAPL: 'AAPL.json' });
    expect(m.objects).toHaveLength(1);
    expect(m.objects[0]).toMatchObject({
      key: 'AAPL',
      object: 'AAPL.json',
      sha256: sha(body),
      bytes: body.byteLength,
      httpStatus: 200,
      runId: 'run-1',
      attempts: 1,
      contentType: 'application/json',
    });
    expect(m.runs.map((r) => r.runId)).toEqual(['run-1']);
  });

  it('re-ingesting identical bytes is a no-op: no new object, manifest unchanged', async () => {
    const body = Buffer.from('{"a":1}');
    await writer(store, 'run-1').store(capture('AAPL', body));
    const before = await manifest();
    const w2 = writer(store, 'run-2');
    expect(await w2.store(capture('AAPL', body))).toBe('unchanged');
    const after = await manifest();
    expect(after.objects).toEqual(before.objects);
    expect(after.current).toEqual(before.current);
    const files = await readdir(path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17'));
    expect(files.sort()).toEqual(['AAPL.json', '_manifest.json']);
  });

  it('keeps both payloads when a re-run returns different bytes, and the manifest says which is current', async () => {
    const first = Buffer.from('{"close":[1.0]}');
    const second = Buffer.from('{"close":[1.5]}');
    await writer(store, 'run-1').store(capture('AAPL', first));
    expect(await writer(store, 'run-2').store(capture('AAPL', second))).toBe('written');
    const m = await manifest();
    const secondName = `AAPL@${sha(second).slice(0, 12)}.json`;
    expect(m.objects.map((o) => o.object)).toEqual(['AAPL.json', secondName]);
    expect(m.current.AAPL).toBe(secondName);
    expect(currentObject(m, 'AAPL')?.sha256).toBe(sha(second));
    expect(m.currentChanges).toHaveLength(1);
    const dir = path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17');
    expect((await readFile(path.join(dir, 'AAPL.json'))).equals(first)).toBe(true);
    expect((await readFile(path.join(dir, secondName))).equals(second)).toBe(true);
    // Going back to the first bytes flips `current` back without writing a third object.
    expect(await writer(store, 'run-3').store(capture('AAPL', first))).toBe('written');
    const m3 = await manifest();
    expect(m3.objects).toHaveLength(2);
    expect(m3.current.AAPL).toBe('AAPL.json');
  });

  it('group-commits many concurrent captures into one consistent manifest', async () => {
    const w = writer(store, 'run-1');
    const keys = Array.from({ length: 60 }, (_, i) => `SYM${i}`);
    await Promise.all(keys.map((k) => w.store(capture(k, Buffer.from(`{"k":"${k}"}`)))));
    const m = await manifest();
    expect(Object.keys(m.current).sort()).toEqual([...keys].sort());
    expect(m.objects).toHaveLength(60);
    for (const o of m.objects) {
      const onDisk = await readFile(
        path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17', o.object),
      );
      expect(sha(onDisk)).toBe(o.sha256);
    }
  });

  it('a crash between the object write and the manifest commit leaves no manifest entry, and the next run adopts the object', async () => {
    const body = Buffer.from('{"crash":"between writes"}');
    // The process "dies" when it tries to commit the manifest after the object is stored.
    let objectWrites = 0;
    const crashing: ObjectStore = {
      location: store.location,
      get: (k) => store.get(k),
      exists: (k) => store.exists(k),
      list: (p) => store.list(p),
      putIfAbsent: async (k, b, t) => {
        objectWrites += 1;
        return store.putIfAbsent(k, b, t);
      },
      putFileIfAbsent: (k, f, t) => store.putFileIfAbsent(k, f, t),
      replace: (k, b, o) =>
        objectWrites > 0 ? Promise.reject(new Error('simulated crash')) : store.replace(k, b, o),
    };
    await expect(writer(crashing, 'run-1').store(capture('AAPL', body))).rejects.toThrow('simulated crash');
    const m1 = await manifest();
    expect(m1.objects).toHaveLength(0);
    expect(m1.current).toEqual({});
    // Re-run with the same bytes: the orphan is adopted, not duplicated.
    expect(await writer(store, 'run-2').store(capture('AAPL', body))).toBe('written');
    const m2 = await manifest();
    expect(m2.current.AAPL).toBe('AAPL.json');
    const files = await readdir(path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17'));
    expect(files.sort()).toEqual(['AAPL.json', '_manifest.json']);
  });

  it('an orphan with different bytes is never overwritten; the new capture gets a content-addressed name', async () => {
    const orphan = Buffer.from('{"orphan":true}');
    await store.putIfAbsent(
      'bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json',
      orphan,
      'application/json',
    );
    const body = Buffer.from('{"fresh":true}');
    await writer(store, 'run-2').store(capture('AAPL', body));
    const m = await manifest();
    expect(m.current.AAPL).toBe(`AAPL@${sha(body).slice(0, 12)}.json`);
    expect(
      (await readFile(path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json'))).equals(
        orphan,
      ),
    ).toBe(true);
  });

  it('records failures with the reason and keeps a rejected body for diagnosis', async () => {
    const w = writer(store, 'run-1');
    await w.store(capture('MSFT', Buffer.from('{}')));
    await w.recordFailure(
      {
        key: 'AAPL',
        url: 'http://h/x',
        httpStatus: 200,
        kind: 'payload',
        error: 'body is not valid JSON',
        attempts: 1,
      },
      Buffer.from('{"truncated'),
    );
    await w.recordFailure({
      key: 'NOPE',
      url: 'http://h/y',
      httpStatus: 404,
      kind: 'http',
      error: 'HTTP 404',
      attempts: 1,
    });
    const m = await manifest();
    expect(m.failures.map((f) => [f.key, f.kind, f.httpStatus])).toEqual([
      ['AAPL', 'payload', 200],
      ['NOPE', 'http', 404],
    ]);
    const rejected = m.failures[0]?.rejectedObject;
    expect(rejected).toMatch(/^_rejected\/AAPL@[0-9a-f]{12}\.body$/);
    const kept = await readFile(
      path.join(root, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17', rejected ?? ''),
    );
    expect(kept.toString()).toBe('{"truncated');
    expect(m.current).toEqual({ MSFT: 'MSFT.json' });
  });

  it("two writers on the same partition do not lose each other's entries (compare-and-swap)", async () => {
    const a = writer(store, 'run-a');
    const b = writer(store, 'run-b');
    await a.open();
    await b.open();
    await a.store(capture('AAPL', Buffer.from('{"a":1}')));
    await b.store(capture('MSFT', Buffer.from('{"b":1}')));
    const m = await manifest();
    expect(Object.keys(m.current).sort()).toEqual(['AAPL', 'MSFT']);
    expect(m.runs.map((r) => r.runId).sort()).toEqual(['run-a', 'run-b']);
  });
});
