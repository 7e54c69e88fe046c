import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../lake/object-store.ts';
import { PreconditionFailedError } from '../../lake/object-store.ts';
import {
  bronzeManifestPath,
  bronzeObjectPath,
  bronzePartitionPrefix,
  type BronzePartition,
} from '../../lake/paths.ts';
import {
  emptyManifest,
  parseManifest,
  type CapturedObject,
  type FailureRecord,
  type Manifest,
} from './manifest.ts';

export interface Capture {
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly httpStatus: number;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly requestBody?: string;
  readonly fetchedAt: Date;
  readonly attempts: number;
}

export type StoreOutcome = 'written' | 'unchanged';

type Mutation = (manifest: Manifest) => void;

/**
 * Writes captures of one bronze partition. Order per capture: the object is stored write-once
 * first, then its manifest entry is committed, so a crash can leave an unreferenced object but
 * never a manifest entry for a payload that is not fully stored. Manifest updates are group-
 * committed (entries queued while a write is in flight go out together in the next one) and use
 * compare-and-swap, re-reading and re-applying on conflict with another writer.
 */
export class BronzePartitionWriter {
  private manifest: Manifest | undefined;
  private etag: string | null = null;
  private pending: { mutate: Mutation; done: () => void; fail: (e: unknown) => void }[] = [];
  private flushing = false;
  private opening: Promise<Manifest> | undefined;
  private readonly manifestKey: string;
  private readonly prefix: string;

  constructor(
    private readonly lake: ObjectStore,
    readonly partition: BronzePartition,
    private readonly run: { runId: string; startedAt: Date },
  ) {
    this.manifestKey = bronzeManifestPath(partition);
    this.prefix = bronzePartitionPrefix(partition);
  }

  /**
   * Loads the manifest and registers this run in it; safe to call many times. Resolves to the
   * manifest as it was before this run wrote anything.
   */
  open(): Promise<Manifest> {
    this.opening ??= this.openOnce();
    return this.opening;
  }

  private async openOnce(): Promise<Manifest> {
    await this.reload();
    const { runId, startedAt } = this.run;
    await this.commit((m) => {
      if (!m.runs.some((r) => r.runId === runId)) m.runs.push({ runId, startedAt: startedAt.toISOString() });
    });
    return structuredClone(this.loaded());
  }

  private loaded(): Manifest {
    if (!this.manifest) throw new Error('BronzePartitionWriter: manifest not loaded');
    return this.manifest;
  }

  /**
   * Stores a payload unless identical bytes are already current. 'written' also covers flipping
   * `current` back to an earlier capture with exactly these bytes (no new object needed).
   */
  async store(capture: Capture): Promise<StoreOutcome> {
    await this.open();
    const manifest = this.loaded();
    const sha256 = createHash('sha256').update(capture.body).digest('hex');
    const known = manifest.objects.find((o) => o.key === capture.key && o.sha256 === sha256);
    if (known) {
      if (manifest.current[capture.key] === known.object) return 'unchanged';
      await this.commit(setCurrent(capture.key, known.object, this.run.runId));
      return 'written';
    }
    const isFirst = !manifest.objects.some((o) => o.key === capture.key);
    const object = await this.putObject(capture, sha256, isFirst);
    const entry: CapturedObject = {
      key: capture.key,
      object,
      sha256,
      bytes: capture.body.byteLength,
      contentType: capture.contentType,
      httpStatus: capture.httpStatus,
      method: capture.method,
      url: capture.url,
      ...(capture.requestBody === undefined ? {} : { requestBody: capture.requestBody }),
      fetchedAt: capture.fetchedAt.toISOString(),
      runId: this.run.runId,
      attempts: capture.attempts,
    };
    await this.commit((m) => {
      if (!m.objects.some((o) => o.object === object)) m.objects.push(entry);
      setCurrent(capture.key, object, this.run.runId)(m);
    });
    return 'written';
  }

