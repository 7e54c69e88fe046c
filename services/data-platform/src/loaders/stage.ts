/**
 * The Postgres side of a load, in small steps that load.ts runs inside one transaction and that the
 * publish benchmark recombines: lock, stage, COPY, checksum, replace, log.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { GoldTable } from '../marts/gold-tables.ts';
import { checksumSql, finishChecksum, type TableChecksum } from './checksum.ts';
import { columnList, liveTable, stageTable } from './sql.ts';

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
}

/** The latest successful load of the table, per gold.load_log. */
export async function latestLoad(
  db: pg.ClientBase | pg.Pool,
  table: GoldTable,
): Promise<LoggedLoad | undefined> {
  const { rows } = await db.query<{ rows: string; checksum: string }>(
    `select rows::text as rows, checksum from gold.load_log
      where table_name = $1 and status = 'succeeded' order by id desc limit 1`,
    [table.name],
  );
  const row = rows[0];
  return row && { rows: Number(row.rows), checksum: row.checksum };
}

/**
 * A fresh staging table shaped like the live one (types and NOT NULL, so a null key fails the COPY
 * with Postgres' own message). UNLOGGED: its rows are never needed after a crash. It is created and
 * dropped inside the load transaction, so no other session ever sees it and a crash leaves nothing.
 */
export async function createStage(client: pg.ClientBase, table: GoldTable, logged = false): Promise<void> {
  await client.query(`drop table if exists ${stageTable(table)}`);
  await client.query(
    `create ${logged ? '' : 'unlogged '}table ${stageTable(table)} (like ${liveTable(table)})`,
  );
}

/** Streams a CSV file (from exportCsv) into the staging table with COPY; returns the rows copied. */
export async function copyCsv(client: pg.ClientBase, table: GoldTable, csvFile: string): Promise<number> {
  const copy = client.query(
    copyFrom(
      `copy ${stageTable(table)} (${columnList(table)}) from stdin with (format csv, encoding 'UTF8')`,
    ),
  );
  await pipeline(createReadStream(csvFile, { highWaterMark: 1 << 20 }), copy);
  return copy.rowCount;
}

export async function stageChecksum(client: pg.ClientBase, table: GoldTable): Promise<TableChecksum> {
  const { rows } = await client.query<Record<string, unknown>>(
    checksumSql(table, 'postgres', stageTable(table)),
  );
  return finishChecksum(table, rows[0]);
}

/**
 * Replace-in-transaction: readers keep seeing the old rows (MVCC) until COMMIT, then the new ones.
 * DELETE and INSERT take ROW EXCLUSIVE, which conflicts with no reader; lock_timeout only bounds a
 * wait behind DDL or maintenance holding a stronger lock. Returns the rows inserted.
 */
export async function replaceLive(
  client: pg.ClientBase,
  table: GoldTable,
  lockTimeoutMs: number,
): Promise<number> {
  await client.query(`set local lock_timeout = ${Math.max(1, Math.trunc(lockTimeoutMs))}`);
  await client.query(`delete from ${liveTable(table)}`);
  const inserted = await client.query(
    `insert into ${liveTable(table)} (${columnList(table)}) select ${columnList(table)} from ${stageTable(table)}`,
  );
  await client.query(`drop table ${stageTable(table)}`);
  return inserted.rowCount ?? 0;
}

/**
 * After COMMIT, outside the transaction: the replaced rows are dead tuples and the new ones carry no
 * hint bits yet, so the first readers after a publish would pay for setting them (bench: one read of
 * 2.3 s on 1M rows). VACUUM does that now, marks pages all-visible, makes the space reusable by the
 * next load instead of doubling the table until autovacuum comes, and ANALYZE refreshes the planner
 * statistics. Its SHARE UPDATE EXCLUSIVE lock blocks no reader; it is not taken inside the publish
 * transaction, where it would make that transaction wait behind autovacuum.
 */
export async function vacuumLive(db: pg.ClientBase | pg.Pool, table: GoldTable): Promise<void> {
  await db.query(`vacuum (analyze) ${liveTable(table)}`);
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
}

export async function writeLoadLog(db: pg.ClientBase | pg.Pool, entry: LoadLogEntry): Promise<void> {
  await db.query(
    `insert into gold.load_log
       (run_id, dt, table_name, rows, checksum, started_at, finished_at, status, error)
     values ($1, $2::date, $3, $4, $5, $6, clock_timestamp(), $7, $8)`,
    [
      entry.runId,
      entry.dt,
      entry.table.name,
      entry.rows,
      entry.checksum,
      entry.startedAt,
      entry.status,
      entry.error ?? null,
    ],
  );
}
