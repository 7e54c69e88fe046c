/**
 * Publish benchmark for the gold loader: `npx tsx services/data-platform/bench/load-publish.ts
 * [--rows 1000000] [--readers 2] [--rounds 2]`. Uses DATABASE_URL, else a throwaway embedded
 * Postgres in a temp folder; works in a throwaway database it drops at the end.
 *
 * Replaces a `--rows` gold.daily_prices version with another one (every row differs) while `--readers`
 * connections loop `select count(*), sum(close)`, with four publish strategies:
 *   direct     DELETE, then COPY into the live table and checksum it, all in the load transaction;
 *              VACUUM (ANALYZE) after COMMIT (load.ts: the uncommitted rows are the stage)
 *   replace    UNLOGGED stage; COPY + checksum there; DELETE + INSERT … SELECT; VACUUM after COMMIT
 *   swap       logged stage + primary key built after COPY; RENAME live → old, stage → live; ANALYZE
 *              and DROP of the old table after COMMIT (the DROP waits for readers still using it)
 *   swap+drop  the same with DROP of the old table inside the swap transaction (reliability.md 1.5.3
 *              warns readers may then fail with "could not open relation with OID")
 * Half the readers run each read in autocommit (READ COMMITTED), half in a REPEATABLE READ
 * transaction. Prints per strategy: COPY, checksum, index, publish, commit, total (BEGIN to COMMIT)
 * and after-commit housekeeping seconds, WAL written (all of it, housekeeping included),
 * reader errors, observations that were neither the old nor the new version, and reader latency.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { loadConfig } from '@finplat/config';
import { openDatabase } from '@finplat/db';
import { loadGoldTable } from '../src/loaders/load.ts';
import { migrate } from '../src/loaders/migrate.ts';
import { exportCsv, openDuck, parquetChecksum } from '../src/loaders/parquet.ts';
import { copyCsv, deleteLive, lockTable, tableChecksum } from '../src/loaders/pg-steps.ts';
import { columnList } from '../src/loaders/sql.ts';
import { createTestDatabase } from '@finplat/db/testing';
import { writeDailyPrices } from '../src/loaders/test-helpers/parquet.ts';
import { repeatableRead, startReaders } from '../src/loaders/test-helpers/readers.ts';
import { goldTable } from '../src/marts/gold-tables.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rows: { type: 'string', default: '1000000' },
    readers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
  },
  strict: true,
});
const rows = Number(values.rows);
const readerCount = Number(values.readers);
const rounds = Number(values.rounds);
if (
  ![rows, rounds].every((n) => Number.isInteger(n) && n > 0) ||
  !(Number.isInteger(readerCount) && readerCount >= 0)
) {
  process.stderr.write('bench:load-publish: --rows and --rounds must be positive integers, --readers ≥ 0\n');
  process.exit(2);
}

type Strategy = 'direct' | 'replace' | 'swap' | 'swap+drop';
const STRATEGIES: readonly Strategy[] = ['direct', 'replace', 'swap', 'swap+drop'];
const STAGE = 'gold._stage_daily_prices';
const table = goldTable('daily_prices');
const READ = 'select count(*)::text as n, sum(close)::text as close from gold.daily_prices';
const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** The swap variants' publish: everything after this point holds ACCESS EXCLUSIVE on the live table. */
async function swap(client: pg.PoolClient, dropInside: boolean): Promise<void> {
  await client.query('set local lock_timeout = 5000');
  await client.query('alter table gold.daily_prices rename to daily_prices_old');
  await client.query('alter index gold.daily_prices_pkey rename to daily_prices_old_pkey');
  await client.query('alter table gold._stage_daily_prices rename to daily_prices');
  await client.query('alter index gold._stage_daily_prices_pkey rename to daily_prices_pkey');
  if (dropInside) await client.query('drop table gold.daily_prices_old');
}

interface Figures {
  copy: number;
  checksum: number;
  index: number;
  publish: number;
  commit: number;
  total: number;
  after: number;
  walMiB: number;
}

async function publishOnce(
  pool: pg.Pool,
  strategy: Strategy,
  csv: string,
  expected: string,
): Promise<Figures> {
  const f: Figures = {
    copy: 0,
    checksum: 0,
    index: 0,
    publish: 0,
    commit: 0,
    total: 0,
    after: 0,
    walMiB: 0,
  };
  const client = await pool.connect();
  try {
    const { rows: lsn } = await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    const start = performance.now();
    await client.query('begin');
    await lockTable(client, table);
    let t0 = performance.now();
    if (strategy === 'direct') {
      await deleteLive(client, table, 5000);
      f.publish = seconds(t0);
    } else {
      await client.query(
        `create ${strategy === 'replace' ? 'unlogged ' : ''}table ${STAGE} (like gold.daily_prices)`,
      );
    }
    const target = strategy === 'direct' ? undefined : STAGE;
    t0 = performance.now();
    await copyCsv(client, table, csv, target);
    f.copy = seconds(t0);
    t0 = performance.now();
    if ((await tableChecksum(client, table, target)).checksum !== expected)
      throw new Error('checksum mismatch');
    f.checksum = seconds(t0);
    if (strategy === 'swap' || strategy === 'swap+drop') {
      t0 = performance.now();
      await client.query(`alter table ${STAGE} add primary key (${table.key.join(', ')})`);
      f.index = seconds(t0);
    }
    t0 = performance.now();
    if (strategy === 'replace') {
      await deleteLive(client, table, 5000);
      const columns = columnList(table);
      await client.query(`insert into gold.daily_prices (${columns}) select ${columns} from ${STAGE}`);
      await client.query(`drop table ${STAGE}`);
      f.publish = seconds(t0);
    } else if (strategy !== 'direct') {
      await swap(client, strategy === 'swap+drop');
      f.publish = seconds(t0);
    }
    t0 = performance.now();
    await client.query('commit');
    f.commit = seconds(t0);
    f.total = seconds(start);
    // Housekeeping after COMMIT, outside the critical section (load.ts now ANALYZEs only and leaves
    // vacuuming to autovacuum).
    t0 = performance.now();
    if (strategy === 'direct' || strategy === 'replace')
      await client.query(`vacuum (analyze) gold.${table.name}`);
    else await client.query('analyze gold.daily_prices');
    if (strategy === 'swap') await client.query('drop table gold.daily_prices_old');
    f.after = seconds(t0);
    const { rows: wal } = await client.query<{ bytes: string }>(
      'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text as bytes',
      [lsn[0]?.lsn],
    );
    f.walMiB = Number(wal[0]?.bytes ?? 0) / 1024 / 1024;
  } finally {
    client.release();
  }
  return f;
}

