/** Quoting for SQL text we build ourselves (identifiers from the gold contract, local file paths). */
import type { GoldTable } from '../marts/gold-tables.ts';

/** A double-quoted identifier; the same rules in Postgres and DuckDB. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted string literal (standard_conforming_strings: no backslash escapes). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('SQL string literal cannot contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

export const GOLD_SCHEMA = 'gold';

export function liveTable(table: GoldTable): string {
  return `${quoteIdent(GOLD_SCHEMA)}.${quoteIdent(table.name)}`;
}

/** Lives only inside the load transaction that creates it (see load.ts). */

export function columnList(table: GoldTable): string {
  return table.columns.map((c) => quoteIdent(c.name)).join(', ');
}
