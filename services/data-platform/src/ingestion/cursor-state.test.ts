import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../lake/local-store.ts';
import { cursorStatePath } from '../lake/paths.ts';
import { CursorState } from './cursor-state.ts';

let root: string;
let store: LocalObjectStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'finplat-cursors-'));
  store = new LocalObjectStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CursorState', () => {
  it('only moves cursors forward and merges with a concurrent writer', async () => {
    const a = new CursorState(store, 'yahoo', 'prices');
    const b = new CursorState(store, 'yahoo', 'prices');
    await a.load();
    await b.load();
    a.advance('AAPL', '2026-02-17');
    b.advance('MSFT', '2026-02-16');
    b.advance('AAPL', '2026-02-10');
    await a.save();
    await b.save(); // stale etag: re-reads and merges instead of overwriting
    const c = new CursorState(store, 'yahoo', 'prices');
    await c.load();
    expect(c.get('AAPL')).toEqual({ through: '2026-02-17' });
    expect(c.get('MSFT')).toEqual({ through: '2026-02-16' });
  });

  it('reports a damaged state file with the way out', async () => {
    await store.replace(cursorStatePath('fx', 'rates'), Buffer.from('{"EUR":{"through":17}}'), {
      contentType: 'application/json',
    });
    await expect(new CursorState(store, 'fx', 'rates').load()).rejects.toThrow(
      /delete it to re-fetch full history/,
    );
  });
});
