import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest } from '../ingestion/bronze/manifest.ts';
import { LocalObjectStore } from '../lake/local-store.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import type { DuckSession } from '../pipeline/duckdb.ts';
import { sqlString } from '../pipeline/duckdb.ts';

/** One current bronze payload, as a file DuckDB can read. */
export interface BronzeFile {
  readonly source: string;
  readonly dataset: string;
  readonly dt: string;
  readonly key: string;
  /** Lake key of the object (for lineage). */
  readonly object: string;
  readonly sha256: string;
  readonly fetched_at: string;
  readonly local_path: string;
  /** The JSON body of a POST (OpenFIGI), from the manifest; its response is positional to it. */
  readonly request_body: string | null;
}

/** The bronze datasets the silver models read, exposed as DuckDB views `bronze.<source>_<dataset>`. */
export const BRONZE_DATASETS = [
  ['yahoo', 'prices'],
  ['sec', 'tickers'],
  ['sec', 'companyfacts'],
  ['sec', 'submissions'],
  ['fx', 'rates'],
  ['openfigi', 'mapping'],
] as const;

/**
 * Every current payload of every partition up to `upTo`, found through the manifests (never by
 * listing files). Local lakes are read in place; S3 objects are downloaded once into a
 * content-addressed cache (name = sha256), so a re-run downloads nothing it already has.
 */
