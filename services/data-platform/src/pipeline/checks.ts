import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { sqlString, type DuckSession } from './duckdb.ts';
import { checkName, type Check, type Model } from './model.ts';

export interface CheckResult {
  readonly layer: string;
  readonly model: string;
  readonly check: string;
  readonly passed: boolean;
  /** Offending rows (or the size of the mismatch for conservation). */
  readonly failing: number;
  readonly sample: readonly Record<string, unknown>[];
  /** Parquet file with every offending row and a `_reason` column, when any. */
  readonly quarantineFile?: string;
  readonly detail?: string;
}

const SAMPLE = 5;

/** The condition that makes a row offend a row-level check (not for unique or conservation). */
function offendingCondition(check: Check): string | undefined {
  switch (check.kind) {
    case 'not_null':
      return check.columns.map((c) => `${c} IS NULL`).join(' OR ');
    case 'accepted_values':
      return `${check.column} IS NOT NULL AND ${check.column} NOT IN (${check.values.map(sqlString).join(', ')})`;
    case 'relationship':
      return `${check.column} IS NOT NULL AND ${check.column} NOT IN (SELECT ${check.toColumn} FROM ${check.to} WHERE ${check.toColumn} IS NOT NULL)`;
    case 'expression':
      return `NOT coalesce((${check.condition}), false)`;
    case 'unique':
    case 'conservation':
      return undefined;
  }
}

/** SQL selecting the offending rows of a row-level check, with the reason; undefined for conservation. */
function offendingRows(table: string, check: Check): string | undefined {
  const reason = sqlString(checkName(check));
  if (check.kind === 'unique') {
    const cols = check.columns.join(', ');
    return `SELECT t.*, ${reason} AS _reason FROM ${table} t WHERE (${cols}) IN (SELECT (${cols}) FROM ${table} GROUP BY ${cols} HAVING count(*) > 1)`;
  }
  const condition = offendingCondition(check);
  return condition === undefined
    ? undefined
    : `SELECT t.*, ${reason} AS _reason FROM ${table} t WHERE ${condition}`;
}

/**
 * One scan of the table answers every row-level check at once (a count of offending rows per check);
 * the key's uniqueness is one GROUP BY (a hash aggregate DuckDB can spill, unlike count(DISTINCT),
 * which held 5M keys in memory and pushed the run past its memory budget). Only a check that fails
 * then pays for its own query (count of offending rows, sample, quarantine file).
 */
async function failingCounts(
  session: DuckSession,
  table: string,
  checks: readonly Check[],
): Promise<number[]> {
  const columns = checks.map((check, i) => {
    const condition = offendingCondition(check);
    return condition === undefined ? `0 AS c${i}` : `count(*) FILTER (WHERE ${condition}) AS c${i}`;
  });
  const [row] = await session.all(`SELECT ${columns.join(', ')} FROM ${table} t`);
  const counts: number[] = [];
  for (const [i, check] of checks.entries()) {
    if (check.kind === 'unique') {
      const cols = check.columns.join(', ');
      const [dup] = await session.all(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${table} GROUP BY ${cols} HAVING count(*) > 1)`,
      );
      counts.push(Number(dup?.['n'] ?? 0));
    } else counts.push(Number(row?.[`c${i}`] ?? 0));
  }
  return counts;
}

/**
 * Runs a model's checks against its freshly built table. Offending rows go to
 * `<quarantineDir>/<layer>/<model>/<check>.parquet` with the reason; the caller decides not to
 * publish the layer when any check failed.
 */
export interface ConservationCounts {
  readonly inRows: number;
  readonly droppedRows: number;
}

/** Runs a conservation check's SQL: one row `(in_rows, dropped_rows)`. */
export async function conservationCounts(session: DuckSession, sql: string): Promise<ConservationCounts> {
  const [row] = await session.all<{ in_rows: bigint | number; dropped_rows: bigint | number }>(sql);
  return { inRows: Number(row?.in_rows ?? 0), droppedRows: Number(row?.dropped_rows ?? 0) };
}

export async function runChecks(
  session: DuckSession,
  model: Model,
  quarantineDir: string,
  /** Conservation counts already summed over a batched model's batches, by check name. */
  precomputed: ReadonlyMap<string, ConservationCounts> = new Map(),
): Promise<CheckResult[]> {
  const table = `${model.layer}.${model.name}`;
  const checks: Check[] = [
    { kind: 'unique', columns: model.key },
    { kind: 'not_null', columns: model.key },
    ...model.checks,
  ];
  const results: CheckResult[] = [];
  const quick = await failingCounts(session, table, checks);
  for (const [index, check] of checks.entries()) {
    const name = checkName(check);
    if (check.kind === 'conservation') {
      const counts = precomputed.get(name) ?? (await conservationCounts(session, check.sql));
      const inRows = counts.inRows;
      const dropped = counts.droppedRows;
      const [out] = await session.all<{ n: bigint | number }>(`SELECT count(*) AS n FROM ${table}`);
      const outRows = Number(out?.n ?? 0);
      const gap = inRows - outRows - dropped;
      results.push({
        layer: model.layer,
        model: model.name,
        check: name,
        passed: gap === 0,
        failing: Math.abs(gap),
        sample: [],
        detail: `in ${inRows} = out ${outRows} + dropped ${dropped}${gap === 0 ? '' : ` (off by ${gap})`}`,
      });
      continue;
    }
    const sql = offendingRows(table, check) ?? '';
    const failing =
      quick[index] === 0
        ? 0
        : Number((await session.all<{ n: bigint }>(`SELECT count(*) AS n FROM (${sql})`))[0]?.n ?? 0);
    if (failing === 0) {
      results.push({
        layer: model.layer,
        model: model.name,
        check: name,
        passed: true,
        failing: 0,
        sample: [],
      });
      continue;
    }
    const sample = await session.all(`${sql} LIMIT ${SAMPLE}`);
    const dir = path.join(quarantineDir, model.layer, model.name);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_]+/g, '_')}.parquet`);
    await session.run(`COPY (${sql}) TO ${sqlString(file)} (FORMAT parquet)`);
    results.push({
      layer: model.layer,
      model: model.name,
      check: name,
      passed: false,
      failing,
      sample,
      quarantineFile: file,
    });
  }
  return results;
}
