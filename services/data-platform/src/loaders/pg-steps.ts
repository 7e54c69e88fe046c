/**
 * The Postgres side of a load, in small steps that load.ts runs inside one transaction and that the
 * publish benchmark recombines: lock, delete, COPY, checksum, log.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { GoldTable } from '../marts/gold-tables.ts';
import { checksumSql, finishChecksum, type TableChecksum } from './checksum.ts';
import { columnList, liveTable } from './sql.ts';

/** First key of the loader's two-key advisory locks ('fpld'); the second is per table. */
const LOCK_NAMESPACE = 0x66706c64;

/** A stable int4 per table name, so every loader process agrees on the lock without a registry. */
export function tableLockKey(table: GoldTable): number {
  return createHash('sha256').update(`gold.${table.name}`).digest().readInt32BE(0);
}

/**
 * Serialises loads of one table until the transaction ends (commit, rollback or lost connection):
 * a duplicate load (a zombie task, a manual re-run) waits, then sees the first one's load_log row.
 */
export async function lockTable(client: pg.ClientBase, table: GoldTable): Promise<void> {
  await client.query('select pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, tableLockKey(table)]);
}

/** The checksum hashes text as UTF-8 bytes; a LATIN1 database would convert them on COPY. */
export async function encodingProblem(client: pg.ClientBase): Promise<string | undefined> {
  const { rows } = await client.query<{ encoding: string }>(
    `select current_setting('server_encoding') as encoding`,
  );
  const encoding = rows[0]?.encoding ?? '?';
  return encoding === 'UTF8' || encoding === 'SQL_ASCII'
    ? undefined
    : `the database encoding is ${encoding}; the gold loader needs UTF8`;
}

export interface LoggedLoad {
  readonly rows: number;
  readonly checksum: string;
  /** The partition date the live data was loaded for, YYYY-MM-DD. */
  readonly dt: string;
}

/** The latest successful load of the table, per gold.load_log. */
export async function latestLoad(
  db: pg.ClientBase | pg.Pool,
  table: GoldTable,
): Promise<LoggedLoad | undefined> {
  const { rows } = await db.query<{ rows: string; checksum: string; dt: string }>(
    `select rows::text as rows, checksum, dt::text as dt from gold.load_log
      where table_name = $1 and status = 'succeeded' order by id desc limit 1`,
    [table.name],
  );
  const row = rows[0];
  return row && { rows: Number(row.rows), checksum: row.checksum, dt: row.dt };
}

/**
 * Step 1 of the publish: the live rows go, inside the load transaction. Other sessions keep seeing
 * them (MVCC) until COMMIT; DELETE takes ROW EXCLUSIVE, which conflicts with no reader, and
 * lock_timeout only bounds a wait behind DDL or maintenance holding a stronger lock.
 */
export async function deleteLive(
  client: pg.ClientBase,
  table: GoldTable,
  lockTimeoutMs: number,
): Promise<void> {
  await client.query(`set local lock_timeout = ${Math.max(1, Math.trunc(lockTimeoutMs))}`);
  await client.query(`delete from ${liveTable(table)}`);
}

/**
 * Step 2: streams CSV (exportCsv's output file, or a stream of it) into the live table with COPY;
 * returns the rows copied. The rows are this transaction's own until COMMIT, so the uncommitted table
 * is the stage: a NOT NULL or key violation fails the COPY with Postgres' own message and the rollback
 * leaves the old version.
 */
export async function copyCsv(
  client: pg.ClientBase,
  table: GoldTable,
  csv: string | Readable,
  relation: string = liveTable(table),
): Promise<number> {
  const copy = client.query(
    copyFrom(`copy ${relation} (${columnList(table)}) from stdin with (format csv, encoding 'UTF8')`),
  );
  const source = typeof csv === 'string' ? createReadStream(csv, { highWaterMark: 1 << 20 }) : csv;
  await pipeline(source, copy);
  return copy.rowCount;
}

/**
 * Step 3: the content checksum of the rows this transaction sees (its own new rows). Parallel workers
 * share the transaction, so they see those rows too; the planner's costs are lowered for this one
 * query because a table just filled by COPY has no statistics and looks too small to split.
 */
export async function tableChecksum(
  client: pg.ClientBase,
  table: GoldTable,
  relation: string = liveTable(table),
): Promise<TableChecksum> {
  await client.query('set local parallel_setup_cost = 0');
  await client.query('set local parallel_tuple_cost = 0');
  const { rows } = await client.query<Record<string, unknown>>(checksumSql(table, 'postgres', relation));
  return finishChecksum(table, rows[0]);
}

/**
 * After COMMIT, outside the transaction: fresh planner statistics for the new rows (a table just
 * filled by COPY looks empty or stale to the planner). ANALYZE samples 30,000 rows: ~0.2 s.
 * Not VACUUM: it rewrites every page of a freshly copied table to set hint bits (1.2 s on Postgres
 * 15, 4.2 s on 18 for 5.2M daily_prices rows) and the load does not need it. Autovacuum's
 * thresholds fire on both a first load (inserted rows, Postgres 13+) and a re-load (deleted rows)
 * within its naptime, long before the next daily load could reuse the space; until then a reader
 * touching a page sets its hint bits once. Its SHARE UPDATE EXCLUSIVE lock blocks no reader.
 */
export async function analyzeLive(db: pg.ClientBase | pg.Pool, table: GoldTable): Promise<void> {
  await db.query(`analyze ${liveTable(table)}`);
}

export interface LoadLogEntry {
  readonly runId: string;
  readonly dt: string;
  readonly table: GoldTable;
  readonly rows: number | null;
  readonly checksum: string | null;
  readonly startedAt: Date;
  readonly status: 'succeeded' | 'failed';
  readonly error?: string;
  readonly sources?: 'sandbox' | 'live' | null;
}

export async function writeLoadLog(db: pg.ClientBase | pg.Pool, entry: LoadLogEntry): Promise<void> {
  await db.query(
    `insert into gold.load_log
       (run_id, dt, table_name, rows, checksum, started_at, finished_at, status, error, sources)
     values ($1, $2::date, $3, $4, $5, $6, clock_timestamp(), $7, $8, $9)`,
    [
      entry.runId,
      entry.dt,
      entry.table.name,
      entry.rows,
      entry.checksum,
      entry.startedAt,
      entry.status,
      entry.error ?? null,
      entry.sources ?? null,
    ],
  );
}
