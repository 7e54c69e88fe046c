// The checksum must come out identical from DuckDB (over Parquet) and Postgres (over rows that reach
// it by a different road: parameterised INSERTs of the same text, no CSV), on values that trip up
// naive renderings; and it must change whenever the content does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TYPE_MAP, goldTable } from '../marts/gold-tables.ts';
import { randomBytes } from 'node:crypto';
import { checksumSql, duckDoubleBits, finishChecksum, type TableChecksum } from './checksum.ts';
import { migrate } from './migrate.ts';
import { openDuck, parquetChecksum } from './parquet.ts';
import { columnList, quoteIdent } from './sql.ts';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { writeGoldParquet, type TestRow } from './test-helpers/parquet.ts';

const TEXTS = [
  '',
  'a,b',
  'say "hi"',
  "it's",
  'line1\nline2',
  'crlf\r\n',
  'pipe|N',
  'N',
  '\\N',
  'tab\t\\',
  'é 日本 🎉',
];

const PRICES: TestRow[] = [
  ...TEXTS.map((text, i) => ({
    symbol: text,
    dt: ['1970-01-01', '1969-12-31', '2024-02-29', '0001-01-01', '9999-12-31'][i % 5] ?? null,
    open:
      ['-0.000000000001', '0.000000000001', '12345678901234567890123456.123456789012', '-1.5', '0'][i % 5] ??
      null,
    close: '129.039993286133',
    adj_close: '-0.000000000001',
    volume: ['-9223372036854775808', '9223372036854775807', '0', null][i % 4] ?? null,
    currency: TEXTS[(i + 3) % TEXTS.length] ?? null,
    close_usd: i % 2 === 0 ? null : '1e-12',
    ret_1d: ['1e-12', '-0.0', '5e-324', '1.7976931348623157e308', '0.1', 'nan', 'inf', '-inf'][i % 8] ?? null,
    sma_20: String(262141 / 262144), // a tie at the 17th significant digit: both engines round to even
    sma_50: String(-1 / 3),
    sma_200: i % 3 === 0 ? null : String(123456789012345680000),
    drawdown: '0',
    high_52w: '1',
    low_52w: '0.5',
    _run_id: `run-${i}`,
  })),
];

// Nullable text: NULL next to '' and 'N' in the same column.
const INSTRUMENTS: TestRow[] = TEXTS.map((text, i) => ({
  symbol: `S${i}`,
  name: text,
  exchange: i % 2 === 0 ? null : text,
  sector: i % 3 === 0 ? 'N' : null,
  first_dt: i % 2 === 0 ? null : '2000-01-03',
  _run_id: 'r',
}));

const FX: TestRow[] = [
  {
    dt: '2024-01-01',
    currency: 'JPY',
    usd_per_unit: '0.000000000000000001',
    eur_per_unit: '12345678901234567890.123456789012345678',
    rate_dt: '2023-12-29',
    is_filled: true,
    _run_id: 'r',
  },
  {
    dt: '2024-01-02',
    currency: 'EUR',
    usd_per_unit: '1.1',
    eur_per_unit: '1',
    rate_dt: '2024-01-02',
    is_filled: false,
    _run_id: 'r',
  },
];

const FUNDAMENTALS: TestRow[] = [
  {
    cik: '0000320193',
    fiscal_year: -2147483648,
    fiscal_period: 'Q4',
    period_end: '2024-09-28',
    revenue: '-0.000000000001',
    shares_outstanding: '-99999999999999999999999999999999.999999',
    _run_id: 'r',
  },
  {
    cik: '0000320193',
    fiscal_year: 2147483647,
    fiscal_period: 'FY',
    period_end: '2024-09-28',
    shares_outstanding: '0.000001',
    _run_id: 'r',
  },
];

