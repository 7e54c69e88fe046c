import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreconditionFailedError, type ObjectStore } from './object-store.ts';

export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  teardown(): Promise<void>;
}

const JSON_TYPE = 'application/json';
const BINARY_TYPE = 'application/octet-stream';

function text(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

/**
 * The behaviour every ObjectStore must have, run against each implementation
 * (local-store.test.ts, s3-store.test.ts). `setup` is called before every test and must return
 * an empty store.
 */
export function describeObjectStoreContract(name: string, setup: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ObjectStoreFixture | undefined;
    const store = (): ObjectStore => {
      if (fixture === undefined) throw new Error('contract fixture not set up');
      return fixture.store;
    };

    beforeEach(async () => {
      fixture = await setup();
    });

    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });

    it('reports a missing key as undefined / false and lists nothing', async () => {
      expect(await store().get('bronze/missing.json')).toBeUndefined();
      expect(await store().exists('bronze/missing.json')).toBe(false);
      expect(await store().list('bronze/')).toEqual([]);
      expect(store().location).not.toBe('');
    });

    it('round-trips a body with every byte value exactly', async () => {
      const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      expect(await store().putIfAbsent('bin/all-bytes.bin', body, BINARY_TYPE)).toEqual({ created: true });
      const stored = await store().get('bin/all-bytes.bin');
      expect(stored).toBeDefined();
      expect(Buffer.isBuffer(stored?.body)).toBe(true);
      expect(stored?.body.equals(body)).toBe(true);
      expect(await store().exists('bin/all-bytes.bin')).toBe(true);
    });

    it('round-trips a 2 MB body exactly, through putIfAbsent and replace', async () => {
      const first = randomBytes(2 * 1024 * 1024);
      await store().putIfAbsent('bin/large.bin', first, BINARY_TYPE);
      const stored = await store().get('bin/large.bin');
      expect(stored?.body.length).toBe(first.length);
      expect(stored?.body.equals(first)).toBe(true);

      const second = randomBytes(2 * 1024 * 1024);
      const { etag } = await store().replace('bin/large.bin', second, {
        contentType: BINARY_TYPE,
        ifMatch: stored?.etag ?? null,
      });
      const replaced = await store().get('bin/large.bin');
      expect(replaced?.body.equals(second)).toBe(true);
      expect(replaced?.etag).toBe(etag);
    });

    it("putFileIfAbsent stores a file's exact bytes once and never overwrites", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'finplat-put-file-'));
      try {
        const first = path.join(dir, 'first.parquet');
        const second = path.join(dir, 'second.parquet');
        const body = randomBytes(3 * 1024 * 1024 + 7);
        await writeFile(first, body);
        await writeFile(second, 'other bytes');
        const key = 'gold/t/run=1/part-0.parquet';
        expect(await store().putFileIfAbsent(key, first, BINARY_TYPE)).toEqual({ created: true });
        expect(await store().putFileIfAbsent(key, second, BINARY_TYPE)).toEqual({ created: false });
        await rm(first); // the caller's work folder goes away; the object stays
        expect((await store().get(key))?.body.equals(body)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('putIfAbsent creates once and never overwrites', async () => {
      const key = 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json';
      expect(await store().putIfAbsent(key, text('{"v":1}'), JSON_TYPE)).toEqual({ created: true });
      expect(await store().putIfAbsent(key, text('{"v":2}'), JSON_TYPE)).toEqual({ created: false });
      expect(await store().putIfAbsent(key, text('{"v":1}'), JSON_TYPE)).toEqual({ created: false });
      expect((await store().get(key))?.body.toString('utf8')).toBe('{"v":1}');
      expect(await store().list('bronze/')).toEqual([key]);
    });

    it('lets exactly one of 10 concurrent putIfAbsent calls create a key, and keeps its body', async () => {
      const key = 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/race.json';
      const bodies = Array.from({ length: 10 }, (_, i) =>
        text(`{"writer":${i},"pad":"${'x'.repeat(i * 100)}"}`),
      );
      const results = await Promise.all(bodies.map((body) => store().putIfAbsent(key, body, JSON_TYPE)));
      const winners = results.flatMap((result, i) => (result.created ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = bodies[winners[0] ?? -1];
      expect(winner).toBeDefined();
      expect((await store().get(key))?.body.equals(winner ?? Buffer.alloc(0))).toBe(true);
    });

    it('replace with the current etag succeeds and returns the new etag', async () => {
      const key = '_state/source=yahoo/dataset=prices/cursors.json';
      await store().putIfAbsent(key, text('{"cursor":1}'), JSON_TYPE);
      const before = await store().get(key);
      expect(before).toBeDefined();

      const { etag } = await store().replace(key, text('{"cursor":2}'), {
        contentType: JSON_TYPE,
        ifMatch: before?.etag ?? null,
      });
      expect(etag).not.toBe(before?.etag);
      const after = await store().get(key);
      expect(after?.body.toString('utf8')).toBe('{"cursor":2}');
      expect(after?.etag).toBe(etag);

      // The returned etag is usable for the next compare-and-swap.
      const third = await store().replace(key, text('{"cursor":3}'), {
        contentType: JSON_TYPE,
        ifMatch: etag,
      });
      expect((await store().get(key))?.etag).toBe(third.etag);
    });

    it('replace with a stale etag throws PreconditionFailedError and leaves the object alone', async () => {
      const key = '_state/source=yahoo/dataset=prices/cursors.json';
      await store().putIfAbsent(key, text('{"cursor":1}'), JSON_TYPE);
      const stale = (await store().get(key))?.etag;
      expect(stale).toBeDefined();
      await store().replace(key, text('{"cursor":2}'), { contentType: JSON_TYPE, ifMatch: stale ?? null });

      await expect(
        store().replace(key, text('{"cursor":99}'), { contentType: JSON_TYPE, ifMatch: stale ?? null }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await store().get(key))?.body.toString('utf8')).toBe('{"cursor":2}');
    });

    it('replace with an etag on a missing key throws PreconditionFailedError', async () => {
      await expect(
        store().replace('_state/gone.json', text('{}'), {
          contentType: JSON_TYPE,
          ifMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await store().exists('_state/gone.json')).toBe(false);
    });

    it('replace with ifMatch null creates a missing key and refuses an existing one', async () => {
      const key = '_state/source=sec/dataset=filings/cursors.json';
      const created = await store().replace(key, text('{"a":1}'), { contentType: JSON_TYPE, ifMatch: null });
      expect((await store().get(key))?.etag).toBe(created.etag);

      await expect(
        store().replace(key, text('{"a":2}'), { contentType: JSON_TYPE, ifMatch: null }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await store().get(key))?.body.toString('utf8')).toBe('{"a":1}');
    });

    it('replace without ifMatch overwrites unconditionally', async () => {
      const key = 'gold/report.json';
      await store().replace(key, text('{"r":1}'), { contentType: JSON_TYPE });
      const { etag } = await store().replace(key, text('{"r":2}'), { contentType: JSON_TYPE });
      const stored = await store().get(key);
      expect(stored?.body.toString('utf8')).toBe('{"r":2}');
      expect(stored?.etag).toBe(etag);
    });

    it('lists only the keys under a prefix, sorted, including = ^ . @ characters', async () => {
      const partition = 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/';
      const inside = [
        `${partition}^GSPC@abc.json`,
        `${partition}EURUSD=X.json`,
        `${partition}_manifest.json`,
        `${partition}^GSPC.json`,
        `${partition}BRK.B.json`,
        `${partition}AAPL@0123456789ab.json`,
        `${partition}AAPL.json`,
      ];
      const outside = [
        'bronze/source=yahoo/dataset=prices/dt=2026-02-18/AAPL.json',
        'bronze/source=yahoo/dataset=prices-intraday/dt=2026-02-17/AAPL.json',
        'bronze/source=sec/dataset=filings/dt=2026-02-17/AAPL.json',
        '_state/source=yahoo/dataset=prices/cursors.json',
      ];
      // Written in an unsorted order, so the store's sorting is what is tested.
      for (const key of [...outside, ...inside].reverse()) {
        expect(await store().putIfAbsent(key, text(`{"key":${JSON.stringify(key)}}`), JSON_TYPE)).toEqual({
          created: true,
        });
      }

      const listed = await store().list(partition);
      expect(listed).toEqual([...inside].sort());
      expect(listed[0]).toBe(`${partition}AAPL.json`);
      for (const key of listed)
        expect((await store().get(key))?.body.toString('utf8')).toBe(`{"key":${JSON.stringify(key)}}`);

      // A prefix is a string prefix, not only a folder.
      expect(await store().list('bronze/source=yahoo/dataset=prices/dt=2026-02-1')).toEqual(
        [...inside, 'bronze/source=yahoo/dataset=prices/dt=2026-02-18/AAPL.json'].sort(),
      );
      expect(await store().list('bronze/source=yahoo/dataset=prices')).toHaveLength(inside.length + 2);
      expect(await store().list('')).toEqual([...inside, ...outside].sort());
      expect(await store().list('silver/')).toEqual([]);
    });

    it('rejects invalid keys on every operation', async () => {
      for (const key of ['../x', '/abs', 'a//b', 'a/../b', 'a/./b', 'trailing/', '']) {
        await expect(store().get(key), key).rejects.toThrow(/Invalid lake key/);
        await expect(store().exists(key), key).rejects.toThrow(/Invalid lake key/);
        await expect(store().putIfAbsent(key, text('{}'), JSON_TYPE), key).rejects.toThrow(
          /Invalid lake key/,
        );
        await expect(
          store().replace(key, text('{}'), { contentType: JSON_TYPE, ifMatch: null }),
          key,
        ).rejects.toThrow(/Invalid lake key/);
      }
      expect(await store().list('')).toEqual([]);
    });
  });
}