export async function resolveBronzeInputs(
  store: ObjectStore,
  upTo: string,
  cacheDir: string,
): Promise<BronzeFile[]> {
  const found: Omit<BronzeFile, 'local_path'>[] = [];
  for (const [source, dataset] of BRONZE_DATASETS) {
    const prefix = `bronze/source=${source}/dataset=${dataset}/`;
    // SEC payloads are complete snapshots per key (a company's facts, its filings, the ticker map):
    // only the newest capture of each key up to the date matters, so older ones are not read (or
    // downloaded). Yahoo and FX captures are windows, and all of them are needed.
    const snapshots = source === 'sec';
    const seen = new Set<string>();
    const manifestKeys = (await store.list(prefix))
      .filter((k) => k.endsWith('/_manifest.json'))
      .filter((k) => (/\/dt=(\d{4}-\d{2}-\d{2})\//.exec(k)?.[1] ?? '9999') <= upTo)
      .sort();
    if (snapshots) manifestKeys.reverse();
    // One GET per partition: fetched concurrently (S3 latency), then walked in order.
    const manifests = await mapLimit(manifestKeys, IO_CONCURRENCY, async (key) => ({
      key,
      stored: await store.get(key),
    }));
    for (const { key: manifestKey, stored } of manifests) {
      if (!stored) continue;
      const dt = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(manifestKey)?.[1] ?? '';
      const manifest = parseManifest(stored.body, `${store.location}/${manifestKey}`);
      const byName = new Map(manifest.objects.map((o) => [o.object, o]));
      const dir = manifestKey.slice(0, -'_manifest.json'.length);
      for (const [key, name] of Object.entries(manifest.current)) {
        if (snapshots && seen.has(key)) continue;
        seen.add(key);
        const entry = byName.get(name);
        if (!entry)
          throw new Error(
            `Bronze manifest ${manifestKey}: current[${key}] names ${name}, which has no entry`,
          );
        found.push({
          source,
          dataset,
          dt,
          key,
          object: `${dir}${name}`,
          sha256: entry.sha256,
          fetched_at: entry.fetchedAt,
          request_body: entry.requestBody ?? null,
        });
      }
    }
  }
  return mapLimit(found, IO_CONCURRENCY, async (f) => ({
    ...f,
    local_path: await localCopy(store, f.object, f.sha256, cacheDir),
  }));
}

const IO_CONCURRENCY = 16;

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function localCopy(store: ObjectStore, key: string, sha256: string, cacheDir: string): Promise<string> {
  if (store instanceof LocalObjectStore) return store.pathOf(key);
  const file = path.join(cacheDir, 'bronze', `${sha256}.json`);
  try {
    await access(file);
    return file;
  } catch {
    const object = await store.get(key);
    if (!object)
      throw new Error(
        `Bronze object ${store.location}/${key} is named by its manifest but missing; run \`finplat verify\``,
      );
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, object.body);
    return file;
  }
}

/**
 * Registers `bronze.files` (one row per payload, with lineage and, for POSTs, the request body) and
 * one view per dataset, `bronze.<source>_<dataset>`, with the payload's text in `content` beside its
 * lineage columns.
 * Models parse `content` with explicit JSON paths and types, so a missing or retyped field is an
 * error, not a silently different schema.
 */
export async function registerBronze(
  session: DuckSession,
  files: readonly BronzeFile[],
  workDir: string,
): Promise<void> {
  await session.run('CREATE SCHEMA IF NOT EXISTS bronze');
  const listFile = path.join(workDir, 'bronze-files.ndjson');
  await mkdir(workDir, { recursive: true });
  await writeFile(listFile, files.map((f) => JSON.stringify(f)).join('\n'));
  await session.run(`CREATE OR REPLACE TABLE bronze.files (
      source VARCHAR, dataset VARCHAR, dt DATE, key VARCHAR, object VARCHAR, sha256 VARCHAR,
      fetched_at TIMESTAMPTZ, local_path VARCHAR, request_body VARCHAR)`);
  if (files.length > 0) {
    await session.run(`INSERT INTO bronze.files SELECT source, dataset, dt::DATE, key, object, sha256, fetched_at::TIMESTAMPTZ, local_path, request_body
      FROM read_json(${sqlString(listFile)}, format = 'newline_delimited', columns = {source: 'VARCHAR', dataset: 'VARCHAR', dt: 'VARCHAR', key: 'VARCHAR', object: 'VARCHAR', sha256: 'VARCHAR', fetched_at: 'VARCHAR', local_path: 'VARCHAR', request_body: 'VARCHAR'})`);
  }
  for (const [source, dataset] of BRONZE_DATASETS) {
    await pointBronzeView(session, source, dataset, files);
  }
}

/**
 * (Re)defines `bronze.<source>_<dataset>` over the given files of that dataset. The transform run
 * points it at one batch of keys at a time for models that parse large payloads (see Model.batch).
 *
 * The views read the file list from a session variable, `bronze_<source>_<dataset>_files`, so
 * re-pointing them mostly sets that variable: (re)creating the views binds every reader over every
 * file of the list (40 ms a batch for 200 Yahoo files, twice per batch: once per batched model).
 * They are (re)created only when they do not follow the variable yet. Without files, they are
 * empty views over `bronze.files` (read_json needs at least one file) and the variable is NULL.
 */
export async function pointBronzeView(
  session: DuckSession,
  source: string,
  dataset: string,
  files: readonly BronzeFile[],
): Promise<void> {
  const paths = files
    .filter((f) => f.source === source && f.dataset === dataset)
    .map((f) => sqlString(f.local_path));
  const variable = `bronze_${source}_${dataset}_files`;
  const views = bronzeViews(source, dataset, variable);
  if (paths.length === 0) {
    await session.run(`SET VARIABLE ${variable} = NULL`);
    for (const v of views) await session.run(`CREATE OR REPLACE VIEW ${v.name} AS ${v.empty}`);
    return;
  }
  const [state] = await session.all<{ pointed: boolean }>(
    `SELECT getvariable(${sqlString(variable)}) IS NOT NULL AS pointed`,
  );
  await session.run(`SET VARIABLE ${variable} = [${paths.join(', ')}]::VARCHAR[]`);
  for (const v of views) if (v.prepare !== undefined) await session.run(v.prepare);
  if (state?.pointed !== true) {
    for (const v of views) await session.run(`CREATE OR REPLACE VIEW ${v.name} AS ${v.over}`);
  }
}

interface BronzeView {
  readonly name: string;
  /** The view over the files listed in the variable. */
  readonly over: string;
  /** The same columns, no rows. */
  readonly empty: string;
  /** Run after each change of the file list, before the view is (re)created or read. */
  readonly prepare?: string;
}

/** The views of one dataset, reading the files that the session variable `variable` lists. */
function bronzeViews(source: string, dataset: string, variable: string): BronzeView[] {
  const view = `bronze.${source}_${dataset}`;
  const filesExpr = `getvariable(${sqlString(variable)})`;
  const lineage = `f.source = ${sqlString(source)} AND f.dataset = ${sqlString(dataset)}`;
  const text: BronzeView = {
    name: view,
    over: `SELECT f.*, t.content FROM read_text(${filesExpr}) t
        JOIN bronze.files f ON f.local_path = t.filename AND ${lineage}`,
    empty: `SELECT f.*, NULL::VARCHAR AS content FROM bronze.files f WHERE false`,
  };
  const views: BronzeView[] = [text];
  if (source === 'yahoo' && dataset === 'prices') {
    // The same rows, read faster (the raw text is what corporate_actions' conservation check parses,
    // batch after batch). read_text puts all the files of its list into one chunk, which a single
    // thread then works through, and the join above builds its hash table from that side (it has
    // fewer rows), so every payload's text is copied into it and the parse comes after the join, in
    // the thread that scans bronze.files. Here the list is read in two halves (two pipelines), and
    // each file's lineage rows are looked up in a map (`local_path` -> rows of bronze.files, as many
    // as the join would match) that is rebuilt whenever the list changes.
    const lineageMap = `bronze_${source}_${dataset}_lineage`;
    const half = `len(${filesExpr}) // 2`;
    views[0] = {
      ...text,
      prepare: `SET VARIABLE ${lineageMap} = (
        SELECT map_from_entries(list({'k': local_path, 'v': lineage_rows})) FROM (
          SELECT local_path, list(f) AS lineage_rows FROM bronze.files f
          WHERE ${lineage} AND local_path IN (SELECT unnest(${filesExpr}))
          GROUP BY local_path))`,
      over: `SELECT unnest(getvariable(${sqlString(lineageMap)})[t.filename], recursive := true), t.content FROM (
          SELECT filename, content FROM read_text(${filesExpr}[:${half}])
          UNION ALL
          SELECT filename, content FROM read_text(${filesExpr}[${half} + 1:])
        ) t`,
    };
    // The chart payloads also as typed columns, parsed by read_json (much cheaper than json_extract on
    // the text). read_json turns every element it is given a type for into a value, and the price
    // arrays are most of a payload, so each view types only the parts its reader needs. Arrays of
    // numbers are JSON[]: each element keeps the text that json_extract would give (so the decimal
    // conversion is unchanged) and a retyped element (a string, an object) stays visible to the
    // model's checks instead of being cast silently. A missing field reads as NULL. `records = true`
    // (the columns are the top-level keys, as auto-detection finds for these objects) spares binding
    // the view a look into the files: 4 ms instead of 15 for 200 files, at every query.
    const typed = (suffix: string, type: string): BronzeView => ({
      name: `${view}_${suffix}`,
      over: `SELECT f.*, t.chart FROM read_json(${filesExpr}, columns = {chart: '${type}'}, format = 'auto', records = 'true', filename = true) t
        JOIN bronze.files f ON f.local_path = t.filename AND ${lineage}`,
      empty: `SELECT f.*, NULL::${type} AS chart FROM bronze.files f WHERE false`,
    });
    views.push(
      // Only the meta object, for silver.instruments: read_json still scans each file, but keeps a few
      // strings per payload instead of its whole text (5,000 payloads of raw text held the run at its
      // memory limit).
      typed(
        'meta',
        'STRUCT(result STRUCT(meta STRUCT(symbol VARCHAR, longName VARCHAR, shortName VARCHAR, ' +
          'fullExchangeName VARCHAR, exchangeName VARCHAR, currency VARCHAR, instrumentType VARCHAR, ' +
          'exchangeTimezoneName VARCHAR))[])',
      ),
      // Every part of a chart payload that silver.daily_bars reads.
      typed(
        'chart',
        'STRUCT(result STRUCT(meta STRUCT(symbol VARCHAR, exchangeTimezoneName VARCHAR, currency VARCHAR), ' +
          '"timestamp" JSON[], indicators STRUCT(quote STRUCT("open" JSON[], high JSON[], low JSON[], "close" JSON[], ' +
          'volume JSON[])[], adjclose STRUCT(adjclose JSON[])[]))[])',
      ),
      // What silver.corporate_actions reads: meta and events, as JSON, which the model reads with the
      // same paths it used on the text (so a retyped meta or events object still meets its checks).
      // Both are small: only they are written out, not the price arrays.
      typed('events', 'STRUCT(result STRUCT(meta JSON, events JSON)[])'),
      // What daily_bars' conservation check counts (timestamps and closes per listing), typed like the
      // above without the four other price arrays: reading those made the check about 45% slower.
      typed(
        'typed',
        'STRUCT(result STRUCT(meta STRUCT(symbol VARCHAR, exchangeTimezoneName VARCHAR), "timestamp" JSON[], ' +
          'indicators STRUCT(quote STRUCT("close" JSON[])[]))[])',
      ),
    );
  }
  return views;
}