describe('gold checksum on DuckDB and Postgres', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await migrate(db.pool);
    dir = await mkdtemp(path.join(tmpdir(), 'finplat-checksum-'));
  });

  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function duckChecksum(name: string, rows: readonly TestRow[]): Promise<TableChecksum> {
    const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.parquet`);
    await writeGoldParquet(file, name, rows);
    const duck = await openDuck();
    try {
      return await parquetChecksum(duck, goldTable(name), file);
    } finally {
      duck.close();
    }
  }

  /** Inserts the rows into a scratch copy of gold.<name> with one parameterised INSERT per row. */
  async function pgChecksum(name: string, rows: readonly TestRow[]): Promise<TableChecksum> {
    const table = goldTable(name);
    const scratch = `pg_temp.${quoteIdent(`scratch_${name}`)}`;
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `create temp table ${quoteIdent(`scratch_${name}`)} (like gold.${quoteIdent(name)})`,
      );
      const casts = table.columns.map((c, i) => `$${i + 1}::text::${TYPE_MAP[c.type].postgres}`).join(', ');
      for (const row of rows) {
        const values = table.columns.map((c) => (row[c.name] == null ? null : String(row[c.name])));
        await client.query(`insert into ${scratch} (${columnList(table)}) values (${casts})`, values);
      }
      const { rows: out } = await client.query<Record<string, unknown>>(
        checksumSql(table, 'postgres', scratch),
      );
      return finishChecksum(table, out[0]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it.each([
    ['daily_prices', PRICES],
    ['instruments', INSTRUMENTS],
    ['fx_rates', FX],
    ['fundamentals', FUNDAMENTALS],
  ] as const)('agrees on tricky %s values', async (name, rows) => {
    const duck = await duckChecksum(name, rows);
    expect(duck.rows).toBe(rows.length);
    expect(await pgChecksum(name, rows)).toEqual(duck);
  });

  it('encodes every double exactly as Postgres does, on random bit patterns and edges', async () => {
    const bits = new Float64Array(randomBytes(8 * 20_000).buffer);
    const edges = [0, -0, 1, -1, 100, 1e-5, 0.1, 1e14, 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE];
    // Subnormals, the boundary to normals, and powers of two where a log2 guess can be off by one.
    edges.push(5e-324, -5e-324, 2.2250738585072009e-308, 2.2250738585072014e-308, 2 ** -1000, 2 ** 1000);
    for (let e = -1074; e <= 1023; e += 7)
      edges.push(2 ** e, -(2 ** e) * (1 - 2 ** -53), 2 ** e * (1 + 2 ** -52));
    const values = [...edges, ...Array.from(bits).filter((x) => !Number.isNaN(x))];
    values.push(...values.slice(0, 2000).map((x) => Math.trunc(x / 1e290))); // small integers
    const literals = values.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    const { rows } = await db.pool.query<{ t: string }>(
      `select encode(float8send(v::float8), 'hex') as t from unnest($1::text[]) with ordinality as u(v, i) order by i`,
      [literals],
    );
    const duck = await openDuck();
    try {
      const list = literals.map((l, i) => `('${l}', ${i})`).join(',');
      const reader = await duck.connection.runAndReadAll(
        `SELECT ${duckDoubleBits('v::DOUBLE')} AS t FROM (VALUES ${list}) AS u(v, i) ORDER BY i`,
      );
      const duckTexts = reader.getRowObjectsJson().map((r) => JSON.stringify(r['t']).replace(/"/g, ''));
      const pgTexts = rows.map((r) => r.t);
      const firstDiff = pgTexts.findIndex((t, i) => t !== duckTexts[i]);
      expect(
        firstDiff === -1
          ? 'all equal'
          : `${literals[firstDiff]}: pg ${pgTexts[firstDiff]} duck ${duckTexts[firstDiff] ?? '(none)'}`,
      ).toBe('all equal');
      expect(duckTexts).toHaveLength(values.length);
    } finally {
      duck.close();
    }
  });

  it('agrees on an empty table', async () => {
    expect(await pgChecksum('fx_rates', [])).toEqual(await duckChecksum('fx_rates', []));
  });

  it('ignores row order but counts duplicates', async () => {
    const [a, b] = [FX[0] ?? {}, FX[1] ?? {}];
    const base = await duckChecksum('fx_rates', [a, b]);
    expect(await duckChecksum('fx_rates', [b, a])).toEqual(base);
    // Same multiset of hashes minus one plus one: a sum, not an XOR, so this cannot cancel out.
    const twice = await duckChecksum('fx_rates', [a, a, b]);
    expect(twice.checksum).not.toBe(base.checksum);
  });

  it('changes with any single value, including ones naive renderings confuse', async () => {
    const row = { ...PRICES[1], symbol: 'a|b', currency: 'c' };
    const base = await duckChecksum('daily_prices', [row]);
    const variants: TestRow[] = [
      { ...row, symbol: 'a', currency: 'b|c' }, // shifting a separator between text fields
      { ...row, currency: '' }, // empty string vs…
      { ...row, currency: null }, // …NULL
      { ...row, currency: 'N' }, // the NULL marker as text
      { ...row, open: '0.000000000002' }, // the last decimal place
      { ...row, ret_1d: '1.0000000000000002e-12' }, // the last bit of a double
      { ...row, ret_1d: '0.0' }, // +0 vs the -0.0 of PRICES[1]
      { ...row, dt: '1970-01-02' },
      { ...row, _run_id: 'run-x' },
    ];
    const seen = new Set([base.checksum]);
    for (const variant of variants) seen.add((await duckChecksum('daily_prices', [variant])).checksum);
    expect(seen.size).toBe(variants.length + 1);
  });
});
