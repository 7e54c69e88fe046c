/**
 * The built-in executor of one DAG for one logical date: nodes whose dependencies succeeded run
 * concurrently (bounded by Slots: a total and per-pool caps), each attempt under a timeout, failed
 * attempts retried with capped exponential backoff. What happened is reported to an AttemptRecorder
 * (ops.task_attempts in production) as it happens, so a process killed at any moment leaves a
 * history that says exactly which nodes finished.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { nodeById, retryDelayMs, topologicalOrder, type DagDefinition, type NodeDefinition } from './dag.ts';
import type { Slots } from './slots.ts';

/** What a node hands its dependents (stored as JSON in ops.task_attempts.output). */
export type NodeOutput = Readonly<Record<string, unknown>>;

export interface NodeContext {
  readonly dt: string;
  readonly node: string;
  readonly attempt: number;
  /** Aborted on timeout or when the run is cancelled; nodes that can stop early should listen. */
  readonly signal: AbortSignal;
  /** The output of a dependency for the same date; throws if it has none. */
  readonly upstream: (node: string) => NodeOutput;
  readonly log: (message: string) => void;
}

export interface NodeResult {
  readonly rowsIn?: number;
  readonly rowsOut?: number;
  readonly output?: NodeOutput;
  /** In-memory detail for the caller (e.g. `finplat start` prints it); not stored. */
  readonly report?: unknown;
}

export type NodeImplementation = (ctx: NodeContext) => Promise<NodeResult>;

/** Thrown by a node to say how it failed; `retriable: false` skips the remaining attempts. */
export class NodeFailure extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'NodeFailure';
    this.retriable = options.retriable;
  }
}

export interface AttemptOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly rowsIn?: number | undefined;
  readonly rowsOut?: number | undefined;
  readonly output?: NodeOutput | undefined;
  readonly error?: string | undefined;
}

export interface AttemptRecorder {
  started(node: string, attempt: number): Promise<number>;
  finished(attemptId: number, outcome: AttemptOutcome): Promise<void>;
}

export type NodeStatus = 'succeeded' | 'failed' | 'blocked' | 'cancelled';

export interface NodeRunOutcome {
  readonly node: string;
  readonly status: NodeStatus;
  readonly attempts: number;
  readonly seconds: number;
  readonly error?: string;
  readonly result?: NodeResult;
}

export interface DagRunResult {
  readonly ok: boolean;
  readonly cancelled: boolean;
  /** Executed (or blocked/cancelled) nodes in dependency order; reused nodes are not listed. */
  readonly nodes: readonly NodeRunOutcome[];
}

export interface RunDagOptions {
  readonly dag: DagDefinition;
  readonly implementations: Readonly<Record<string, NodeImplementation>>;
  readonly dt: string;
  /** The nodes to execute; every other node's output must be in `available`. */
  readonly execute: readonly string[];
  readonly available?: ReadonlyMap<string, NodeOutput>;
  readonly slots: Slots;
  readonly recorder: AttemptRecorder;
  readonly log: (line: string) => void;
  /** Stops starting nodes and attempts; running ones see their context's signal aborted. */
  readonly signal?: AbortSignal;
  /** Overrides every node's retry policy (`finplat task`: 1, since Airflow retries itself). */
  readonly maxAttempts?: number;
  /** How long a timed-out attempt may take to stop before its node gives up retrying. */
  readonly stopGraceMs?: number;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const abortableSleep = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
  await delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
};

