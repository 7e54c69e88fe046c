import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ObjectStore } from '../lake/object-store.ts';
import { PreconditionFailedError } from '../lake/object-store.ts';
import { sqlString, type DuckSession } from './duckdb.ts';
import type { Layer, Model } from './model.ts';

export const pointerSchema = z.object({
  layer: z.enum(['silver', 'gold']),
  runId: z.string(),
  date: z.string(),
  publishedAt: z.string(),
  models: z.record(
    z.string(),
    z.object({
      object: z.string(),
      rows: z.number().int().nonnegative(),
      sha256: z.string(),
      bytes: z.number().int(),
    }),
  ),
});

/** `<layer>/_current.json`: the one published version of a layer. Readers resolve it first. */
export type LayerPointer = z.infer<typeof pointerSchema>;

/** Above this many rows a model's Parquet is written in build order, not sorted by its key. */
const SORTED_ROWS_MAX = 1_000_000;

export function pointerKey(layer: Layer): string {
  return `${layer}/_current.json`;
}

export async function readPointer(
  store: ObjectStore,
  layer: Layer,
): Promise<{ pointer: LayerPointer; etag: string } | undefined> {
  const stored = await store.get(pointerKey(layer));
  if (!stored) return undefined;
  const parsed = pointerSchema.safeParse(JSON.parse(stored.body.toString('utf8')));
  if (!parsed.success)
    throw new Error(
      `${store.location}/${pointerKey(layer)} is not a valid layer pointer: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return { pointer: parsed.data, etag: stored.etag };
}

/**
 * Publishes a layer atomically: every model's Parquet is written under a name unique to the run
 * (`<layer>/<model>/run=<runId>/part-0.parquet`, write-once), and only then is the layer pointer
 * swapped (compare-and-swap). A crash before the swap leaves the previous version visible; the
 * unreferenced files are harmless. Renaming folders is not used: it is neither atomic nor cheap
 * on object stores.
 */
export async function publishLayer(options: {
  session: DuckSession;
  store: ObjectStore;
  layer: Layer;
  models: readonly Model[];
  runId: string;
  date: string;
  workDir: string;
}): Promise<LayerPointer> {
  const { session, store, layer, runId } = options;
  const previous = await readPointer(store, layer);
  const models: LayerPointer['models'] = {};
  const dir = path.join(options.workDir, layer);
  await mkdir(dir, { recursive: true });
  for (const model of options.models) {
    const file = path.join(dir, `${model.name}.parquet`);
    const [count] = await session.all<{ n: bigint | number }>(
      `SELECT count(*) AS n FROM ${layer}.${model.name}`,
    );
    const rows = Number(count?.n ?? 0);
    // Small tables are written in key order (tidy, deterministic files). Big ones as built: a global
    // sort of 5.2M daily_prices rows costs ~3 s, and neither reader needs it (the gold load's COPY
    // measured no faster on sorted rows: 35.7 / 37.3 s vs 39.2 / 37.5 s). Their rows still come in
    // runs (silver: a batch of 300 symbols; gold: a symbol's window partition), so a row group spans
    // a few ranges of symbols and its statistics still prune a query for one symbol.
    const order = rows <= SORTED_ROWS_MAX ? ` ORDER BY ${model.key.join(', ')}` : '';
    await session.run(
      `COPY (SELECT * FROM ${layer}.${model.name}${order}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    // Hashed from disk and handed to the store as a file: a 5M-row table is ~350 MB, which used to
    // be read into one Buffer (RSS) and written once more into the lake.
    const { sha256, bytes } = await digestFile(file);
    const object = `${layer}/${model.name}/run=${runId}/part-0.parquet`;
    await store.putFileIfAbsent(object, file, 'application/vnd.apache.parquet');
    models[model.name] = { object, rows, sha256, bytes };
  }
  const pointer: LayerPointer = {
    layer,
    runId,
    date: options.date,
    publishedAt: new Date().toISOString(),
    models,
  };
  try {
    await store.replace(pointerKey(layer), Buffer.from(`${JSON.stringify(pointer, null, 2)}\n`), {
      contentType: 'application/json',
      ifMatch: previous?.etag ?? null,
    });
  } catch (error) {
    if (error instanceof PreconditionFailedError) {
      throw new Error(
        `Another run published ${layer} while this one (${runId}) was running; nothing was overwritten. Re-run to publish on top of it.`,
        { cause: error },
      );
    }
    throw error;
  }
  return pointer;
}

async function digestFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
