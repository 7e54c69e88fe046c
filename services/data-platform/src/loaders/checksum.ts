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
 *   double                    its IEEE 754 bits as 16 lowercase hex digits, big-endian (Postgres
 *                             `encode(float8send(x), 'hex')`; DuckDB: duckDoubleBits). Exact, and
 *                             3x cheaper in Postgres than printing 17 significant digits with
 *                             to_char; text forms are no option: the engines' shortest round-trip
 *                             printers pick different digits for values on a rounding boundary
 *                             (2.4123233358325472e+16 vs 2.412323335832547e+16, same double).
 *                             NaN is the canonical quiet NaN; -0 and +0 differ (both survive COPY).
 * Each row text is hashed with MD5 (available in both engines) and the table checksum is an
 * order-independent multiset hash: the digest's first 60 bits (15 hex digits) are summed over all rows
 * (exact: bigint → numeric / HUGEINT sums). Sums keep duplicates (XOR would cancel them) and need no
 * sort; a changed row goes unnoticed with probability 2^-60. The row count, the sum, the table name
 * and its typed column
 * list are then hashed with SHA-256 into the published checksum. MD5 is fine here: the adversary is
 * corruption, not an attacker. Text is hashed as bytes: the database must store the UTF-8 bytes
 * unchanged (encoding UTF8 or SQL_ASCII; pg-steps.ts checks).
 */
import { createHash } from 'node:crypto';
import { TYPE_MAP, type Column, type GoldTable } from '../marts/gold-tables.ts';
import { quoteIdent } from './sql.ts';

export type Engine = 'duckdb' | 'postgres';

export interface TableChecksum {
  readonly rows: number;
  readonly checksum: string;
}

// v2: doubles as IEEE bits (v1 printed them with to_char / printf %.16e, 3x slower in Postgres).
const VERSION = 'finplat-gold-checksum/v2';

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
      return engine === 'postgres' ? `encode(float8send(${c}), 'hex')` : duckDoubleBits(c);
  }
}

/**
 * A DuckDB DOUBLE as the 16 hex digits of its IEEE 754 bits, big-endian: what Postgres' float8send
 * gives. DuckDB has no bit cast, so the bits are computed exactly: every step below is exact in
 * binary64 (scaling by powers of two, subtracting 1 from a value in [1, 2)). log2 only guesses the
 * exponent; the two comparisons correct a guess that is off by one. NaN is Postgres' canonical NaN,
 * the only one a COPY of 'NaN' produces.
 */
export function duckDoubleBits(c: string): string {
  const a = `abs(${c})`;
  const guess = `floor(log2(${a}))::INTEGER`;
  const exponent =
    `(${guess} - CASE WHEN pow(2.0, ${guess}) > ${a} THEN 1 ELSE 0 END` +
    ` + CASE WHEN pow(2.0, ${guess} + 1) <= ${a} THEN 1 ELSE 0 END)`;
  const normal =
    `((${exponent} + 1023)::UBIGINT << 52)` +
    ` | (((${a} / pow(2.0, ${exponent})) - 1.0) * 4503599627370496.0)::UBIGINT`;
  // Subnormals: exponent field 0, fraction = a * 2^1074, scaled in two exact steps (2^1074 overflows).
  const subnormal = `((${a} * pow(2.0, 1022)) * 4503599627370496.0)::UBIGINT`;
  const magnitude =
    `CASE WHEN isnan(${c}) THEN 9221120237041090560::UBIGINT` +
    ` WHEN isinf(${c}) THEN 9218868437227405312::UBIGINT` +
    ` WHEN ${a} = 0 THEN 0::UBIGINT` +
    ` WHEN ${a} < 2.2250738585072014e-308 THEN ${subnormal} ELSE ${normal} END`;
  const sign = `CASE WHEN signbit(${c}) AND NOT isnan(${c}) THEN 9223372036854775808::UBIGINT ELSE 0::UBIGINT END`;
  return `lpad(lower(to_hex(${sign} | ${magnitude})), 16, '0')`;
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
 * A query over `from` (a table name or `read_parquet(…)`) returning one row of text columns: `n`
 * (row count) and `s1` (the sum of the rows' 60-bit words). One word, so each row's MD5 appears once
 * in a plain aggregate: no fence against the planner inlining it twice, and Postgres can split the
 * scan across parallel workers with partial sums (60 bits stay positive in a signed bigint, so the
 * sum runs in its fast 128-bit accumulator).
 */
export function checksumSql(table: GoldTable, engine: Engine, from: string): string {
  const hash = `md5(${canonicalRowSql(table, engine)})`;
  const word =
    engine === 'postgres'
      ? `('x' || left(${hash}, 15))::bit(60)::bigint`
      : `('0x' || left(${hash}, 15))::UBIGINT`;
  return `SELECT count(*)::text AS n, coalesce(sum(${word}), 0)::text AS s1 FROM ${from}`;
}

/**
 * Folds an engine's checksum row (the result of checksumSql) into the published checksum: hex
 * SHA-256 over the version, table, typed column list, row count and the sum.
 */
export function finishChecksum(
  table: GoldTable,
  row: Readonly<Record<string, unknown>> | undefined,
): TableChecksum {
  const parts = ['n', 's1'].map((key) => {
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
