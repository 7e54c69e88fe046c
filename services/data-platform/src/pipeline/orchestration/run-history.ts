/**
 * Run history in Postgres schema `ops` (migration 0002): plain functions over a pool or a client.
 * Timestamps come from Postgres (now()); nothing here selects data by time.
 */
import { hostname } from 'node:os';
import type pg from 'pg';
import type { AttemptOutcome, AttemptRecorder, NodeOutput } from './runner.ts';

export type Queryable = pg.Pool | pg.PoolClient;
export type RunTrigger = 'manual' | 'backfill' | 'schedule' | 'task' | 'start';
export type RunMode = 'fresh' | 'resume' | 'rerun';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'abandoned';
export type AttemptStatus = 'running' | 'succeeded' | 'failed' | 'abandoned' | 'reused';

export interface RunRow {
  readonly id: number;
  readonly dt: string;
  readonly trigger: RunTrigger;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly nodes: readonly string[];
  readonly resumedFrom: number | null;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
}

export interface AttemptRow {
  readonly id: number;
  readonly runId: number;
  readonly node: string;
  readonly attempt: number;
  readonly status: AttemptStatus;
  readonly rowsIn: number | null;
  readonly rowsOut: number | null;
  readonly output: NodeOutput | null;
  readonly error: string | null;
  readonly reusedFrom: number | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

const RUN_COLUMNS = `id::float8 AS id, dt::text AS dt, trigger, mode, status, nodes,
  resumed_from::float8 AS "resumedFrom", host, pid, started_at AS "startedAt",
  finished_at AS "finishedAt", error`;
const attemptColumns = (t: string): string =>
  `${t}.id::float8 AS id, ${t}.run_id::float8 AS "runId", ${t}.node, ${t}.attempt, ${t}.status,
  ${t}.rows_in::float8 AS "rowsIn", ${t}.rows_out::float8 AS "rowsOut", ${t}.output, ${t}.error,
  ${t}.reused_from::float8 AS "reusedFrom", ${t}.started_at AS "startedAt", ${t}.finished_at AS "finishedAt"`;
const ATTEMPT_COLUMNS = attemptColumns('ops.task_attempts');

export async function createRun(
  db: Queryable,
  run: { dt: string; trigger: RunTrigger; mode: RunMode; nodes: readonly string[]; resumedFrom?: number },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ops.runs (dt, trigger, mode, status, nodes, resumed_from, host, pid)
     VALUES ($1, $2, $3, 'running', $4, $5, $6, $7) RETURNING id::float8 AS id`,
    [run.dt, run.trigger, run.mode, run.nodes, run.resumedFrom ?? null, hostname(), process.pid],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('ops.runs: insert returned no id');
  return id;
}

export async function finishRun(
  db: Queryable,
  id: number,
  status: Exclude<RunStatus, 'running'>,
  error?: string,
): Promise<void> {
  await db.query(`UPDATE ops.runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1`, [
    id,
    status,
    error?.slice(0, 4000) ?? null,
  ]);
}

/** Records attempts of one run as they start and finish: what the runner reports to. */
export function historyRecorder(db: Queryable, runId: number): AttemptRecorder {
  return {
    async started(node, attempt) {
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO ops.task_attempts (run_id, node, attempt, status) VALUES ($1, $2, $3, 'running')
         RETURNING id::float8 AS id`,
        [runId, node, attempt],
      );
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('ops.task_attempts: insert returned no id');
      return id;
    },
    async finished(attemptId, outcome: AttemptOutcome) {
      await db.query(
        `UPDATE ops.task_attempts SET status = $2, rows_in = $3, rows_out = $4, output = $5, error = $6,
         finished_at = now() WHERE id = $1`,
        [
          attemptId,
          outcome.status,
          outcome.rowsIn ?? null,
          outcome.rowsOut ?? null,
          outcome.output === undefined ? null : JSON.stringify(outcome.output),
          outcome.error?.slice(0, 4000) ?? null,
        ],
      );
    },
  };
}

/** Carries a node that succeeded in an earlier run into a resumed one (attempt 0, status 'reused'). */
export async function recordReused(db: Queryable, runId: number, from: AttemptRow): Promise<void> {
  await db.query(
    `INSERT INTO ops.task_attempts (run_id, node, attempt, status, rows_in, rows_out, output, reused_from, finished_at)
     VALUES ($1, $2, 0, 'reused', $3, $4, $5, $6, now())`,
    [
      runId,
      from.node,
      from.rowsIn,
      from.rowsOut,
      from.output === null ? null : JSON.stringify(from.output),
      from.id,
    ],
  );
}

/**
 * Marks 'running' runs (and their running attempts) of a date as abandoned. Only called by a
 * holder of the lock those runs held: their process is gone, since its connection released it.
 * `node` limits it to `finplat task` runs of that one node.
 */
export async function abandonStale(db: Queryable, dt: string, node?: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE ops.runs SET status = 'abandoned', finished_at = now(),
       error = 'the process ended without finishing (killed or crashed); nothing it committed is lost'
     WHERE dt = $1 AND status = 'running'
       AND ($2::text IS NULL OR (trigger = 'task' AND nodes = ARRAY[$2::text]))
     RETURNING id::float8 AS id`,
    [dt, node ?? null],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length > 0)
    await db.query(
      `UPDATE ops.task_attempts SET status = 'abandoned', finished_at = now(),
         error = 'the process ended during this attempt (killed or crashed)'
       WHERE run_id = ANY($1::bigint[]) AND status = 'running'`,
      [ids],
    );
  return ids;
}

/** The latest run of a date; `wholeDag` skips `finplat task` runs (they cover one node). */
export async function latestRun(db: Queryable, dt: string, wholeDag: boolean): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ops.runs WHERE dt = $1 AND (NOT $2 OR trigger <> 'task')
     ORDER BY id DESC LIMIT 1`,
    [dt, wholeDag],
  );
  return rows[0];
}

export async function runningRuns(db: Queryable, dt: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ops.runs WHERE dt = $1 AND status = 'running' ORDER BY id`,
    [dt],
  );
  return rows;
}

/** Attempts of a run that completed their node (succeeded, or reused from the run it resumed). */
export async function completedAttempts(db: Queryable, runId: number): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS} FROM ops.task_attempts
     WHERE run_id = $1 AND status IN ('succeeded', 'reused') ORDER BY id`,
    [runId],
  );
  return rows;
}

/** The most recent completion of a node for a date, in any run: what `finplat task` reads upstream. */
export async function latestCompletion(
  db: Queryable,
  dt: string,
  node: string,
): Promise<AttemptRow | undefined> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT ${attemptColumns('a')}
     FROM ops.task_attempts a JOIN ops.runs r ON r.id = a.run_id
     WHERE r.dt = $1 AND a.node = $2 AND a.status IN ('succeeded', 'reused')
     ORDER BY a.id DESC LIMIT 1`,
    [dt, node],
  );
  return rows[0];
}

export async function listRuns(db: Queryable, filter: { dt?: string; last: number }): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ops.runs WHERE ($1::date IS NULL OR dt = $1::date)
     ORDER BY id DESC LIMIT $2`,
    [filter.dt ?? null, filter.last],
  );
  return rows;
}

export async function attemptsOf(db: Queryable, runIds: readonly number[]): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS} FROM ops.task_attempts WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, id`,
    [runIds],
  );
  return rows;
}
