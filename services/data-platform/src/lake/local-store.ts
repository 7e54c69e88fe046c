import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertValidKey,
  PreconditionFailedError,
  type ObjectStore,
  type StoredObject,
} from './object-store.ts';

const TEMP_DIR = '.tmp';
const LOCK_DIR = '.locks';
/** A lock older than this was left by a crashed writer (a held lock lives for milliseconds). */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

function etagOf(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Lake on a local folder. Writes go to `<root>/.tmp/<uuid>` first (same filesystem), then:
 * - putIfAbsent: `link()` the temp file to its key, which fails atomically if the key exists;
 * - replace: `rename()` over the key, which is atomic on POSIX.
 * A crash therefore leaves at worst a stray file under `.tmp/`, never a half-written key.
 */
export class LocalObjectStore implements ObjectStore {
  readonly location: string;
  // Conditional replaces are serialised per key: in this process by a promise chain, across
  // processes by an exclusive lock file under .tmp/locks (see withKeyLock).
  private readonly replaceChains = new Map<string, Promise<unknown>>();

  constructor(private readonly root: string) {
    this.location = pathToFileURL(root).href;
  }

  /** The file behind a key (lets DuckDB read local lake objects in place). */
  pathOf(key: string): string {
    assertValidKey(key);
    const top = key.split('/')[0];
    if (top === TEMP_DIR || top === LOCK_DIR)
      throw new Error(`Invalid lake key "${key}": ${top}/ is reserved by the local store`);
    return path.join(this.root, ...key.split('/'));
  }

  private async writeTemp(body: Uint8Array): Promise<string> {
    const dir = path.join(this.root, TEMP_DIR);
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, randomUUID());
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const body = await fs.readFile(this.pathOf(key));
      return { body, etag: etagOf(body) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(key));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async putIfAbsent(key: string, body: Uint8Array, _contentType: string): Promise<{ created: boolean }> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = await this.writeTemp(body);
    try {
      await fs.link(tmp, target);
      return { created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
      throw error;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async putFileIfAbsent(key: string, file: string, contentType: string): Promise<{ created: boolean }> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Durable before it becomes visible, as writeTemp does for bodies.
    const handle = await fs.open(file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(file, target);
      return { created: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { created: false };
      // Another filesystem (a work folder outside the lake): copy the bytes instead.
      if (code === 'EXDEV') return this.putIfAbsent(key, await fs.readFile(file), contentType);
      throw error;
    }
  }

  replace(
    key: string,
    body: Uint8Array,
    options: { contentType: string; ifMatch?: string | null },
  ): Promise<{ etag: string }> {
    const previous = this.replaceChains.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.replaceNow(key, body, options.ifMatch));
    this.replaceChains.set(key, next);
    void next
      .finally(() => {
        if (this.replaceChains.get(key) === next) this.replaceChains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async replaceNow(
    key: string,
    body: Uint8Array,
    ifMatch: string | null | undefined,
  ): Promise<{ etag: string }> {
    const target = this.pathOf(key);
    const write = async (): Promise<{ etag: string }> => {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = await this.writeTemp(body);
      await fs.rename(tmp, target);
      return { etag: etagOf(body) };
    };
    if (ifMatch === undefined) return write();
    return this.withKeyLock(key, async () => {
      const current = await this.get(key);
      if (ifMatch === null && current) throw new PreconditionFailedError(key, 'it already exists');
      if (ifMatch !== null && current?.etag !== ifMatch) {
        throw new PreconditionFailedError(key, current ? 'its etag changed' : 'it no longer exists');
      }
      return write();
    });
  }

  /**
   * Exclusive per-key lock shared by every process on this folder: a file created with O_EXCL.
   * A lock older than STALE_LOCK_MS is taken to be left by a crashed process and removed.
   */
  private async withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const dir = path.join(this.root, LOCK_DIR);
    await fs.mkdir(dir, { recursive: true });
    const lock = path.join(dir, createHash('sha256').update(key).digest('hex').slice(0, 32));
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await fs.open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = await fs.stat(lock).catch(() => undefined);
        if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
          await fs.rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out waiting for the lock on lake key "${key}" (${lock}); if no other finplat process is running, delete that file`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(lock, { force: true });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (rel === '' && (entry.name === TEMP_DIR || entry.name === LOCK_DIR)) continue;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), childRel);
        else if (childRel.startsWith(prefix)) keys.push(childRel);
      }
    };
    // Start at the deepest directory the prefix names, so listing one partition stays cheap.
    const slash = prefix.lastIndexOf('/');
    const baseRel = slash === -1 ? '' : prefix.slice(0, slash);
    await walk(baseRel === '' ? this.root : path.join(this.root, ...baseRel.split('/')), baseRel);
    return keys.sort();
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
