/**
 * The DuckDB side of a load: check a gold Parquet file against the contract, compute its checksum,
 * and export its rows as CSV for Postgres COPY. DuckDB writes the CSV (multi-threaded, C++), Node only
 * streams the bytes, so a million-row table never passes through JavaScript values.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckSession } from '../pipeline/duckdb.ts';
import { TYPE_MAP, type GoldTable } from '../marts/gold-tables.ts';
import { checksumSql, duckDecimalText, finishChecksum, type TableChecksum } from './checksum.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

export class GoldFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoldFileError';
  }
}

export interface Duck {
  readonly connection: DuckDBConnection;
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

/**
 * An in-memory DuckDB (the pipeline's session settings: spill folder, no network): it only reads the
 * Parquet, hashes rows and writes the CSV, nothing persists. Half the transform's memory limit: the
 * load runs beside a Postgres backend and streams the CSV through Node, and a checksum's hashes
 * that do not fit spill to disk instead of pushing the process past its budget.
 */
export function openDuck(): Promise<Duck> {
  return openDuckSession({ tempDir: path.join(tmpdir(), 'finplat-duckdb'), memoryLimit: '512MB' });
}

function readParquet(file: string): string {
  return `read_parquet(${quoteLiteral(file)})`;
}

/**
 * Every contract column must exist with exactly its contract type (the schema-drift gate): a DOUBLE
 * where DECIMAL(38,12) is due would load but silently change the checksum's meaning. Extra columns
 * are allowed by the contract and ignored (the Postgres table has no place for them).
 */
export async function checkParquetSchema(duck: Duck, table: GoldTable, file: string): Promise<void> {
  let described: Map<string, string>;
  try {
    const reader = await duck.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${readParquet(file)}`);
    described = new Map(
      reader.getRowObjectsJson().map((r) => [asText(r['column_name']), asText(r['column_type'])]),
    );
  } catch (error) {
    throw new GoldFileError(`gold.${table.name}: cannot read ${file}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const problems: string[] = [];
  for (const column of table.columns) {
    const expected = TYPE_MAP[column.type].duckdb;
    const actual = described.get(column.name);
    if (actual === undefined) problems.push(`${column.name} is missing`);
    else if (actual !== expected) problems.push(`${column.name} is ${actual}, expected ${expected}`);
  }
  if (problems.length > 0) {
    throw new GoldFileError(
      `gold.${table.name}: ${file} does not match the contract: ${problems.join('; ')}`,
    );
  }
}

export async function parquetChecksum(
  duck: Duck,
  table: GoldTable,
  file: string,
  connection: DuckDBConnection = duck.connection,
): Promise<TableChecksum> {
  const reader = await connection.runAndReadAll(checksumSql(table, 'duckdb', readParquet(file)));
  return finishChecksum(table, reader.getRowObjectsJson()[0]);
}

/** The row count from the Parquet footer (no data pages are read). */
export async function parquetRows(duck: Duck, file: string): Promise<number> {
  const reader = await duck.connection.runAndReadAll(
    `SELECT count(*)::VARCHAR AS n FROM ${readParquet(file)}`,
  );
  return Number(reader.getRowObjectsJson()[0]?.['n']);
}

/**
 * Writes the contract columns, in contract order, as RFC 4180 CSV without header: NULL is an empty
 * unquoted field and an empty string is `""`, which is exactly how Postgres COPY (FORMAT csv) reads
 * them. Doubles are written in DuckDB's shortest round-trip form, which Postgres parses to the same
 * binary64 value; decimals as their full-scale text (via the fast path of duckDecimalText).
 */
export async function exportCsv(duck: Duck, table: GoldTable, file: string, csvFile: string): Promise<void> {
  const select = table.columns.map((c) => {
    const decimal = c.type === 'money' || c.type === 'rate' || c.type === 'quantity';
    return decimal ? `${duckDecimalText(c)} AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
  });
  await duck.connection.run(
    `COPY (SELECT ${select.join(', ')} FROM ${readParquet(file)}) TO ${quoteLiteral(csvFile)} ` +
      // USE_TMP_FILE false: the target is in the load's own fresh folder; no rename is needed.
      `(FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', USE_TMP_FILE false)`,
  );
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
