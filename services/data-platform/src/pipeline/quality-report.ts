import type { ObjectStore } from '../lake/object-store.ts';
import type { TransformResult } from './transform.ts';

/** `quality/dt=<date>/run=<runId>.json`: every check result of a transform run, kept for `finplat quality`. */
export async function saveQualityReport(store: ObjectStore, result: TransformResult): Promise<string> {
  const key = `quality/dt=${result.date}/run=${result.runId}.json`;
  const body = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  await store.putIfAbsent(key, Buffer.from(`${body}\n`), 'application/json');
  return key;
}

/** The latest report for a date (run ids sort by time). */
export async function latestQualityReport(
  store: ObjectStore,
  date: string,
): Promise<TransformResult | undefined> {
  const keys = (await store.list(`quality/dt=${date}/`)).filter((k) => k.endsWith('.json')).sort();
  const last = keys.at(-1);
  if (last === undefined) return undefined;
  const stored = await store.get(last);
  return stored ? (JSON.parse(stored.body.toString('utf8')) as TransformResult) : undefined;
}
