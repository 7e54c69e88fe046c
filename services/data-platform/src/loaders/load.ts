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
 * Per table:
 *   0. DuckDB checks the Parquet against the contract and reads its row count from the footer. Only a
 *      file with the live row count can be a re-load of the live data: then its checksum is computed
 *      first, and an equal checksum in gold.load_log makes the load a no-op (`skipped: true`).
 *   1. pg_advisory_xact_lock(table): duplicate concurrent loads serialise; the second one then finds
 *      the first one's load_log row and returns skipped.
 *   2. DELETE the live rows, COPY the CSV that DuckDB exported into the live table.
 *   3. Validate: row count and content checksum of the new rows (computed by Postgres) equal those of
 *      the Parquet (computed by DuckDB). See checksum.ts.
 *   4. Write gold.load_log 'succeeded', COMMIT; VACUUM (ANALYZE) after COMMIT.
 * A crash or lost connection at any point rolls the whole transaction back: the previous version
 * stays live, the advisory lock is released, and a retry starts from scratch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { goldTable, type GoldTable } from '../marts/gold-tables.ts';
import type { TableChecksum } from './checksum.ts';
import {
  checkParquetSchema,
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
  vacuumLive,
  writeLoadLog,
  type LoggedLoad,
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
  /** Where the intermediate CSV is written; default the OS temp folder. */
  readonly tmpDir?: string;
  /** Test seam: runs after the CSV is exported and before it is copied (fault injection). */
  readonly afterExport?: (csvFile: string) => Promise<void>;
}

export interface LoadGoldInput {
  readonly pool: pg.Pool;
  /** The pipeline run that loads; recorded in gold.load_log. */
  readonly runId: string;
  /** The partition date of the run, `YYYY-MM-DD`; recorded in gold.load_log. */
  readonly dt: string;
  readonly tables: readonly GoldTableFile[];
  readonly options?: LoadOptions;
}

export interface LoadGoldTableInput extends Omit<LoadGoldInput, 'tables'> {
  readonly table: GoldTableFile;
}

export interface GoldLoadResult {
  readonly table: string;
  readonly rows: number;
  readonly checksum: string;
  /** true when the data was already live (same checksum as the latest successful load). */
  readonly skipped: boolean;
}

export class GoldLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoldLoadError';
  }
}

/**
 * Loads each table in its own transaction, in the given order, stopping at the first failure (tables
 * published before it stay published; re-running skips them).
 */
