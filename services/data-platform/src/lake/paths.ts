/**
 * Every lake path is built here and nowhere else.
 *   bronze/source=<source>/dataset=<dataset>/dt=<YYYY-MM-DD>/<key>.json        (first capture of a key)
 *   bronze/source=<source>/dataset=<dataset>/dt=<YYYY-MM-DD>/<key>@<sha12>.json (a later, different capture)
 *   bronze/source=<source>/dataset=<dataset>/dt=<YYYY-MM-DD>/_manifest.json
 *   _state/source=<source>/dataset=<dataset>/cursors.json                        (incremental-fetch cursors)
 */
export interface BronzePartition {
  readonly source: string;
  readonly dataset: string;
  /** The logical date of the ingest run, YYYY-MM-DD. */
  readonly dt: string;
}

const SEGMENT = /^[a-z][a-z0-9_-]*$/;
const OBJECT_KEY = /^[A-Za-z0-9^][A-Za-z0-9._^=-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function assertObjectKey(key: string): void {
  if (!OBJECT_KEY.test(key) || key.includes('..')) {
    throw new Error(`Invalid bronze object key "${key}": letters, digits and . _ ^ = - only`);
  }
}

function assertPartition(p: BronzePartition): void {
  if (!SEGMENT.test(p.source)) throw new Error(`Invalid source name "${p.source}"`);
  if (!SEGMENT.test(p.dataset)) throw new Error(`Invalid dataset name "${p.dataset}"`);
  if (!DATE.test(p.dt)) throw new Error(`Invalid partition date "${p.dt}" (expected YYYY-MM-DD)`);
}

export function bronzePartitionPrefix(p: BronzePartition): string {
  assertPartition(p);
  return `bronze/source=${p.source}/dataset=${p.dataset}/dt=${p.dt}/`;
}

/** `sha256` is given for every capture after the first, so differing bytes never overwrite. */
export function bronzeObjectPath(p: BronzePartition, key: string, sha256?: string): string {
  assertObjectKey(key);
  const suffix = sha256 === undefined ? '' : `@${sha256.slice(0, 12)}`;
  return `${bronzePartitionPrefix(p)}${key}${suffix}.json`;
}

export function bronzeManifestPath(p: BronzePartition): string {
  return `${bronzePartitionPrefix(p)}_manifest.json`;
}

export function cursorStatePath(source: string, dataset: string): string {
  assertPartition({ source, dataset, dt: '2000-01-01' });
  return `_state/source=${source}/dataset=${dataset}/cursors.json`;
}
