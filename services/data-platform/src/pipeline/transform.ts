import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStore } from '../lake/object-store.ts';
import {
  pointBronzeView,
  registerBronze,
  resolveBronzeInputs,
  type BronzeFile,
} from '../transforms/bronze-inputs.ts';
import { conservationCounts, runChecks, type CheckResult, type ConservationCounts } from './checks.ts';
import { openDuckSession, sqlString, type DuckSession } from './duckdb.ts';
import { buildModel, type Layer, type Model } from './model.ts';
import { publishLayer, type LayerPointer } from './publish.ts';
import { saveQualityReport } from './quality-report.ts';

export interface ModelRun {
  readonly layer: Layer;
  readonly model: string;
  readonly rows: number;
  /** building the model */
  readonly seconds: number;
  /** running its quality checks (and writing any quarantine) */
  readonly checkSeconds: number;
}

export interface LayerResult {
  readonly layer: Layer;
  readonly models: readonly ModelRun[];
  readonly checks: readonly CheckResult[];
  /** Set when every check passed and the layer pointer was swapped. */
  readonly published?: LayerPointer;
  readonly seconds: number;
  /** writing the layer's Parquet and swapping its pointer (0 when not published) */
  readonly publishSeconds: number;
}

export interface TransformResult {
  readonly runId: string;
  readonly date: string;
  readonly bronzeFiles: number;
  readonly layers: readonly LayerResult[];
  readonly ok: boolean;
}

export interface TransformOptions {
  readonly store: ObjectStore;
  readonly date: string;
  readonly runId: string;
  /** Scratch space (DuckDB spill, Parquet before upload, S3 bronze cache); removed afterwards except the cache. */
  readonly workDir: string;
  /** Silver models to build from bronze; empty when `silverInput` is given. */
  readonly silver: readonly Model[];
  /** Gold models to build; empty for a silver-only run. */
  readonly gold: readonly Model[];
  /**
   * Build gold on this published silver version instead of building silver from bronze (the DAG's
   * gold node, after its silver node): its Parquet files become the session's silver tables.
   */
  readonly silverInput?: LayerPointer;
  readonly onModel?: (run: ModelRun) => void;
  readonly memoryLimit?: string;
}

/**
 * bronze → silver → gold for the data available up to `date`, or one of the two layers (silver only:
 * no gold models; gold only: `silverInput`). Each layer is built whole, checked, and published only
 * when every check passes; a failing layer keeps the previous version visible and stops the run
 * (gold is never built on unpublished silver).
 */