  /** Records why a key failed; a rejected 2xx body is kept under `_rejected/` for diagnosis. */
  async recordFailure(
    failure: Omit<FailureRecord, 'runId' | 'at' | 'rejectedObject' | 'rejectedSha256'>,
    rejectedBody?: Buffer,
  ): Promise<void> {
    await this.open();
    let rejected: Pick<FailureRecord, 'rejectedObject' | 'rejectedSha256'> = {};
    if (rejectedBody) {
      const sha = createHash('sha256').update(rejectedBody).digest('hex');
      const name = `_rejected/${failure.key}@${sha.slice(0, 12)}.body`;
      await this.lake.putIfAbsent(`${this.prefix}${name}`, rejectedBody, 'application/octet-stream');
      rejected = { rejectedObject: name, rejectedSha256: sha };
    }
    const record: FailureRecord = {
      ...failure,
      ...rejected,
      runId: this.run.runId,
      at: new Date().toISOString(),
    };
    await this.commit((m) => {
      m.failures.push(record);
    });
  }

  /** Writes the object under its first-capture name, or a hash-suffixed name for later captures. */
  private async putObject(capture: Capture, sha256: string, isFirst: boolean): Promise<string> {
    const names = isFirst
      ? [bronzeObjectPath(this.partition, capture.key), bronzeObjectPath(this.partition, capture.key, sha256)]
      : [bronzeObjectPath(this.partition, capture.key, sha256)];
    for (const path of names) {
      const { created } = await this.lake.putIfAbsent(path, capture.body, capture.contentType);
      if (created) return path.slice(this.prefix.length);
      // The name exists but is not in our manifest: an object left by a crashed run. Adopt it if
      // it holds exactly these bytes; otherwise leave it alone and use the hash-suffixed name.
      const existing = await this.lake.get(path);
      if (existing && createHash('sha256').update(existing.body).digest('hex') === sha256)
        return path.slice(this.prefix.length);
    }
    throw new Error(
      `Bronze object for ${capture.key} in ${this.prefix} exists with different bytes under its content-addressed name; the lake is inconsistent`,
    );
  }

  async recordNote(key: string, message: string): Promise<void> {
    await this.open();
    const record = { key, message, runId: this.run.runId, at: new Date().toISOString() };
    await this.commit((m) => {
      m.notes.push(record);
    });
  }

  private async reload(): Promise<void> {
    const stored = await this.lake.get(this.manifestKey);
    if (stored) {
      this.manifest = parseManifest(stored.body, `${this.lake.location}/${this.manifestKey}`);
      this.etag = stored.etag;
    } else {
      this.manifest = emptyManifest(this.partition);
      this.etag = null;
    }
  }

  private commit(mutate: Mutation): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.pending.push({ mutate, done, fail });
      if (!this.flushing) {
        this.flushing = true;
        void this.flushLoop();
      }
    });
  }

  // No await between the last emptiness check and resetting the flag, so no commit is stranded.
  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.writeBatch(batch.map((b) => b.mutate));
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.fail(error);
      }
    }
    this.flushing = false;
  }

  private async writeBatch(mutations: Mutation[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      if (!this.manifest) await this.reload();
      const next = structuredClone(this.manifest) as Manifest;
      for (const mutate of mutations) mutate(next);
      const body = Buffer.from(`${JSON.stringify(next, null, 2)}\n`);
      try {
        const { etag } = await this.lake.replace(this.manifestKey, body, {
          contentType: 'application/json',
          ifMatch: this.etag,
        });
        this.manifest = next;
        this.etag = etag;
        return;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
        // Another writer committed in between: start from its version and re-apply ours.
        await this.reload();
      }
    }
  }
}

function setCurrent(key: string, object: string, runId: string): Mutation {
  return (m) => {
    if (m.current[key] === object) return;
    const replacing = m.current[key] !== undefined;
    m.current[key] = object;
    if (replacing) m.currentChanges.push({ key, object, runId, at: new Date().toISOString() });
  };
}
