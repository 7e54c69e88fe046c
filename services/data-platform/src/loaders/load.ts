/**
 * The gold loader: gold Parquet → Postgres schema `gold`, one table at a time, atomically.
 *
 * PUBLISH STRATEGY: load-in-transaction. In ONE transaction: DELETE the live rows, COPY the new ones
 * straight into the live table, checksum what this transaction now sees, COMMIT. The uncommitted rows
 * are the staging area: no other session can see them, a failed check or a crash rolls them back, and
 * the previous version stays visible to every reader until COMMIT (MVCC). Measured with
 * bench/load-publish.ts (1M-row gold.daily_prices replaced by a version differing in every row,
 * Postgres 15, 2 shared cores so ±30 %; total = BEGIN → COMMIT, after = housekeeping):
 *
 *   direct (this file)  COPY 7.5 s (the old keys are still in the index), checksum 3.7, DELETE 0.6:
 *                       total 11.8 s, VACUUM after 0.9 s; WAL 564 MiB
 *   stage + replace     COPY into an UNLOGGED stage 3.3, checksum 3.8, DELETE + INSERT … SELECT 4.6:
 *                       total 11.7 s, VACUUM after 2.2 s; WAL 600 MiB
 *   stage + swap        total 7.3 s (PK built after COPY, renames); WAL 198 MiB
 *
 * A full replacement costs the same either way, but a first load into an empty table (a new
 * installation, the pipeline benchmark) writes every row once instead of twice, and DuckDB's checksum
 * of the Parquet now runs on its own connection WHILE Postgres copies (it used to come first: 2.2 s
 * per million rows on the critical path). The swap is faster but was ruled out by the same bench with
 * readers: every swap run showed a REPEATABLE READ reader an EMPTY table (its snapshot predates the
 * new table, the "not MVCC-safe" caveat of TRUNCATE); it also needs ACCESS EXCLUSIVE (waits for every
 * running reader, queues new ones) and replaces the table's identity (grants, statistics). DELETE and
 * COPY take only ROW EXCLUSIVE, so readers of any isolation level see exactly the old or the new rows
 * (load-concurrency.test.ts).
 *
 * ALL the tables of one load publish in ONE transaction: a reader never sees today's prices next to
 * yesterday's snapshot. In it:
 *   1. pg_advisory_xact_lock per table, in name order (overlapping loads cannot deadlock): duplicate
 *      concurrent loads serialise; the second one then finds the first one's load_log rows.
 *   Then per table:
 *   2. DuckDB checks the Parquet against the contract and reads its row count from the footer.
 *   3. A table whose live data was loaded for a LATER dt is left alone (`kept-newer`): a backfill of
 *      an old date never replaces newer gold. Only a file with the live row count can be a re-load of
 *      the live data: then its checksum is computed first, and an equal checksum in gold.load_log
 *      makes the table a no-op (`unchanged`).
 *   4. DELETE the live rows, COPY the CSV that DuckDB exported into the live table.
 *   5. Validate: row count and content checksum of the new rows (computed by Postgres) equal those of
 *      the Parquet (computed by DuckDB). See checksum.ts.
 *   Finally gold.load_log 'succeeded' rows, COMMIT; ANALYZE of the changed tables after it (vacuuming
 *   is left to autovacuum: pg-steps.ts analyzeLive says why).
 * A crash, a failed check or a lost connection at any point rolls the whole transaction back: every
 * table keeps its previous version, the locks are released, and a retry starts from scratch.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Transform } from 'node:stream';
import type pg from 'pg';
import { goldTable, type GoldTable } from '../marts/gold-tables.ts';
import type { TableChecksum } from './checksum.ts';
import {
  checkParquetSchema,
  type Duck,
  errorMessage,
  exportCsv,
  GoldFileError,
  openDuck,
  parquetChecksum,
  parquetRows,
} from './parquet.ts';
import {
  copyCsv,
  deleteLive,
  encodingProblem,
  latestLoad,
  lockTable,
  tableChecksum,
  analyzeLive,
  writeLoadLog,
} from './pg-steps.ts';

export interface GoldTableFile {
  /** A gold table of the contract (gold-tables.ts). */
  readonly name: string;
  /** Local path of the table's Parquet file. */
  readonly parquetFile: string;
}

export interface LoadOptions {
  /** Longest wait for a conflicting table lock when publishing; default 5000 ms. */
  readonly lockTimeoutMs?: number;
  /** Publish a Parquet file with no rows; default false (an empty gold table is almost always a bug). */
  readonly allowEmpty?: boolean;
  /** Replace live data that a later dt loaded; default false (a backfill keeps newer gold). */
  readonly replaceNewer?: boolean;
  /** Where the intermediate CSV is written; default the OS temp folder. */
  readonly tmpDir?: string;
  /** Progress: called after each timed step of a table (bench:pipeline prints them). */
  readonly onStep?: (table: string, step: LoadStep, seconds: number) => void;
  /** Test seam: a stream between the exported CSV and Postgres' COPY (fault injection in transit). */
  readonly inTransit?: () => Transform;
}

