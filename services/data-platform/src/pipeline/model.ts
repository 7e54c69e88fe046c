import { readFile } from 'node:fs/promises';
import type { DuckSession } from './duckdb.ts';

export type Layer = 'silver' | 'gold';

/** A data-quality check declared beside its model (dbt-style generic tests, plus conservation). */
export type Check =
  | { readonly kind: 'unique'; readonly columns: readonly string[] }
  | { readonly kind: 'not_null'; readonly columns: readonly string[] }
  | { readonly kind: 'accepted_values'; readonly column: string; readonly values: readonly string[] }
  /** Every non-null `column` exists in `to` (e.g. `silver.instruments`).`toColumn`. */
  | { readonly kind: 'relationship'; readonly column: string; readonly to: string; readonly toColumn: string }
  /** `condition` must hold for every row (e.g. `high >= low`). */
  | { readonly kind: 'expression'; readonly name: string; readonly condition: string }
  /**
   * Record conservation: `sql` returns one row `(in_rows, dropped_rows)`; the check holds when
   * in_rows = model rows + dropped_rows (drops are documented in the model: null bars, duplicates).
   */
  | { readonly kind: 'conservation'; readonly name: string; readonly sql: string };

export interface Model {
  readonly layer: Layer;
  readonly name: string;
  /** Absolute path of the model's `.sql` file: one SELECT, import CTEs first, `select * from final`. */
  readonly sqlFile: string;
  readonly key: readonly string[];
  readonly checks: readonly Check[];
}

export function checkName(check: Check): string {
  switch (check.kind) {
    case 'unique':
      return `unique(${check.columns.join(', ')})`;
    case 'not_null':
      return `not_null(${check.columns.join(', ')})`;
    case 'accepted_values':
      return `accepted_values(${check.column})`;
    case 'relationship':
      return `relationship(${check.column} -> ${check.to}.${check.toColumn})`;
    case 'expression':
      return check.name;
    case 'conservation':
      return check.name;
  }
}

/** `CREATE OR REPLACE TABLE <layer>.<name> AS <model sql>`; returns the row count. */
export async function buildModel(session: DuckSession, model: Model): Promise<number> {
  const sql = (await readFile(model.sqlFile, 'utf8')).trim().replace(/;\s*$/, '');
  await session.run(`CREATE SCHEMA IF NOT EXISTS ${model.layer}`);
  try {
    await session.run(`CREATE OR REPLACE TABLE ${model.layer}.${model.name} AS ${sql}`);
  } catch (error) {
    throw new Error(
      `Model ${model.layer}.${model.name} (${model.sqlFile}) failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const [row] = await session.all<{ n: bigint | number }>(
    `SELECT count(*) AS n FROM ${model.layer}.${model.name}`,
  );
  return Number(row?.n ?? 0);
}
