/**
 * Pipeline benchmark: `npm run bench:pipeline -- --symbols 5000 --years 4`.
 * Puts N symbols × Y years of synthetic daily bars (plus the ECB history) into bronze from the
 * sandbox (not timed), then times bronze→silver, silver→gold and the Postgres load separately,
 * with rows/s and peak memory; and, in the same run, the machine's ceilings: DuckDB reading the
 * same bronze into Parquet with one plain query, and `psql \copy` of the same gold rows into a
 * table shaped like gold.daily_prices (with its primary key).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@finplat/config';
import { openDatabase } from '@finplat/db';
import { createTestDatabase } from '@finplat/db/testing';
import { runIngest } from '../src/ingestion/run-ingest.ts';
import { createFxSource } from '../src/ingestion/fx/client.ts';
import { createYahooSource } from '../src/ingestion/yahoo/client.ts';
import type { Listing } from '../src/ingestion/universe.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { loadGold } from '../src/loaders/load.ts';
import { migrate } from '../src/loaders/migrate.ts';
import { GOLD_MODELS } from '../src/marts/models.ts';
import { GOLD_TABLES, goldTable } from '../src/marts/gold-tables.ts';
import { DEFAULT_MEMORY_LIMIT, openDuckSession, sqlString } from '../src/pipeline/duckdb.ts';
import { runTransform } from '../src/pipeline/transform.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { resolveBronzeInputs } from '../src/transforms/bronze-inputs.ts';
import { SILVER_MODELS } from '../src/transforms/models.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    symbols: { type: 'string', default: '5000' },
    years: { type: 'string', default: '4' },
    date: { type: 'string', default: '2026-02-17' },
    // Internal: bronze is seeded in a child process, so the peak memory measured here is the
    // pipeline's own, not the sandbox's or the ingest's.
    'seed-lake': { type: 'string' },
  },
  strict: true,
});
const symbols = Number(values.symbols);
const years = Number(values.years);
const date = values.date;
if (values['seed-lake'] !== undefined) {
  await seedBronze(values['seed-lake']);
  process.exit(0);
}

const config = loadConfig();
const root = await mkdtemp(path.join(tmpdir(), 'finplat-bench-pipeline-'));
const store = new LocalObjectStore(path.join(root, 'lake'));
const out: string[] = [];
const say = (line: string): void => {
  out.push(line);
  process.stderr.write(`${line}\n`);
};
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) / 1000];
};

async function seedBronze(lakeDir: string): Promise<void> {
  const seedStore = new LocalObjectStore(lakeDir);
  const sandbox = await startSandbox({ limits: false });
  const listings: Listing[] = Array.from({ length: symbols }, (_, i) => ({
    symbol: `BENCH${String(i).padStart(5, '0')}`,
    kind: 'equity',
  }));
  const historyStart = `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
  await runIngest({
    store: seedStore,
    date,
    runId: 'bench-ingest',
    sources: [
      createYahooSource({
        baseUrl: sandbox.baseUrls.yahoo,
        timeoutMs: 120_000,
        requestsPerSecond: null,
        concurrency: 16,
      }),
      createFxSource({ baseUrl: sandbox.baseUrls.fx, timeoutMs: 120_000, requestsPerSecond: null }),
    ],
    listings,
    historyStart,
    lookbackDays: 10,
  });
  await sandbox.close();
}

function seedInChild(lakeDir: string): number {
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [
      ...process.execArgv,
      import.meta.filename,
      '--symbols',
      String(symbols),
      '--years',
      String(years),
      '--date',
      date,
      '--seed-lake',
      lakeDir,
    ],
    { stdio: 'inherit' },
  );
  return (performance.now() - t0) / 1000;
}

try {
  // 1. Bronze, seeded in a child process (not timed as part of the pipeline).
  const ingestSeconds = seedInChild(path.join(root, 'lake'));
  say(
    `bench:pipeline  ${symbols} symbols x ${years} years (bronze ingested from the sandbox in ${ingestSeconds.toFixed(1)} s, not counted)`,
  );

  // 2. Our pipeline: bronze -> silver -> gold.
  const rssBefore = process.memoryUsage().rss;
  const memoryAfter = new Map<string, string>();
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const [result, transformSeconds] = await timed(() =>
    runTransform({
      store,
      date,
      runId: 'bench-run',
      workDir: path.join(root, 'work'),
      silver: SILVER_MODELS,
      gold: GOLD_MODELS,
      // Memory right after each model (RSS = Node + DuckDB; heap = Node's own), to find the peak's owner.
      onModel: (run) => {
        const m = process.memoryUsage();
        memoryAfter.set(`${run.layer}.${run.model}`, `rss ${mib(m.rss)} heap ${mib(m.heapUsed)}`);
      },
    }),
  );
  if (!result.ok)
    throw new Error(
      `transform failed: ${JSON.stringify(result.layers.flatMap((l) => l.checks.filter((c) => !c.passed)).slice(0, 3))}`,
    );
  const [silver, gold] = result.layers;
  const bars = silver?.models.find((m) => m.model === 'daily_bars')?.rows ?? 0;
  const prices = gold?.models.find((m) => m.model === 'daily_prices')?.rows ?? 0;
  say(
    `  bronze -> silver   ${silver?.seconds.toFixed(2)} s  ${(bars / (silver?.seconds ?? 1)).toFixed(0)} bars/s (${bars} daily bars)`,
  );
  say(
    `  silver -> gold     ${gold?.seconds.toFixed(2)} s  ${(prices / (gold?.seconds ?? 1)).toFixed(0)} rows/s (${prices} daily_prices rows)`,
  );
  const peakMiB = (): string => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
  say(`  peak RSS so far    ${peakMiB()} (after the transform)`);
  for (const layer of result.layers)
    for (const m of layer.models)
      say(
        `      ${layer.layer}.${m.model.padEnd(20)} ${String(m.rows).padStart(9)} rows ${m.seconds.toFixed(2)} s + checks ${m.checkSeconds.toFixed(2)} s  (after: ${memoryAfter.get(`${layer.layer}.${m.model}`) ?? '?'})`,
      );
  for (const layer of result.layers)
    say(`      ${layer.layer} publish (Parquet + pointer) ${layer.publishSeconds.toFixed(2)} s`);

  // 3. The load, into a throwaway database: a first load, never a no-op re-load of a previous run.
  const server = await openDatabase({
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    dataDir: path.join(root, 'pg'),
  });
  const db = await createTestDatabase(server.url);
  let loadSeconds = 0;
  let copySeconds = 0;
  try {
    await migrate(db.pool);
    const pointer = result.layers[1]?.published;
    if (!pointer) throw new Error('gold not published');
    const tables = GOLD_TABLES.map((t) => ({
      name: t.name,
      parquetFile: store.pathOf(pointer.models[t.name]?.object ?? ''),
    }));
    let loaded: Awaited<ReturnType<typeof loadGold>>;
    const loadSteps: string[] = [];
    [loaded, loadSeconds] = await timed(() =>
      loadGold({
        pool: db.pool,
        runId: 'bench-run',
        dt: date,
        tables,
        options: {
          tmpDir: root,
          allowEmpty: true,
          onStep: (table, step, seconds) => loadSteps.push(`${table} ${step} ${seconds.toFixed(2)} s`),
        },
      }),
    );
    say(
      `  load (Postgres)    ${loadSeconds.toFixed(2)} s  ${(prices / loadSeconds).toFixed(0)} daily_prices rows/s (all ${GOLD_TABLES.length} tables, ${loaded.filter((r) => r.status === 'published').length} published); peak RSS so far ${peakMiB()}`,
    );
    say(`      ${loadSteps.filter((line) => line.startsWith('daily_prices ')).join('; ')}`);

    // Ceiling: psql \copy of the same daily_prices rows into a same-shaped table with its key.
    const csv = path.join(root, 'daily_prices.csv');
    const session = await openDuckSession({ tempDir: path.join(root, 'duck') });
    const columns = goldTable('daily_prices')
      .columns.map((c) => c.name)
      .join(', ');
    const parquet = tables.find((t) => t.name === 'daily_prices')?.parquetFile ?? '';
    await session.run(
      `COPY (SELECT ${columns} FROM read_parquet(${sqlString(parquet)})) TO ${sqlString(csv)} (HEADER false)`,
    );
    await db.pool.query('DROP TABLE IF EXISTS public.bench_copy_ceiling');
    await db.pool.query('CREATE TABLE public.bench_copy_ceiling (LIKE gold.daily_prices INCLUDING ALL)');
    const t0 = performance.now();
    execFileSync(
      'psql',
      [
        db.url,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy public.bench_copy_ceiling (${columns}) FROM '${csv}' WITH (FORMAT csv)`,
      ],
      { stdio: 'pipe' },
    );
    copySeconds = (performance.now() - t0) / 1000;
    await db.pool.query('DROP TABLE public.bench_copy_ceiling');

    // Ceiling: DuckDB, one plain query from the same bronze JSON into Parquet.
    const files = (await resolveBronzeInputs(store, date, path.join(root, 'cache')))
      .filter((f) => f.source === 'yahoo')
      .map((f) => sqlString(f.local_path));
    const [, duckSeconds] = await timed(() =>
      session.run(`COPY (
        SELECT r.meta.symbol AS symbol, unnest(r.timestamp) AS ts, unnest(q.open) AS open, unnest(q.high) AS high, unnest(q.low) AS low, unnest(q.close) AS close, unnest(q.volume) AS volume
        FROM (SELECT chart.result[1] AS r, chart.result[1].indicators.quote[1] AS q FROM read_json([${files.join(', ')}], columns = {chart: 'STRUCT(result STRUCT(meta STRUCT(symbol VARCHAR), "timestamp" BIGINT[], indicators STRUCT(quote STRUCT(open DOUBLE[], high DOUBLE[], low DOUBLE[], close DOUBLE[], volume BIGINT[])[]))[])'}))
      ) TO ${sqlString(path.join(root, 'ceiling.parquet'))} (FORMAT parquet)`),
    );
    session.close();
    const ours = transformSeconds + loadSeconds;
    say(
      `  ceilings           DuckDB bronze->Parquet ${duckSeconds.toFixed(2)} s; psql \\copy of ${prices} gold rows ${copySeconds.toFixed(2)} s`,
    );
    say(
      `  total              ours ${ours.toFixed(1)} s (transform ${transformSeconds.toFixed(1)} + load ${loadSeconds.toFixed(1)}) vs ceilings ${(duckSeconds + copySeconds).toFixed(1)} s (without window metrics) = ${(ours / (duckSeconds + copySeconds)).toFixed(2)}x`,
    );
  } finally {
    await db.drop();
    await server.close();
  }
  say(
    `  peak memory        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB RSS (process start ${(rssBefore / 1024 / 1024).toFixed(0)} MiB; DuckDB memory_limit ${DEFAULT_MEMORY_LIMIT} in the transform)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await rm(root, { recursive: true, force: true });
}
