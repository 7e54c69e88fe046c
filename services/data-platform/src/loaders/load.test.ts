import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import pg from 'pg';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { loadGold, loadGoldTable, GoldLoadError, type LoadGoldTableInput, type LoadOptions } from './load.ts';
import { migrate } from './migrate.ts';
import { GoldFileError } from './parquet.ts';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { writeDailyPrices, writeGoldParquet, type TestRow } from './test-helpers/parquet.ts';

const INSTRUMENTS: TestRow[] = [
  {
    symbol: 'AAPL',
    name: 'Apple Inc.',
    exchange: 'NMS',
    currency: 'USD',
    cik: '0000320193',
    first_dt: '1980-12-12',
    _run_id: 'r1',
  },
  { symbol: 'EMPTY', name: '', exchange: null, sector: '\\N', _run_id: 'r1' },
  { symbol: 'QUOTE', name: 'say "hi", it\'s\nmultiline\r\n', exchange: 'a|b', sector: 'N', _run_id: 'r1' },
  { symbol: 'UNI', name: 'Société Générale 日本 🎉', _run_id: 'r1' },
];

describe('loadGoldTable', () => {
  let db: TestDatabase;
  let dir: string;
  let prices1: string;
  let prices2: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await migrate(db.pool);
    dir = await mkdtemp(path.join(tmpdir(), 'finplat-load-'));
    prices1 = path.join(dir, 'prices-1.parquet');
    prices2 = path.join(dir, 'prices-2.parquet');
    await writeDailyPrices(prices1, 2000, 1);
    await writeDailyPrices(prices2, 2000, 2);
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.pool.query('truncate gold.daily_prices, gold.instruments, gold.fx_rates, gold.load_log');
  });

  const input = (parquetFile: string, options?: LoadOptions, name = 'daily_prices'): LoadGoldTableInput => ({
    pool: db.pool,
    runId: 'run-1',
    dt: '2026-02-17',
    table: { name, parquetFile },
    ...(options && { options }),
  });

  async function state(table = 'daily_prices'): Promise<{ rows: string; runIds: string }> {
    const { rows } = await db.pool.query<{ rows: string; runIds: string }>(
      `select count(*)::text as rows, coalesce(string_agg(distinct _run_id, ','), '') as "runIds" from gold.${table}`,
    );
    return rows[0] ?? { rows: '?', runIds: '?' };
  }

  async function logRows(): Promise<
    { table_name: string; rows: string | null; status: string; run_id: string }[]
  > {
    const { rows } = await db.pool.query<{
      table_name: string;
      rows: string | null;
      status: string;
      run_id: string;
    }>(`select table_name, rows::text, status, run_id from gold.load_log order by id`);
    return rows;
  }

  it('publishes the Parquet rows and logs the load', async () => {
    const result = await loadGoldTable(input(prices1));
    expect(result).toMatchObject({ table: 'daily_prices', rows: 2001, skipped: false });
    expect(result.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
    const { rows } = await db.pool.query<Record<string, unknown>>(
      `select run_id, dt::text, table_name, rows::text, checksum, status, finished_at >= started_at as ordered from gold.load_log`,
    );
    expect(rows).toEqual([
      {
        run_id: 'run-1',
        dt: '2026-02-17',
        table_name: 'daily_prices',
        rows: '2001',
        checksum: result.checksum,
        status: 'succeeded',
        ordered: true,
      },
    ]);
    const { rows: stages } = await db.pool.query(
      `select 1 from pg_tables where tablename like '\\_stage\\_%'`,
    );
    expect(stages).toEqual([]);
  });

  it('carries awkward text through CSV and COPY unchanged (NULL vs empty, quotes, newlines, \\N)', async () => {
    const file = path.join(dir, 'instruments.parquet');
    await writeGoldParquet(file, 'instruments', INSTRUMENTS);
    expect((await loadGoldTable(input(file, undefined, 'instruments'))).rows).toBe(4);
    const { rows } = await db.pool.query<{
      symbol: string;
      name: string | null;
      exchange: string | null;
      sector: string | null;
    }>('select symbol, name, exchange, sector from gold.instruments order by symbol');
    expect(rows).toEqual(
      [...INSTRUMENTS]
        .sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))
        .map((r) => ({
          symbol: r.symbol,
          name: r.name ?? null,
          exchange: r.exchange ?? null,
          sector: r.sector ?? null,
        })),
    );
  });

  it('treats a re-load of the same data as a no-op with the same result', async () => {
    const first = await loadGoldTable(input(prices1));
    const again = await loadGoldTable({ ...input(prices1), runId: 'run-2' });
    expect(again).toEqual({ ...first, status: 'unchanged', skipped: true });
    expect((await logRows()).length).toBe(1);
    const next = await loadGoldTable(input(prices2));
    expect(next.skipped).toBe(false);
    expect(next.checksum).not.toBe(first.checksum);
    expect(await state()).toEqual({ rows: '2002', runIds: 'run-v2' });
    // Going back to version 1 is a change again, not a no-op.
    expect((await loadGoldTable(input(prices1))).skipped).toBe(false);
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
  });

  it('lets one of two concurrent duplicate loads publish and the other skip', async () => {
    const [a, b] = await Promise.all([loadGoldTable(input(prices1)), loadGoldTable(input(prices1))]);
    expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
    expect(a.checksum).toBe(b.checksum);
    expect((await logRows()).filter((r) => r.status === 'succeeded').length).toBe(1);
  });

  it('detects a changed value in transit (checksum) and keeps the previous version', async () => {
    await loadGoldTable(input(prices1));
    const tamper = editInTransit((text) => text.replace(/,run-v2\n/, ',run-vX\n')); // one row's _run_id
    const error: unknown = await loadGoldTable(input(prices2, { inTransit: tamper })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GoldLoadError);
    expect((error as Error).message).toMatch(/gold\.daily_prices: content checksum mismatch/);
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
    expect((await logRows()).map((r) => r.status)).toEqual(['succeeded', 'failed']);
    // Nothing was left behind: the retry (without tampering) publishes.
    expect((await loadGoldTable(input(prices2))).skipped).toBe(false);
    expect(await state()).toEqual({ rows: '2002', runIds: 'run-v2' });
  });

  it('detects a lost row in transit (count)', async () => {
    await loadGoldTable(input(prices1));
    const dropLine = editInTransit((text) => {
      const lines = text.split('\n');
      return [...lines.slice(0, 5), ...lines.slice(6)].join('\n');
    });
    await expect(loadGoldTable(input(prices2, { inTransit: dropLine }))).rejects.toThrow(
      /row count mismatch: Parquet 2002, loaded 2001/,
    );
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
  });

  it('refuses duplicate keys, null keys and a Parquet that does not match the contract', async () => {
    await loadGoldTable(input(prices1));
    const dupes = path.join(dir, 'dupes.parquet');
    const row = {
      symbol: 'X',
      dt: '2024-01-02',
      close: '1',
      adj_close: '1',
      currency: 'USD',
      drawdown: '0',
      high_52w: '1',
      low_52w: '1',
      _run_id: 'r',
    };
    await writeGoldParquet(dupes, 'daily_prices', [row, row]);
    await expect(loadGoldTable(input(dupes))).rejects.toThrow(
      /duplicate key value violates unique constraint/,
    );
    const nullKey = path.join(dir, 'null-key.parquet');
    await writeGoldParquet(nullKey, 'daily_prices', [{ ...row, dt: null }]);
    await expect(loadGoldTable(input(nullKey))).rejects.toThrow(/null value in column "dt"/);
    const wrong = path.join(dir, 'wrong.parquet');
    await writeGoldParquet(wrong, 'fx_rates', [{ dt: '2024-01-02', currency: 'EUR', _run_id: 'r' }]);
    const error: unknown = await loadGoldTable(input(wrong)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoldFileError);
    expect((error as Error).message).toMatch(/symbol is missing; .*close is missing/);
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
  });

  it('refuses an empty Parquet unless allowed', async () => {
    await loadGoldTable(input(prices1));
    const empty = path.join(dir, 'empty.parquet');
    await writeGoldParquet(empty, 'daily_prices', []);
    await expect(loadGoldTable(input(empty))).rejects.toThrow(/has no rows \(allowEmpty is off\)/);
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
    expect((await loadGoldTable(input(empty, { allowEmpty: true }))).rows).toBe(0);
    expect(await state()).toEqual({ rows: '0', runIds: '' });
  });

  it('times out instead of queueing behind a conflicting lock', async () => {
    await loadGoldTable(input(prices1));
    const blocker = await db.pool.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table gold.daily_prices in share mode'); // e.g. a CREATE INDEX
      await expect(loadGoldTable(input(prices2, { lockTimeoutMs: 200 }))).rejects.toThrow(/lock timeout/);
    } finally {
      await blocker.query('rollback');
      blocker.release();
    }
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
  });

  it('loadGold loads several tables and refuses unknown or repeated ones', async () => {
    const fx = path.join(dir, 'fx.parquet');
    await writeGoldParquet(fx, 'fx_rates', [
      {
        dt: '2024-01-02',
        currency: 'EUR',
        usd_per_unit: '1.1',
        eur_per_unit: '1',
        rate_dt: '2024-01-02',
        is_filled: false,
        _run_id: 'r',
      },
    ]);
    const base = { pool: db.pool, runId: 'run-9', dt: '2026-02-17' };
    const results = await loadGold({
      ...base,
      tables: [
        { name: 'daily_prices', parquetFile: prices1 },
        { name: 'fx_rates', parquetFile: fx },
      ],
    });
    expect(results.map((r) => [r.table, r.rows, r.skipped])).toEqual([
      ['daily_prices', 2001, false],
      ['fx_rates', 1, false],
    ]);
    await expect(
      loadGold({
        ...base,
        tables: [
          { name: 'fx_rates', parquetFile: fx },
          { name: 'fx_rates', parquetFile: fx },
        ],
      }),
    ).rejects.toThrow(/gold\.fx_rates is listed twice/);
    await expect(loadGold({ ...base, tables: [{ name: 'prices', parquetFile: fx }] })).rejects.toThrow(
      /Unknown gold table "prices"/,
    );
    await expect(
      loadGold({ ...base, dt: '17/02/2026', tables: [{ name: 'fx_rates', parquetFile: fx }] }),
    ).rejects.toThrow(/dt must be YYYY-MM-DD/);
  });

  it('publishes all tables of a load together: a failure in the last keeps every table as it was', async () => {
    const instruments = path.join(dir, 'instruments-ok.parquet');
    await writeGoldParquet(instruments, 'instruments', INSTRUMENTS);
    await loadGoldTable(input(prices1));
    await loadGoldTable(input(instruments, undefined, 'instruments'));
    const before = { prices: await state(), instruments: await state('instruments') };
    const broken = path.join(dir, 'broken-instruments.parquet');
    await writeGoldParquet(broken, 'instruments', [{ symbol: null, _run_id: 'bad' }]);
    const error: unknown = await loadGold({
      pool: db.pool,
      runId: 'run-3',
      dt: '2026-02-18',
      tables: [
        { name: 'daily_prices', parquetFile: prices2 },
        { name: 'instruments', parquetFile: broken },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoldLoadError);
    expect(String(error)).toMatch(/gold\.instruments/);
    // daily_prices had loaded fine inside the transaction; it rolled back with the rest.
    expect({ prices: await state(), instruments: await state('instruments') }).toEqual(before);
    const failed = (await logRows()).filter((r) => r.status === 'failed').map((r) => r.table_name);
    expect(failed).toEqual(['instruments']);
  });

  it('says so when Postgres is unreachable, and leaves no scratch files behind', async () => {
    const down = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    const scratch = await mkdtemp(path.join(tmpdir(), 'finplat-load-scratch-'));
    try {
      await expect(loadGoldTable({ ...input(prices1, { tmpDir: scratch }), pool: down })).rejects.toThrow(
        /cannot connect to Postgres .*nothing was loaded: check DATABASE_URL/,
      );
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      await down.end();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('never replaces gold loaded for a later date unless asked (a backfill keeps newer data)', async () => {
    await loadGoldTable({ ...input(prices2), dt: '2026-02-18' });
    const older = await loadGoldTable({ ...input(prices1), dt: '2026-02-17' });
    expect(older).toMatchObject({ status: 'kept-newer', skipped: true, liveDt: '2026-02-18' });
    // Decided before the file is judged: an older date's empty table is kept too, not an error.
    const empty = path.join(dir, 'empty-prices.parquet');
    await writeGoldParquet(empty, 'daily_prices', []);
    expect((await loadGoldTable({ ...input(empty), dt: '2026-02-16' })).status).toBe('kept-newer');
    expect(await state()).toEqual({ rows: '2002', runIds: 'run-v2' });
    // The same date again, or a later one, replaces as usual; so does an explicit replaceNewer.
    expect((await loadGoldTable({ ...input(prices1), dt: '2026-02-18' })).status).toBe('published');
    await loadGoldTable({ ...input(prices2), dt: '2026-02-19' });
    const forced = await loadGoldTable({ ...input(prices1, { replaceNewer: true }), dt: '2026-02-17' });
    expect(forced.status).toBe('published');
    expect(await state()).toEqual({ rows: '2001', runIds: 'run-v1' });
  });
});

/** A stream that holds the whole CSV and passes on `edit(text)`: a change between DuckDB and COPY. */
function editInTransit(edit: (text: string) => string): () => Transform {
  return () => {
    const chunks: Buffer[] = [];
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      flush(done) {
        done(null, edit(Buffer.concat(chunks).toString('utf8')));
      },
    });
  };
}
