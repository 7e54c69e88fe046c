import type { ObjectStore } from '../lake/object-store.ts';
import type { Layer } from './model.ts';
import type { LayerResult, TransformResult } from './transform.ts';

/** `quality/dt=<date>/run=<runId>.json`: every check result of a transform run, kept for `finplat quality`. */
export async function saveQualityReport(store: ObjectStore, result: TransformResult): Promise<string> {
  const key = `quality/dt=${result.date}/run=${result.runId}.json`;
  const body = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  await store.putIfAbsent(key, Buffer.from(`${body}\n`), 'application/json');
  return key;
}

/**
 * The latest check results of each layer for a date (run ids sort by time). The DAG builds silver
 * and gold in two runs (two reports); `finplat transform` in one. Reports are read newest first
 * until both layers are found; the result carries the newest run's id.
 */
export async function latestQualityReport(
  store: ObjectStore,
  date: string,
): Promise<TransformResult | undefined> {
  const keys = (await store.list(`quality/dt=${date}/`))
    .filter((k) => k.endsWith('.json'))
    .sort()
    .reverse();
  let newest: TransformResult | undefined;
  const layers = new Map<Layer, LayerResult>();
  for (const key of keys) {
    const stored = await store.get(key);
    if (!stored) continue;
    const report = JSON.parse(stored.body.toString('utf8')) as TransformResult;
    newest ??= report;
    for (const layer of report.layers) if (!layers.has(layer.layer)) layers.set(layer.layer, layer);
    if (layers.has('silver') && layers.has('gold')) break;
  }
  if (newest === undefined) return undefined;
  const found = (['silver', 'gold'] as const).flatMap((name) => layers.get(name) ?? []);
  return { ...newest, layers: found, ok: found.length === 2 && found.every((l) => l.published) };
}