export interface LoadGoldInput {
  readonly pool: pg.Pool;
  /** The pipeline run that loads; recorded in gold.load_log. */
  readonly runId: string;
  /** The partition date of the run, `YYYY-MM-DD`; recorded in gold.load_log. */
  readonly dt: string;
  /** Where the data came from (FINPLAT_SOURCES); recorded in gold.load_log for readers. */
  readonly sources?: 'sandbox' | 'live';
  readonly tables: readonly GoldTableFile[];
  readonly options?: LoadOptions;
}

export interface LoadGoldTableInput extends Omit<LoadGoldInput, 'tables'> {
  readonly table: GoldTableFile;
}

/** export: DuckDB writes the CSV; copy: DELETE + COPY; checksum: Postgres' checksum of the new rows
 * (DuckDB's runs meanwhile; wait: what was left of it); analyze: statistics after COMMIT. */
export type LoadStep = 'export' | 'copy' | 'checksum' | 'wait' | 'analyze';

export type GoldLoadStatus = 'published' | 'unchanged' | 'kept-newer';

export interface GoldLoadResult {
  readonly table: string;
  /** Rows of the Parquet file. */
  readonly rows: number;
  /** Content checksum of the Parquet file; undefined for kept-newer (not computed). */
  readonly checksum: string | undefined;
  /** published; unchanged (same checksum as the live data); kept-newer (live data is of liveDt). */
  readonly status: GoldLoadStatus;
  /** true unless published: nothing changed in Postgres. */
  readonly skipped: boolean;
  /** The dt of the live data, for kept-newer. */
  readonly liveDt?: string;
}

export class GoldLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoldLoadError';
  }
}

/** One table: the same as a loadGold of that table alone. */
export async function loadGoldTable(input: LoadGoldTableInput): Promise<GoldLoadResult> {
  const { table, ...rest } = input;
  const [result] = await loadGold({ ...rest, tables: [table] });
  if (!result) throw new GoldLoadError(`gold.${table.name}: no result`);
  return result;
}