export async function runDag(options: RunDagOptions): Promise<DagRunResult> {
  const { dag, signal } = options;
  const order = topologicalOrder(dag);
  for (const id of options.execute) {
    if (!nodeById(dag, id)) throw new Error(`node "${id}" is not in DAG ${dag.id}`);
    if (!(id in options.implementations)) throw new Error(`node "${id}" has no implementation`);
  }
  const outputs = new Map(options.available);
  const outcomes = new Map<string, NodeRunOutcome>();
  const pending = new Set(order.filter((id) => options.execute.includes(id)));
  const running = new Map<string, Promise<void>>();

  for (;;) {
    for (const id of [...pending]) {
      const node = nodeById(dag, id);
      if (!node) continue;
      const broken = node.deps.find((d) => {
        const status = outcomes.get(d)?.status;
        return status !== undefined && status !== 'succeeded';
      });
      const missing = node.deps.find((d) => !outputs.has(d) && !pending.has(d) && !running.has(d));
      if (broken !== undefined || missing !== undefined) {
        pending.delete(id);
        outcomes.set(id, {
          node: id,
          status: 'blocked',
          attempts: 0,
          seconds: 0,
          error:
            broken !== undefined
              ? `not run: upstream ${broken} did not succeed`
              : `not run: upstream ${missing ?? ''} has not succeeded for ${options.dt}`,
        });
      } else if (!aborted(signal) && node.deps.every((d) => outputs.has(d))) {
        pending.delete(id);
        running.set(
          id,
          runNode(node, options, outputs).then((outcome) => {
            outcomes.set(id, outcome);
            running.delete(id);
          }),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  for (const id of pending)
    outcomes.set(id, { node: id, status: 'cancelled', attempts: 0, seconds: 0, error: 'not run: cancelled' });
  const nodes = order.flatMap((id) => {
    const outcome = outcomes.get(id);
    return outcome ? [outcome] : [];
  });
  return {
    ok: nodes.every((n) => n.status === 'succeeded'),
    cancelled: aborted(signal),
    nodes,
  };
}

async function runNode(
  node: NodeDefinition,
  options: RunDagOptions,
  outputs: Map<string, NodeOutput>,
): Promise<NodeRunOutcome> {
  const implementation = options.implementations[node.id];
  const maxAttempts = options.maxAttempts ?? node.retry.retries + 1;
  const sleep = options.sleep ?? abortableSleep;
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  const say = (message: string): void => {
    options.log(`${options.dt} ${node.id}: ${message}`);
  };
  let lastError = '';
  let attempt = 0;
  try {
    while (attempt < maxAttempts) {
      if (aborted(options.signal)) break;
      attempt += 1;
      const release = await options.slots.acquire(node.pool);
      let attemptResult: AttemptResult;
      try {
        if (aborted(options.signal)) break;
        const attemptId = await options.recorder.started(node.id, attempt);
        say(`attempt ${attempt} of ${maxAttempts} started`);
        const started = performance.now();
        attemptResult = implementation
          ? await runAttempt(implementation, node, options, outputs, attempt)
          : { ok: false, error: 'no implementation', retriable: false };
        const took = ((performance.now() - started) / 1000).toFixed(1);
        if (attemptResult.ok) {
          const { result } = attemptResult;
          await options.recorder.finished(attemptId, { status: 'succeeded', ...result });
          outputs.set(node.id, result.output ?? {});
          say(
            `succeeded in ${took} s${result.rowsOut === undefined ? '' : ` (${result.rowsIn ?? '?'} in, ${result.rowsOut} out)`}`,
          );
          return { node: node.id, status: 'succeeded', attempts: attempt, seconds: seconds(), result };
        }
        lastError = attemptResult.error;
        await options.recorder.finished(attemptId, { status: 'failed', error: lastError });
        say(`attempt ${attempt} failed after ${took} s: ${lastError}`);
      } finally {
        release();
      }
      if (!attemptResult.retriable || attempt >= maxAttempts || aborted(options.signal)) break;
      const wait = retryDelayMs(node.retry, attempt);
      say(`retrying in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait, options.signal);
    }
  } catch (error) {
    // The recorder failed (Postgres gone): the node's outcome can no longer be trusted as recorded.
    lastError = `could not record the attempt in ops: ${errorText(error)}`;
    say(lastError);
  }
  const cancelled = aborted(options.signal) && lastError === '';
  return {
    node: node.id,
    status: cancelled ? 'cancelled' : 'failed',
    attempts: attempt,
    seconds: seconds(),
    error: cancelled ? 'not run: cancelled' : lastError,
  };
}

type AttemptResult =
  | { readonly ok: true; readonly result: NodeResult }
  | { readonly ok: false; readonly error: string; readonly retriable: boolean };

async function runAttempt(
  implementation: NodeImplementation,
  node: NodeDefinition,
  options: RunDagOptions,
  outputs: ReadonlyMap<string, NodeOutput>,
  attempt: number,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const onRunAbort = (): void => {
    controller.abort(new Error('run cancelled'));
  };
  options.signal?.addEventListener('abort', onRunAbort, { once: true });
  const ctx: NodeContext = {
    dt: options.dt,
    node: node.id,
    attempt,
    signal: controller.signal,
    upstream: (dep) => {
      const output = outputs.get(dep);
      if (output === undefined)
        throw new NodeFailure(
          `${node.id} needs the output of ${dep} for ${options.dt}, which has not succeeded; run ${dep} first`,
          { retriable: false },
        );
      return output;
    },
    log: (message) => {
      options.log(`${options.dt} ${node.id}: ${message}`);
    },
  };
  const execution: Promise<AttemptResult> = Promise.resolve()
    .then(() => implementation(ctx))
    .then(
      (result): AttemptResult => ({ ok: true, result }),
      (error: unknown): AttemptResult => ({
        ok: false,
        error: errorText(error),
        retriable: !(error instanceof NodeFailure) || error.retriable,
      }),
    );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, node.timeoutSeconds * 1000);
  });
  try {
    const first = await Promise.race([execution, timedOut]);
    if (first !== 'timeout') return first;
    controller.abort(new Error(`timed out after ${node.timeoutSeconds} s`));
    // A retry must not run beside a previous attempt that is still writing: wait for it to stop.
    const grace = options.stopGraceMs ?? Math.min(node.timeoutSeconds * 1000, 60_000);
    const graceTimer = new AbortController();
    const stopped = await Promise.race([
      execution.then(() => true),
      delay(grace, false, { signal: graceTimer.signal }).catch(() => false),
    ]);
    graceTimer.abort();
    return {
      ok: false,
      error: stopped
        ? `timed out after ${node.timeoutSeconds} s`
        : `timed out after ${node.timeoutSeconds} s and did not stop within ${grace / 1000} s; not retried`,
      retriable: stopped,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onRunAbort);
  }
}

export function errorText(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && parts.length < 4;
    e = e instanceof Error ? e.cause : undefined
  )
    parts.push(e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e));
  return parts.join(' <- ');
}

/** A function, not a property read, so TypeScript does not keep an earlier check's narrowing across awaits. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