const config = loadConfig();
const work = await mkdtemp(path.join(tmpdir(), 'finplat-bench-load-'));
const server = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: path.join(work, 'pg') });
const db = await createTestDatabase(server.url);
try {
  const { rows: version } = await db.pool.query<{ v: string }>(
    `select current_setting('server_version') as v`,
  );
  await migrate(db.pool);
  const v1 = path.join(work, 'v1.parquet');
  const v2 = path.join(work, 'v2.parquet');
  const csv = path.join(work, 'v2.csv');
  let t0 = performance.now();
  await writeDailyPrices(v1, rows, 1);
  await writeDailyPrices(v2, rows, 2);
  const generate = seconds(t0);
  const duck = await openDuck();
  t0 = performance.now();
  const expected = await parquetChecksum(duck, table, v2);
  const duckChecksum = seconds(t0);
  t0 = performance.now();
  await exportCsv(duck, table, v2, csv);
  const duckExport = seconds(t0);
  duck.close();
  const csvMiB = (await stat(csv)).size / 1024 / 1024;

  const out: string[] = [
    `bench:load-publish  gold.daily_prices ${rows} rows → ${rows + 2} rows, Postgres ${version[0]?.v ?? '?'}, ` +
      `${readerCount} readers looping "${READ}"`,
    `  DuckDB (per load, before Postgres): checksum ${duckChecksum.toFixed(2)} s, CSV export ${duckExport.toFixed(2)} s ` +
      `(${csvMiB.toFixed(0)} MiB); test data generated in ${generate.toFixed(1)} s`,
    '',
    '  strategy   round  COPY s  check s  index s  publish s  commit s  total s  after s  WAL MiB  reader errors  foreign RC/RR  reader p50/p99/max ms',
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const strategy of STRATEGIES) {
      // Reset to version 1 (not measured) and let vacuum clear the previous round's dead rows.
      await db.pool.query('truncate gold.load_log');
      await loadGoldTable({
        pool: db.pool,
        runId: 'bench',
        dt: '2026-02-17',
        table: { name: table.name, parquetFile: v1 },
      });
      await db.pool.query('vacuum analyze gold.daily_prices');
      await db.pool.query('checkpoint');
      const before = JSON.stringify((await db.pool.query(READ)).rows[0]);
      const readerPool = db.newPool(Math.max(1, readerCount));
      const readers = startReaders(readerPool, readerCount, READ, repeatableRead(READ));
      await readers.ready;
      const f = await publishOnce(db.pool, strategy, csv, expected.checksum);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const report = await readers.stop();
      await readerPool.end();
      const after = JSON.stringify((await db.pool.query(READ)).rows[0]);
      const foreignIn = (kind: 0 | 1): number =>
        report.observations
          .filter((_, i) => i % 2 === kind)
          .flat()
          .filter((o) => o !== before && o !== after).length;
      const foreign = `${foreignIn(0)}/${foreignIn(1)}`;
      const lat = [...report.latenciesMs].sort((a, b) => a - b);
      const pct = (p: number): string =>
        (lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0).toFixed(0);
      out.push(
        `  ${strategy.padEnd(10)} ${String(round).padStart(5)}  ${f.copy.toFixed(2).padStart(6)}  ${f.checksum.toFixed(2).padStart(7)}` +
          `  ${f.index.toFixed(2).padStart(7)}  ${f.publish.toFixed(2).padStart(9)}  ${f.commit.toFixed(3).padStart(8)}` +
          `  ${f.total.toFixed(2).padStart(7)}  ${f.after.toFixed(2).padStart(7)}  ${f.walMiB.toFixed(0).padStart(7)}` +
          `  ${String(report.errors.length).padStart(13)}  ${foreign.padStart(13)}  ${pct(0.5)}/${pct(0.99)}/${pct(1)}`,
      );
      const firstError = report.errors[0];
      if (firstError) out.push(`             first reader error: ${firstError.message}`);
      const odd = report.observations.flat().find((o) => o !== before && o !== after);
      if (odd !== undefined) out.push(`             a foreign observation: ${odd}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await db.drop();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