/** Loads every given table in ONE transaction (see the top of this file). */
export async function loadGold(input: LoadGoldInput): Promise<GoldLoadResult[]> {
  const names = input.tables.map((t) => t.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new GoldLoadError(`gold.${duplicate} is listed twice`);
  const tables = input.tables.map((file) => ({ file, table: goldTable(file.name) }));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dt))
    throw new GoldLoadError(`dt must be YYYY-MM-DD, got "${input.dt}"`);
  if (input.runId.trim() === '') throw new GoldLoadError('runId must not be empty');
  const startedAt = new Date();
  const workDir = await mkdtemp(path.join(input.options?.tmpDir ?? tmpdir(), 'finplat-gold-'));
  try {
    const duck = await openDuck();
    try {
      return await loadInTransaction({ input, duck, workDir, checksums: [] }, tables, startedAt);
    } finally {
      duck.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Everything after the local resources exist: one connection, one transaction, every table. */
async function loadInTransaction(
  run: LoadRun,
  tables: readonly { file: GoldTableFile; table: GoldTable }[],
  startedAt: Date,
): Promise<GoldLoadResult[]> {
  const { input } = run;
  let current: { table: GoldTable; rows?: number } | undefined;
  const client = await input.pool.connect().catch((error: unknown) => {
    throw new GoldLoadError(
      `cannot connect to Postgres (${errorMessage(error)}); nothing was loaded: check DATABASE_URL and re-run`,
      { cause: error },
    );
  });
  let broken: Error | undefined;
  // A checked-out client has no 'error' listener; a terminated backend would otherwise crash the process.
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    try {
      const byName = [...tables].sort((a, b) => (a.table.name < b.table.name ? -1 : 1));
      for (const { table } of byName) await lockTable(client, table);
      const problem = await encodingProblem(client);
      if (problem !== undefined) throw new GoldLoadError(problem);
      const results: GoldLoadResult[] = [];
      for (const { file, table } of tables) {
        current = { table };
        results.push(await loadOne(run, client, table, file, current));
      }
      for (const r of results.filter((x) => x.status === 'published')) {
        await writeLoadLog(client, {
          runId: input.runId,
          dt: input.dt,
          table: goldTable(r.table),
          rows: r.rows,
          checksum: r.checksum ?? null,
          startedAt,
          status: 'succeeded',
          sources: input.sources ?? null,
        });
      }
      await client.query('commit');
      current = undefined;
      // Published. Housekeeping failing now must not turn a published load into an error (autovacuum
      // would do the same work later).
      for (const r of results.filter((x) => x.status === 'published')) {
        const step = stepTimer(goldTable(r.table), input.options ?? {});
        await analyzeLive(client, goldTable(r.table)).catch(() => undefined);
        step('analyze');
      }
      return results;
    } catch (error) {
      await client.query('rollback').catch((e: unknown) => {
        broken ??= toError(e);
      });
      throw error;
    }
  } catch (error) {
    if (!(error instanceof GoldLoadError || error instanceof GoldFileError)) broken ??= toError(error);
    if (current !== undefined) {
      await writeLoadLog(input.pool, {
        runId: input.runId,
        dt: input.dt,
        table: current.table,
        rows: current.rows ?? null,
        checksum: null,
        startedAt,
        status: 'failed',
        error: errorMessage(error).slice(0, 2000),
      }).catch(() => undefined); // best effort: the database may be what failed
    }
    if (error instanceof GoldLoadError || error instanceof GoldFileError) throw error;
    const which = current === undefined ? 'gold' : `gold.${current.table.name}`;
    throw new GoldLoadError(
      `${which}: load failed (${errorMessage(error)}); every table keeps its previous version, re-run the load`,
      { cause: error },
    );
  } finally {
    client.off('error', onError);
    // After a database or connection error the session state is unknown: discard it.
    client.release(broken);
    await Promise.allSettled(run.checksums); // DuckDB must be idle before the caller closes it
  }
}

interface LoadRun {
  readonly input: LoadGoldInput;
  readonly duck: Duck;
  readonly workDir: string;
  readonly checksums: Promise<TableChecksum>[];
}

/** Steps 2-5 for one table, inside the load transaction. */
async function loadOne(
  run: LoadRun,
  client: pg.PoolClient,
  table: GoldTable,
  file: GoldTableFile,
  current: { rows?: number },
): Promise<GoldLoadResult> {
  const { duck, input } = run;
  const options = input.options ?? {};
  const parquet = file.parquetFile;
  // First: a table that a later date loaded is left as it is, whatever this file holds.
  const latest = await latestLoad(client, table);
  if (latest !== undefined && latest.dt > input.dt && options.replaceNewer !== true) {
    return {
      table: table.name,
      rows: await parquetRows(duck, parquet),
      checksum: undefined,
      status: 'kept-newer',
      skipped: true,
      liveDt: latest.dt,
    };
  }
  await checkParquetSchema(duck, table, parquet);
  const rows = await parquetRows(duck, parquet);
  current.rows = rows;
  if (rows === 0 && options.allowEmpty !== true) {
    throw new GoldLoadError(`gold.${table.name}: ${parquet} has no rows (allowEmpty is off)`);
  }
  // Only a file with the live row count can be a re-load of the live data: then the checksum is worth
  // computing first. Otherwise DuckDB computes it on its own connection while Postgres runs the COPY.
  let known: TableChecksum | undefined;
  if (latest?.rows === rows) {
    known = await parquetChecksum(duck, table, parquet);
    if (latest.checksum === known.checksum) return result(table, known, 'unchanged');
  }
  const step = stepTimer(table, options);
  // Export first, then COPY from the file. Streaming the export into COPY through a FIFO was measured
  // and dropped: on 2 cores DuckDB's export competed with Postgres' parse, and the load took 53-57 s
  // against 52.5-52.7 s this way (5.2M rows, Postgres 18).
  const csvFile = path.join(run.workDir, `${table.name}.csv`);
  await exportCsv(duck, table, parquet, csvFile);
  step('export');
  const expected =
    known === undefined
      ? duck.connect().then((connection) => parquetChecksum(duck, table, parquet, connection))
      : Promise.resolve(known);
  run.checksums.push(expected);
  // Observed here so a failure of the COPY first never leaves it unhandled; awaited below.
  expected.catch(() => undefined);
  await deleteLive(client, table, options.lockTimeoutMs ?? 5000);
  const csv = createReadStream(csvFile, { highWaterMark: 1 << 20 });
  const copied = await copyCsv(client, table, options.inTransit ? csv.pipe(options.inTransit()) : csv);
  step('copy');
  const actual = await tableChecksum(client, table);
  step('checksum');
  const want = await expected;
  step('wait');
  if (copied !== want.rows || actual.rows !== want.rows) {
    throw new GoldLoadError(
      `gold.${table.name}: row count mismatch: Parquet ${want.rows}, loaded ${actual.rows} (COPY ${copied})`,
    );
  }
  if (actual.checksum !== want.checksum) {
    throw new GoldLoadError(
      `gold.${table.name}: content checksum mismatch: Parquet ${want.checksum}, loaded ${actual.checksum}`,
    );
  }
  await rm(csvFile, { force: true });
  return result(table, want, 'published');
}

function result(table: GoldTable, checksum: TableChecksum, status: GoldLoadStatus): GoldLoadResult {
  return {
    table: table.name,
    rows: checksum.rows,
    checksum: checksum.checksum,
    status,
    skipped: status !== 'published',
  };
}

/** Reports each step's seconds since the previous one to options.onStep. */
function stepTimer(table: GoldTable, options: LoadOptions): (step: LoadStep) => void {
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    options.onStep?.(table.name, step, (now - last) / 1000);
    last = now;
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
