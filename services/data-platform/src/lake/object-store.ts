/**
 * The one storage contract the lake is written against. Two implementations: the local filesystem
 * (default) and S3 (production). Both pass the same contract suite (object-store.contract.ts).
 * Keys are `/`-separated and relative to the lake root.
 */
export interface StoredObject {
  readonly body: Buffer;
  /** Opaque version tag, used for compare-and-swap with `replace({ ifMatch })`. */
  readonly etag: string;
}

export interface ObjectStore {
  /** Human-readable location, e.g. `file:///srv/lake` or `s3://bucket/prefix`. */
  readonly location: string;
  get(key: string): Promise<StoredObject | undefined>;
  exists(key: string): Promise<boolean>;
  /**
   * Write-once: stores `body` only if `key` does not exist yet. Never overwrites.
   * A reader never sees a partial object (temp file + link locally, single PUT on S3).
   */
  putIfAbsent(key: string, body: Uint8Array, contentType: string): Promise<{ created: boolean }>;
  /**
   * putIfAbsent of a local file's bytes, without holding them in memory where the store can avoid it
   * (the local store hard-links the file into place: the file must not change afterwards).
   */
  putFileIfAbsent(key: string, file: string, contentType: string): Promise<{ created: boolean }>;
  /**
   * Atomically replaces `key`. With `ifMatch: <etag>` only if the current version has that etag,
   * with `ifMatch: null` only if the key does not exist; otherwise throws PreconditionFailedError.
   */
  replace(
    key: string,
    body: Uint8Array,
    options: { contentType: string; ifMatch?: string | null },
  ): Promise<{ etag: string }>;
  /** Every key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

export class PreconditionFailedError extends Error {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`Conditional write to "${key}" refused: ${detail}. Another writer changed it; re-read and retry.`);
    this.name = 'PreconditionFailedError';
  }
}

export function assertValidKey(key: string): void {
  if (
    key === '' ||
    key.startsWith('/') ||
    key.endsWith('/') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(
      `Invalid lake key "${key}": use relative, '/'-separated keys without empty, '.' or '..' segments`,
    );
  }
}
