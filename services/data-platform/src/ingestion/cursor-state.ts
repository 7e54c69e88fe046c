import { z } from 'zod';
import type { ObjectStore } from '../lake/object-store.ts';
import { PreconditionFailedError } from '../lake/object-store.ts';
import { cursorStatePath } from '../lake/paths.ts';
import type { Cursor } from './source.ts';

const cursorsSchema = z.record(z.string(), z.object({ through: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }));
type Cursors = Record<string, Cursor>;

/**
 * Incremental-fetch bookmarks of one (source, dataset), in the style of Singer state: which keys
 * were fetched through which date. Not bronze (it is derived, mutable, and safe to delete: a
 * missing cursor only means a full-history fetch).
 */
export class CursorState {
  private cursors: Cursors = {};
  private etag: string | null = null;
  private readonly advanced = new Map<string, Cursor>();
  private readonly key: string;

  constructor(
    private readonly lake: ObjectStore,
    source: string,
    dataset: string,
  ) {
    this.key = cursorStatePath(source, dataset);
  }

  async load(): Promise<void> {
    const stored = await this.lake.get(this.key);
    this.cursors = stored ? parseCursors(stored.body, `${this.lake.location}/${this.key}`) : {};
    this.etag = stored?.etag ?? null;
  }

  get(key: string): Cursor | undefined {
    return this.advanced.get(key) ?? this.cursors[key];
  }

  advance(key: string, through: string): void {
    const previous = this.get(key);
    if (!previous || previous.through < through) this.advanced.set(key, { through });
  }

  /** Merges this run's advances into the stored state (compare-and-swap, re-read on conflict). */
  async save(): Promise<void> {
    if (this.advanced.size === 0) return;
    for (let attempt = 1; ; attempt += 1) {
      const merged: Cursors = { ...this.cursors };
      for (const [key, cursor] of this.advanced) {
        const stored = merged[key];
        if (!stored || stored.through < cursor.through) merged[key] = cursor;
      }
      const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)));
      try {
        const body = Buffer.from(`${JSON.stringify(sorted, null, 1)}\n`);
        const { etag } = await this.lake.replace(this.key, body, {
          contentType: 'application/json',
          ifMatch: this.etag,
        });
        this.cursors = sorted;
        this.etag = etag;
        this.advanced.clear();
        return;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
        await this.load();
      }
    }
  }
}

/** A damaged state file stops the source with a clear way out, rather than silently re-fetching everything. */
function parseCursors(body: Buffer, where: string): Cursors {
  try {
    return cursorsSchema.parse(JSON.parse(body.toString('utf8')));
  } catch (error) {
    throw new Error(
      `Cursor state ${where} is unreadable (${(error as Error).message}); delete it to re-fetch full history`,
      { cause: error },
    );
  }
}
