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

/**
 * For models that parse large payloads: run the model once per batch of bronze keys of one dataset,
 * with `bronze.<source>_<dataset>` pointing at that batch only, and append. Valid only when the model
 * is decomposable by that key (every output row depends on one key's payloads, e.g. one symbol), and
 * its conservation checks are then summed over the batches. Bounds DuckDB's memory: a vector holds up
 * to 2048 rows, which for multi-megabyte payloads is gigabytes.
 */
export interface ModelBatch {
  readonly source: string;
  readonly dataset: string;
  readonly keysPerBatch: number;
}

export interface Model {
  readonly layer: Layer;
  readonly name: string;
  /** Absolute path of the model's `.sql` file: one SELECT, import CTEs first, `select * from final`. */
  readonly sqlFile: string;
  readonly key: readonly string[];
  readonly checks: readonly Check[];
  readonly batch?: ModelBatch;
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

/**
 * `CREATE OR REPLACE TABLE <layer>.<name> AS <model sql>`, or for a batched model the same over the
 * first batch and `INSERT INTO … <model sql>` over each later one (`eachBatch` re-points the bronze
 * view before each). Returns the row count.
 */
export async function buildModel(
  session: DuckSession,
  model: Model,
  eachBatch?: (run: (first: boolean) => Promise<void>) => Promise<void>,
): Promise<number> {
  const sql = (await readFile(model.sqlFile, 'utf8')).trim().replace(/;\s*$/, '');
  await session.run(`CREATE SCHEMA IF NOT EXISTS ${model.layer}`);
  const table = `${model.layer}.${model.name}`;
  try {
    if (eachBatch === undefined) {
      await session.run(`CREATE OR REPLACE TABLE ${table} AS ${sql}`);
    } else {
      await eachBatch(async (first) => {
        await session.run(
          first ? `CREATE OR REPLACE TABLE ${table} AS ${sql}` : `INSERT INTO ${table} ${sql}`,
        );
      });
    }
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