export async function runTransform(options: TransformOptions): Promise<TransformResult> {
  const runDir = path.join(options.workDir, 'runs', options.runId);
  await mkdir(runDir, { recursive: true });
  const session = await openDuckSession({
    tempDir: path.join(runDir, 'duckdb'),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  try {
    await session.run(`SET VARIABLE run_id = ${sqlString(options.runId)}`);
    let files: BronzeFile[] = [];
    if (options.silverInput === undefined) {
      files = await resolveBronzeInputs(options.store, options.date, path.join(options.workDir, 'cache'));
      await registerBronze(session, files, runDir);
    } else {
      await attachSilver(session, options.store, options.silverInput, runDir);
    }
    const planned = [
      ['silver', options.silverInput === undefined ? options.silver : []],
      ['gold', options.gold],
    ] as const;
    const layers: LayerResult[] = [];
    for (const [layer, models] of planned) {
      if (models.length === 0) continue;
      const result = await runLayer(session, layer, models, options, runDir, files);
      layers.push(result);
      if (!result.published) break;
    }
    const wanted = planned.filter(([, models]) => models.length > 0).length;
    const result: TransformResult = {
      runId: options.runId,
      date: options.date,
      bronzeFiles: files.length,
      layers,
      ok: wanted > 0 && layers.length === wanted && layers.every((l) => l.published),
    };
    await saveQualityReport(options.store, result);
    return result;
  } finally {
    session.close();
    await rm(runDir, { recursive: true, force: true });
  }
}

/** A published silver version as the session's `silver.<model>` tables (S3: downloaded first). */
async function attachSilver(
  session: DuckSession,
  store: ObjectStore,
  pointer: LayerPointer,
  runDir: string,
): Promise<void> {
  await session.run('CREATE SCHEMA IF NOT EXISTS silver');
  const dir = path.join(runDir, 'silver-input');
  await mkdir(dir, { recursive: true });
  for (const [model, entry] of Object.entries(pointer.models)) {
    const stored = await store.get(entry.object);
    if (!stored)
      throw new Error(`${store.location}/${entry.object} (silver run ${pointer.runId}) is missing`);
    const file = path.join(dir, `${model}.parquet`);
    await writeFile(file, stored.body);
    await session.run(
      `CREATE OR REPLACE TABLE silver.${model} AS SELECT * FROM read_parquet(${sqlString(file)})`,
    );
  }
}

async function runLayer(
  session: DuckSession,
  layer: Layer,
  models: readonly Model[],
  options: TransformOptions,
  runDir: string,
  files: readonly BronzeFile[],
): Promise<LayerResult> {
  const t0 = performance.now();
  const runs: ModelRun[] = [];
  const checks: CheckResult[] = [];
  for (const model of models) {
    const started = performance.now();
    const counts = new Map<string, ConservationCounts>();
    const rows = await buildModel(
      session,
      model,
      model.batch && ((run) => inBatches(session, model, files, run, counts)),
    );
    const built = performance.now();
    checks.push(...(await runChecks(session, model, path.join(runDir, 'quarantine'), counts)));
    const run = {
      layer,
      model: model.name,
      rows,
      seconds: (built - started) / 1000,
      checkSeconds: (performance.now() - built) / 1000,
    };
    runs.push(run);
    options.onModel?.(run);
  }
  if (checks.some((c) => !c.passed)) {
    const kept = await keepQuarantine(options.store, checks, layer, options.runId);
    return { layer, models: runs, checks: kept, seconds: (performance.now() - t0) / 1000, publishSeconds: 0 };
  }
  const publishing = performance.now();
  const published = await publishLayer({
    session,
    store: options.store,
    layer,
    models,
    runId: options.runId,
    date: options.date,
    workDir: runDir,
  });
  const done = performance.now();
  return {
    layer,
    models: runs,
    checks,
    published,
    seconds: (done - t0) / 1000,
    publishSeconds: (done - publishing) / 1000,
  };
}

/**
 * Runs a batched model over its dataset's keys in groups, summing its conservation counts per
 * batch (each batch sees only its keys' payloads), then points the view back at every file.
 */
async function inBatches(
  session: DuckSession,
  model: Model,
  files: readonly BronzeFile[],
  run: (first: boolean) => Promise<void>,
  counts: Map<string, ConservationCounts>,
): Promise<void> {
  const batch = model.batch;
  if (!batch) throw new Error(`${model.name} is not batched`);
  const ofDataset = files.filter((f) => f.source === batch.source && f.dataset === batch.dataset);
  const keys = [...new Set(ofDataset.map((f) => f.key))].sort();
  const conservation = model.checks.flatMap((c) => (c.kind === 'conservation' ? [c] : []));
  for (let i = 0; i === 0 || i < keys.length; i += batch.keysPerBatch) {
    const chunk = new Set(keys.slice(i, i + batch.keysPerBatch));
    await pointBronzeView(
      session,
      batch.source,
      batch.dataset,
      ofDataset.filter((f) => chunk.has(f.key)),
    );
    await run(i === 0);
    for (const check of conservation) {
      const c = await conservationCounts(session, check.sql);
      const sum = counts.get(check.name) ?? { inRows: 0, droppedRows: 0 };
      counts.set(check.name, { inRows: sum.inRows + c.inRows, droppedRows: sum.droppedRows + c.droppedRows });
    }
  }
  await pointBronzeView(session, batch.source, batch.dataset, ofDataset);
}

/** Offending rows go to the lake, `quarantine/<layer>/<model>/run=<runId>/<check>.parquet`, for triage. */
async function keepQuarantine(
  store: ObjectStore,
  checks: readonly CheckResult[],
  layer: Layer,
  runId: string,
): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      if (check.quarantineFile === undefined) return check;
      const key = `quarantine/${layer}/${check.model}/run=${runId}/${path.basename(check.quarantineFile)}`;
      await store.putIfAbsent(key, await readFile(check.quarantineFile), 'application/vnd.apache.parquet');
      return { ...check, quarantineFile: key };
    }),
  );
}
