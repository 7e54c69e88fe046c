import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '@finplat/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from './local-store.ts';
import { PreconditionFailedError } from './object-store.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';
import { openObjectStore } from './open-store.ts';

async function tempRoot(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'finplat-lake-'));
}

describeObjectStoreContract('LocalObjectStore', async () => {
  const root = await tempRoot();
  return {
    store: new LocalObjectStore(root),
    teardown: () => fs.rm(root, { recursive: true, force: true }),
  };
});

describe('LocalObjectStore (local-only behaviour)', () => {
  let root: string;
  let store: LocalObjectStore;

  beforeEach(async () => {
    root = await tempRoot();
    store = new LocalObjectStore(root);
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('ignores a temp file left by a crashed write and keeps accepting writes', async () => {
    // A writer died after writing half of its temp file and before link()/rename().
    await fs.mkdir(path.join(root, '.tmp'), { recursive: true });
    const leftover = path.join(root, '.tmp', '3f1c8a52-0000-4000-8000-000000000000');
    await fs.writeFile(leftover, '{"half":');

    expect(await store.list('')).toEqual([]);
    expect(await store.putIfAbsent('bronze/a.json', Buffer.from('{"a":1}'), 'application/json')).toEqual({
      created: true,
    });
    const { etag } = await store.replace('_state/cursors.json', Buffer.from('{"c":1}'), {
      contentType: 'application/json',
      ifMatch: null,
    });
    await store.replace('_state/cursors.json', Buffer.from('{"c":2}'), {
      contentType: 'application/json',
      ifMatch: etag,
    });

    expect(await store.list('')).toEqual(['_state/cursors.json', 'bronze/a.json']);
    expect((await store.get('bronze/a.json'))?.body.toString('utf8')).toBe('{"a":1}');
    expect((await store.get('_state/cursors.json'))?.body.toString('utf8')).toBe('{"c":2}');
    // The leftover is untouched (cleanup is not the store's job) and nothing else remains in .tmp.
    expect(await fs.readdir(path.join(root, '.tmp'))).toEqual([path.basename(leftover)]);
  });

  it('makes an object visible only once it is complete', async () => {
    const key = 'bronze/big.bin';
    const first = randomBytes(16 * 1024 * 1024);
    const second = randomBytes(16 * 1024 * 1024);
    const observed: (number | undefined)[] = [];
    const watch = async (done: () => boolean, allowed: readonly Buffer[]): Promise<void> => {
      while (!done()) {
        const current = await store.get(key);
        observed.push(current?.body.length);
        if (current !== undefined) expect(allowed.some((body) => body.equals(current.body))).toBe(true);
      }
    };

    let written = false;
    const write = store.putIfAbsent(key, first, 'application/octet-stream').finally(() => {
      written = true;
    });
    await Promise.all([write, watch(() => written, [first])]);
    expect((await store.get(key))?.body.equals(first)).toBe(true);

    let replaced = false;
    const etag = (await store.get(key))?.etag ?? null;
    const overwrite = store
      .replace(key, second, { contentType: 'application/octet-stream', ifMatch: etag })
      .finally(() => {
        replaced = true;
      });
    await Promise.all([overwrite, watch(() => replaced, [first, second])]);
    expect((await store.get(key))?.body.equals(second)).toBe(true);

    expect(observed.length).toBeGreaterThan(0);
    expect(observed.every((length) => length === undefined || length === first.length)).toBe(true);
    expect(await fs.readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('serialises compare-and-swap across independent writers (separate store instances, as separate processes are)', async () => {
    const writers = [new LocalObjectStore(root), new LocalObjectStore(root)];
    const key = 'counter.json';
    await writers[0]?.replace(key, Buffer.from('0'), { contentType: 'text/plain', ifMatch: null });
    const increment = async (store: LocalObjectStore): Promise<void> => {
      for (;;) {
        const current = await store.get(key);
        if (!current) throw new Error('counter vanished');
        try {
          await store.replace(key, Buffer.from(String(Number(current.body.toString()) + 1)), {
            contentType: 'text/plain',
            ifMatch: current.etag,
          });
          return;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(writers[i % 2] as LocalObjectStore)));
    expect((await writers[0]?.get(key))?.body.toString()).toBe('30');
    expect(await fs.readdir(path.join(root, '.locks'))).toEqual([]);
    expect(await writers[0]?.list('')).toEqual([key]);
  });

  it('takes over a lock left behind by a crashed writer', async () => {
    const store = new LocalObjectStore(root);
    await store.replace('k.json', Buffer.from('a'), { contentType: 'text/plain', ifMatch: null });
    const locks = path.join(root, '.locks');
    await fs.mkdir(locks, { recursive: true });
    // Recreate the lock file a crashed process would leave, dated well in the past.
    const { createHash } = await import('node:crypto');
    const stale = path.join(locks, createHash('sha256').update('k.json').digest('hex').slice(0, 32));
    await fs.writeFile(stale, '');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(stale, old, old);
    const current = await store.get('k.json');
    await store.replace('k.json', Buffer.from('b'), {
      contentType: 'text/plain',
      ifMatch: current?.etag ?? null,
    });
    expect((await store.get('k.json'))?.body.toString()).toBe('b');
  });

  it('is what openObjectStore returns for a path LAKE_URL', async () => {
    const opened = openObjectStore(loadConfig({ LAKE_URL: 'lake' }), root);
    expect(opened).toBeInstanceOf(LocalObjectStore);
    expect(opened.location).toBe(pathToFileURL(path.join(root, 'lake')).href);
    await opened.putIfAbsent('x/y.json', Buffer.from('{}'), 'application/json');
    expect(await fs.readFile(path.join(root, 'lake', 'x', 'y.json'), 'utf8')).toBe('{}');
  });
});
