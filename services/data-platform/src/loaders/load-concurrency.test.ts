// Atomic publish seen from outside: readers in other connections during a load, and a load whose
// backend is killed mid-COPY or mid-publish.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { loadGoldTable, type LoadGoldTableInput } from './load.ts';
import { migrate } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { writeDailyPrices } from './test-helpers/parquet.ts';
import { repeatableRead, startReaders } from './test-helpers/readers.ts';

// Exact aggregates only: a sum of doubles depends on the (parallel) summation order.
const READ = `select count(*)::text as n, sum(close)::text as close, sum(volume)::text as volume,
                     string_agg(distinct _run_id, ',') as runs from gold.daily_prices`;

describe('gold load under concurrency and failure', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let readerPool: pg.Pool;
  let dir: string;
  let small: string;
  let big: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    readerPool = db.newPool(4);
    await migrate(db.pool);
    dir = await mkdtemp(path.join(tmpdir(), 'finplat-load-concurrency-'));
    small = path.join(dir, 'small.parquet');
    big = path.join(dir, 'big.parquet');
    await writeDailyPrices(small, 20_000, 1);
    // Big enough that COPY runs for a good fraction of a second, so the test can catch it mid-way.
    await writeDailyPrices(big, 150_000, 2);
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.pool.query('truncate gold.daily_prices, gold.load_log');
    await loadGoldTable(input(small));
  });

  const input = (parquetFile: string): LoadGoldTableInput => ({
    pool: db.pool,
    runId: 'run-1',
    dt: '2026-02-17',
    table: { name: 'daily_prices', parquetFile },
  });

  async function observe(): Promise<string> {
    const { rows } = await db.pool.query(READ);
    return JSON.stringify(rows[0]);
  }

  it('shows readers exactly the old or the new version, never an error or a mix', async () => {
    const before = await observe();
    // Half the readers in autocommit, half in REPEATABLE READ transactions (a swap would show the
    // latter an empty table: see bench/load-publish.ts).
    const readers = startReaders(readerPool, 4, READ, repeatableRead(READ));
    await readers.ready;
    await loadGoldTable(input(big));
    const after = await observe();
    expect(after).not.toBe(before);
    // Let every reader finish a read that started after the commit.
    for (let i = 0; i < 1000 && !readers.current().observations.every((seen) => seen.includes(after)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const report = await readers.stop();
    expect(report.errors).toEqual([]);
    for (const seen of report.observations) {
      expect(seen.length).toBeGreaterThan(1);
      expect(new Set(seen)).toSatisfy((s: Set<string>) => [...s].every((o) => o === before || o === after));
      expect(seen[0]).toBe(before);
      expect(seen.at(-1)).toBe(after);
      // Once a reader has seen the new version it never sees the old one again.
      expect(seen.slice(seen.indexOf(after))).toEqual(seen.slice(seen.indexOf(after)).map(() => after));
    }
  });

  /** Waits for a backend of this database that is running COPY and has copied some rows; kills it. */
  async function killCopyInProgress(): Promise<number> {
    for (let i = 0; i < 2000; i++) {
      const { rows } = await db.pool.query<{ pid: number }>(
        `select pid from pg_stat_progress_copy where datname = current_database() and tuples_processed > 0`,
      );
      const pid = rows[0]?.pid;
      if (pid !== undefined) {
        await db.pool.query('select pg_terminate_backend($1)', [pid]);
        return pid;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no COPY in progress seen');
  }

  it('keeps the old version when the loading backend is killed mid-COPY, and the retry succeeds', async () => {
    const before = await observe();
    const load = loadGoldTable(input(big)).then(
      () => new Error('expected the load to fail'),
      (e: unknown) => e,
    );
    await killCopyInProgress();
    const error = await load;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/terminat|connection|ECONNRESET|EPIPE/i);
    expect(await observe()).toBe(before);
    const { rows: stages } = await db.pool.query(
      `select 1 from pg_tables where tablename like '\\_stage\\_%'`,
    );
    expect(stages).toEqual([]);
    const retry = await loadGoldTable(input(big));
    expect(retry).toMatchObject({ rows: 150_002, skipped: false });
    expect(JSON.parse(await observe())).toMatchObject({ n: '150002', runs: 'run-v2' });
  });

  it('keeps the old version when the backend is killed while publishing', async () => {
    const before = await observe();
    // Hold a lock that makes the loader wait inside its publish step (after COPY and validation).
    const blocker = await db.pool.connect();
    await blocker.query('begin');
    await blocker.query('lock table gold.daily_prices in share mode');
    const load = loadGoldTable(input(big)).then(
      () => new Error('expected the load to fail'),
      (e: unknown) => e,
    );
    let pid: number | undefined;
    for (let i = 0; i < 2000 && pid === undefined; i++) {
      const { rows } = await db.pool.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from %'`,
      );
      pid = rows[0]?.pid;
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(pid).toBeDefined();
    await db.pool.query('select pg_terminate_backend($1)', [pid]);
    expect(await load).toBeInstanceOf(Error);
    await blocker.query('rollback');
    blocker.release();
    expect(await observe()).toBe(before);
    expect((await loadGoldTable(input(big))).skipped).toBe(false);
    expect(JSON.parse(await observe())).toMatchObject({ n: '150002' });
  });
});
