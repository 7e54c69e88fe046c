/**
 * A content checksum of a gold table that DuckDB (over the Parquet file) and Postgres (over the loaded
 * rows) compute independently and that must agree exactly.
 *
 * Canonical row text: the contract's columns in contract order, joined by `|` (concat_ws), each as
 *   NULL                      `N`
 *   text                      `<UTF-8 byte length>:<value>`  (self-delimiting: any `|`, `N`, comma,
 *                             quote or newline inside the value cannot shift field boundaries)
 *   date                      days since 1970-01-01 (no DateStyle, BC or year-10000 formatting)
 *   boolean                   `t` / `f`
 *   integer, bigint           decimal digits
 *   money, rate, quantity     the fixed-scale decimal text of the contract type, e.g. numeric(38,12)
 *                             `-0.000000000001`, `1.500000000000`: both engines print every scale digit
 *   double                    C printf `%.16e`: 17 significant digits, which identify a binary64 value
 *                             uniquely, e.g. `9.9999999999999998e-13`. Postgres to_char(x,
 *                             '9.9999999999999999EEEE') and DuckDB printf are both exact, correctly
 *                             rounded conversions (ties to even, checked in checksum.test.ts), unlike
 *                             the engines' shortest round-trip forms, whose layouts differ
 *                             (`2.251799813685248e+15` vs `2251799813685248.0`, `-0` vs `-0.0`).
 *                             NaN and ±Infinity are spelled out; -0 and +0 differ (both survive COPY).
 * Each row text is hashed with MD5 (available in both engines) and the table checksum is an
 * order-independent multiset hash: the 128-bit digest is split into four 32-bit words and each word is
 * summed over all rows (exact: bigint → numeric / HUGEINT sums). Sums keep duplicates (XOR would
 * cancel them) and need no sort. The row count, the four sums, the table name and its typed column
 * list are then hashed with SHA-256 into the published checksum. MD5 is fine here: the adversary is
 * corruption, not an attacker. Text is hashed as bytes: the database must store the UTF-8 bytes
 * unchanged (encoding UTF8 or SQL_ASCII; stage.ts checks).
 */
import { createHash } from 'node:crypto';
import { TYPE_MAP, type Column, type GoldTable } from '../marts/gold-tables.ts';
import { quoteIdent } from './sql.ts';

export type Engine = 'duckdb' | 'postgres';

export interface TableChecksum {
  readonly rows: number;
  readonly checksum: string;
}

const VERSION = 'finplat-gold-checksum/v1';
const WORDS = [1, 9, 17, 25] as const;

function render(column: Column, engine: Engine): string {
  const c = quoteIdent(column.name);
  switch (column.type) {
    case 'text':
      return `${engine === 'postgres' ? 'octet_length' : 'strlen'}(${c})::text || ':' || ${c}`;
    case 'date':
      return `(${c} - DATE '1970-01-01')::text`;
    case 'boolean':
      return `CASE WHEN ${c} THEN 't' WHEN NOT ${c} THEN 'f' END`;
    case 'integer':
    case 'bigint':
      return `${c}::text`;
    case 'money':
    case 'rate':
    case 'quantity':
      return engine === 'postgres' ? `${c}::text` : duckDecimalText(column);
    case 'double':
      return engine === 'postgres'
        ? `CASE WHEN ${c} = 'NaN'::float8 THEN 'NaN' WHEN ${c} = 'Infinity'::float8 THEN 'Infinity'` +
            ` WHEN ${c} = '-Infinity'::float8 THEN '-Infinity'` +
            ` ELSE ltrim(to_char(${c}, '9.9999999999999999EEEE')) END`
        : `CASE WHEN isnan(${c}) THEN 'NaN' WHEN ${c} = 'inf'::DOUBLE THEN 'Infinity'` +
            ` WHEN ${c} = '-inf'::DOUBLE THEN '-Infinity' ELSE printf('%.16e', ${c}) END`;
  }
}

/**
 * DuckDB's DECIMAL(38,s) → text goes through 128-bit arithmetic and is ~8× slower than for a
 * DECIMAL(18,s), which most prices fit. Narrowing to the same scale is exact or NULL (overflow), and
 * both print every scale digit, so the fast path falls back to the wide cast without changing text.
 */
export function duckDecimalText(column: Column): string {
  const match = /^DECIMAL\((\d+),(\d+)\)$/.exec(TYPE_MAP[column.type].duckdb);
  if (!match?.[2]) throw new Error(`${column.name} is not a decimal column`);
  const c = quoteIdent(column.name);
  const scale = Number(match[2]);
  // DECIMAL(18,18) prints `.5` for 0.5 (no integer digit): the fast path needs a scale below 18.
  return scale < 18 ? `coalesce(try_cast(${c} AS DECIMAL(18,${scale}))::text, ${c}::text)` : `${c}::text`;
}

/** The SQL expression of a row's canonical text (see the top of this file). */
export function canonicalRowSql(table: GoldTable, engine: Engine): string {
  // Every argument is coalesced, so concat_ws's skipping of NULLs never applies.
  return `concat_ws('|', ${table.columns.map((column) => `coalesce(${render(column, engine)}, 'N')`).join(', ')})`;
}

/**
 * A query over `from` (a table name or `read_parquet(…)`) returning one row of text columns:
 * `n` (row count) and `s1`..`s4` (the per-word sums). The row hash is computed once per row and
 * then referenced four times; both planners would happily inline it four times (4× the cost), hence
 * the fences: OFFSET 0 in Postgres (streams), a MATERIALIZED CTE in DuckDB (ignores OFFSET 0).
 */
export function checksumSql(table: GoldTable, engine: Engine, from: string): string {
  const word = (start: number): string =>
    engine === 'postgres'
      ? `('x' || substr(h, ${start}, 8))::bit(32)::bigint`
      : `('0x' || substr(h, ${start}, 8))::UBIGINT`;
  const sums = WORDS.map((start, i) => `coalesce(sum(${word(start)}), 0)::text AS s${i + 1}`).join(', ');
  const hashes = `SELECT md5(${canonicalRowSql(table, engine)}) AS h FROM ${from}`;
  return engine === 'postgres'
    ? `SELECT count(*)::text AS n, ${sums} FROM (${hashes} OFFSET 0) AS rows_md5`
    : `WITH rows_md5 AS MATERIALIZED (${hashes}) SELECT count(*)::text AS n, ${sums} FROM rows_md5`;
}

/**
 * Folds an engine's checksum row (the result of checksumSql) into the published checksum: hex
 * SHA-256 over the version, table, typed column list, row count and the four sums.
 */
export function finishChecksum(
  table: GoldTable,
  row: Readonly<Record<string, unknown>> | undefined,
): TableChecksum {
  const parts = ['n', 's1', 's2', 's3', 's4'].map((key) => {
    const value = row?.[key];
    if (typeof value !== 'string' || !/^\d+$/.test(value)) {
      throw new Error(`checksum query for ${table.name}: ${key} is ${String(value)}, expected digits`);
    }
    return value;
  });
  const columns = table.columns.map((c) => `${c.name}:${c.type}`).join(',');
  const checksum = createHash('sha256')
    .update([VERSION, table.name, columns, ...parts].join('\n'))
    .digest('hex');
  return { rows: Number(parts[0]), checksum };
}