export async function loadGold(input: LoadGoldInput): Promise<GoldLoadResult[]> {
  const names = input.tables.map((t) => t.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new GoldLoadError(`gold.${duplicate} is listed twice`);
  const results: GoldLoadResult[] = [];
  for (const table of input.tables) results.push(await loadGoldTable({ ...input, table }));
  return results;
}

export async function loadGoldTable(input: LoadGoldTableInput): Promise<GoldLoadResult> {
  const table = goldTable(input.table.name);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dt))
    throw new GoldLoadError(`dt must be YYYY-MM-DD, got "${input.dt}"`);
  if (input.runId.trim() === '') throw new GoldLoadError('runId must not be empty');
  const startedAt = new Date();
  const options = input.options ?? {};
  const file = input.table.parquetFile;
  let rows: number | undefined;
  let expected: TableChecksum | undefined;
  let checksumRun: Promise<TableChecksum> | undefined;
  const workDir = await mkdtemp(path.join(options.tmpDir ?? tmpdir(), 'finplat-gold-'));
  const duck = await openDuck();
  try {
    await checkParquetSchema(duck, table, file);
    rows = await parquetRows(duck, file);
    if (rows === 0 && options.allowEmpty !== true) {
      throw new GoldLoadError(`gold.${table.name}: ${file} has no rows (allowEmpty is off)`);
    }
    // Only a file with the live row count can be a re-load of the live data: then the checksum is
    // worth computing first (fast path without the lock, re-checked under it). Otherwise DuckDB
    // computes it on its own connection while Postgres runs the COPY, off the critical path.
    const latest = await latestLoad(input.pool, table);
    if (latest?.rows === rows) {
      expected = await parquetChecksum(duck, table, file);
      if (sameData(latest, expected)) return result(table, expected, true);
    }
    const csvFile = path.join(workDir, `${table.name}.csv`);
    await exportCsv(duck, table, file, csvFile);
    await options.afterExport?.(csvFile);
    checksumRun =
      expected === undefined
        ? duck.connect().then((connection) => parquetChecksum(duck, table, file, connection))
        : Promise.resolve(expected);
    // Handled here so a failure of the COPY first never leaves it unobserved; awaited in publish().
    checksumRun.catch(() => undefined);
    return await publish(input, table, csvFile, checksumRun, startedAt);
  } catch (error) {
    expected ??= await checksumRun?.catch(() => undefined);
    await writeLoadLog(input.pool, {
      runId: input.runId,
      dt: input.dt,
      table,
      rows: expected?.rows ?? rows ?? null,
      checksum: expected?.checksum ?? null,
      startedAt,
      status: 'failed',
      error: errorMessage(error).slice(0, 2000),
    }).catch(() => undefined); // best effort: the database may be what failed
    if (error instanceof GoldLoadError || error instanceof GoldFileError) throw error;
    throw new GoldLoadError(
      `gold.${table.name}: load failed (${errorMessage(error)}); the previous version stays live, re-run the load`,
      { cause: error },
    );
  } finally {
    await checksumRun?.catch(() => undefined); // DuckDB must be idle before it closes
    duck.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function publish(
  input: LoadGoldTableInput,
  table: GoldTable,
  csvFile: string,
  expectedChecksum: Promise<TableChecksum>,
  startedAt: Date,
): Promise<GoldLoadResult> {
  const client = await input.pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no 'error' listener; a terminated backend would otherwise crash the process.
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    try {
      await lockTable(client, table);
      const latest = await latestLoad(client, table);
      const problem = await encodingProblem(client);
      if (problem !== undefined) throw new GoldLoadError(`gold.${table.name}: ${problem}`);
      await deleteLive(client, table, input.options?.lockTimeoutMs ?? 5000);
      const copied = await copyCsv(client, table, csvFile);
      const actual = await tableChecksum(client, table);
      const expected = await expectedChecksum;
      if (sameData(latest, expected)) {
        // Another load published this very data while this one waited for the table lock.
        await client.query('rollback');
        return result(table, expected, true);
      }
      if (copied !== expected.rows || actual.rows !== expected.rows) {
        throw new GoldLoadError(
          `gold.${table.name}: row count mismatch: Parquet ${expected.rows}, loaded ${actual.rows} (COPY ${copied})`,
        );
      }
      if (actual.checksum !== expected.checksum) {
        throw new GoldLoadError(
          `gold.${table.name}: content checksum mismatch: Parquet ${expected.checksum}, loaded ${actual.checksum}`,
        );
      }
      const entry = { runId: input.runId, dt: input.dt, table, startedAt, status: 'succeeded' as const };
      await writeLoadLog(client, { ...entry, rows: expected.rows, checksum: expected.checksum });
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch((e: unknown) => {
        broken ??= e instanceof Error ? e : new Error(String(e));
      });
      throw error;
    }
    // Published. Housekeeping failing now must not turn a published load into an error (autovacuum
    // would do the same work later).
    await vacuumLive(client, table).catch(() => undefined);
    const done = await expectedChecksum;
    return result(table, done, false);
  } catch (error) {
    if (!(error instanceof GoldLoadError))
      broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    // After a database or connection error the session state is unknown: discard it.
    client.release(broken);
  }
}

function sameData(latest: LoggedLoad | undefined, expected: TableChecksum): boolean {
  return latest !== undefined && latest.checksum === expected.checksum && latest.rows === expected.rows;
}

function result(table: GoldTable, checksum: TableChecksum, skipped: boolean): GoldLoadResult {
  return { table: table.name, rows: checksum.rows, checksum: checksum.checksum, skipped };
}
