/**
 * One logical date, end to end: take the date's lock, settle what dead processes left 'running',
 * decide what to execute (everything, only what did not succeed, or nothing), run it, record it.
 * `finplat run`, `backfill`, `schedule` and `start` all come through runDate; `finplat task`
 * through runTask.
 */
import type pg from 'pg';
import { nodeById, topologicalOrder, type DagDefinition } from './dag.ts';
import { acquireLocks, dateLock, nodeLock } from './locks.ts';
import {
  abandonStale,
  completedAttempts,
  createRun,
  finishRun,
  historyRecorder,
  latestCompletion,
  latestRun,
  recordReused,
  runningRuns,
  type RunRow,
  type RunTrigger,
} from './run-history.ts';
import { runDag, type DagRunResult, type NodeImplementation, type NodeOutput } from './runner.ts';
import type { Slots } from './slots.ts';

/** What a process needs to run dates; built once (CLI wiring, or a test) and shared by all its dates. */
export interface Orchestrator {
  readonly pool: pg.Pool;
  readonly dag: DagDefinition;
  readonly implementations: Readonly<Record<string, NodeImplementation>>;
  readonly slots: Slots;
  readonly log: (line: string) => void;
  /** Test seam: the runner's backoff sleep. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/**
 * fresh: run every node, unless the date already succeeded.
 * resume: like fresh, but a failed or abandoned latest run is continued: only its unfinished nodes run.
 * rerun: run every node even if the date succeeded.
 */
export type RunMode = 'fresh' | 'resume' | 'rerun';

export type RunDateOutcome =
  | { readonly kind: 'already-succeeded'; readonly run: RunRow }
  | { readonly kind: 'busy'; readonly dt: string; readonly running: readonly RunRow[] }
  | {
      readonly kind: 'ran';
      readonly dt: string;
      readonly runId: number;
      readonly ok: boolean;
      readonly reused: readonly string[];
      readonly result: DagRunResult;
      /** Set when not ok: which node failed, why, and what to do. */
      readonly error?: string;
    };

export async function runDate(
  orchestrator: Orchestrator,
  options: {
    dt: string;
    trigger: Exclude<RunTrigger, 'task'>;
    mode: RunMode;
    wait: boolean;
    signal?: AbortSignal;
  },
): Promise<RunDateOutcome> {
  const { pool, dag, dt } = { ...orchestrator, dt: options.dt };
  const lock = await acquireLocks(pool, [dateLock(dt)], {
    wait: options.wait,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: () => {
      orchestrator.log(`${dt}: another run of this date holds its lock; waiting for it to finish`);
    },
  });
  if (!lock) return { kind: 'busy', dt, running: await runningRuns(pool, dt) };
  try {
    const abandoned = await abandonStale(pool, dt);
    if (abandoned.length > 0)
      orchestrator.log(
        `${dt}: run(s) ${abandoned.join(', ')} were left running by a dead process: abandoned`,
      );
    const latest = await latestRun(pool, dt, true);
    if (latest?.status === 'succeeded' && options.mode !== 'rerun')
      return { kind: 'already-succeeded', run: latest };

    const continued =
      options.mode === 'resume' && (latest?.status === 'failed' || latest?.status === 'abandoned')
        ? latest
        : undefined;
    const reused = continued ? await completedAttempts(pool, continued.id) : [];
    const order = topologicalOrder(dag);
    const done = new Set(reused.map((a) => a.node));
    const runId = await createRun(pool, {
      dt,
      trigger: options.trigger,
      mode: options.mode,
      nodes: order,
      ...(continued ? { resumedFrom: continued.id } : {}),
    });
    const available = new Map<string, NodeOutput>();
    for (const attempt of reused) {
      await recordReused(pool, runId, attempt);
      available.set(attempt.node, attempt.output ?? {});
    }
    orchestrator.log(
      `${dt}: run ${runId} (${options.trigger}, ${options.mode})${
        continued ? ` continues run ${continued.id}; reusing ${[...done].join(', ') || 'nothing'}` : ''
      }`,
    );
    const signals = [lock.lost, ...(options.signal ? [options.signal] : [])];
    const result = await runDag({
      dag,
      implementations: orchestrator.implementations,
      dt,
      execute: order.filter((id) => !done.has(id)),
      available,
      slots: orchestrator.slots,
      recorder: historyRecorder(pool, runId),
      log: orchestrator.log,
      signal: AbortSignal.any(signals),
      ...(orchestrator.sleep ? { sleep: orchestrator.sleep } : {}),
    });
    const error = result.ok ? undefined : explainFailure(dt, result, lock.lost.aborted, 'run');
    await finishRun(pool, runId, result.ok ? 'succeeded' : 'failed', error);
    return { kind: 'ran', dt, runId, ok: result.ok, reused: [...done], result, ...(error ? { error } : {}) };
  } finally {
    await lock.release();
  }
}

/**
 * `finplat task <node> --date D`: one attempt of one node (Airflow owns retries), its dependencies'
 * outputs read from the latest completions of those nodes for D in any run.
 */
export async function runTask(
  orchestrator: Orchestrator,
  options: { dt: string; node: string; signal?: AbortSignal },
): Promise<Extract<RunDateOutcome, { kind: 'ran' }>> {
  const { pool, dag, dt } = { ...orchestrator, dt: options.dt };
  const node = nodeById(dag, options.node);
  if (!node) throw new Error(`node "${options.node}" is not in DAG ${dag.id}`);
  const lock = await acquireLocks(pool, [dateLock(dt, true), nodeLock(dt, node.id)], {
    wait: true,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: () => {
      orchestrator.log(`${dt} ${node.id}: a run of this date or of this node is in progress; waiting for it`);
    },
  });
  if (!lock) throw new Error(`${dt} ${node.id}: stopped while waiting for the date's lock; nothing was run`);
  try {
    await abandonStale(pool, dt, node.id);
    const available = new Map<string, NodeOutput>();
    for (const dep of node.deps) {
      const completion = await latestCompletion(pool, dt, dep);
      if (completion) available.set(dep, completion.output ?? {});
    }
    const runId = await createRun(pool, { dt, trigger: 'task', mode: 'fresh', nodes: [node.id] });
    const result = await runDag({
      dag,
      implementations: orchestrator.implementations,
      dt,
      execute: [node.id],
      available,
      slots: orchestrator.slots,
      recorder: historyRecorder(pool, runId),
      log: orchestrator.log,
      signal: AbortSignal.any([lock.lost, ...(options.signal ? [options.signal] : [])]),
      maxAttempts: 1,
    });
    const error = result.ok ? undefined : explainFailure(dt, result, lock.lost.aborted, 'task');
    await finishRun(pool, runId, result.ok ? 'succeeded' : 'failed', error);
    return { kind: 'ran', dt, runId, ok: result.ok, reused: [], result, ...(error ? { error } : {}) };
  } finally {
    await lock.release();
  }
}

function explainFailure(dt: string, result: DagRunResult, lockLost: boolean, how: 'run' | 'task'): string {
  const failed = result.nodes.filter((n) => n.status === 'failed');
  const lines = failed.map(
    (n) => `${n.node} failed for ${dt} after ${n.attempts} attempt(s): ${n.error ?? 'unknown error'}`,
  );
  for (const n of result.nodes.filter((x) => x.status === 'blocked' && failed.length === 0))
    lines.push(`${n.node} for ${dt}: ${n.error ?? 'blocked'}`);
  if (lockLost)
    lines.push(`the connection holding the lock of ${dt} was lost; stopped to avoid a second writer`);
  else if (result.cancelled) lines.push(`stopped by a shutdown request before ${dt} finished`);
  const first = failed[0]?.node ?? result.nodes.find((n) => n.status !== 'succeeded')?.node ?? '';
  lines.push(
    how === 'run'
      ? `fix the cause, then \`finplat run --date ${dt} --resume\` re-runs only what did not succeed`
      : `fix the cause, then re-run \`finplat task ${first} --date ${dt}\` (or clear the task in Airflow)`,
  );
  return lines.join('; ');
}
