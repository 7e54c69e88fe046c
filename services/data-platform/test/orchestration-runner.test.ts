/**
 * The built-in runner against a real Postgres (run history, advisory locks) with test nodes
 * injected in place of the pipeline's: concurrency bounds, pools, retries with backoff, timeouts,
 * resume, the lock against a second run of a date, abandoned runs, `task`, backfill, schedule.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { migrate } from '../src/loaders/migrate.ts';
import { backfill } from '../src/pipeline/orchestration/backfill.ts';
import type { DagDefinition, NodeDefinition } from '../src/pipeline/orchestration/dag.ts';
import { runDate, runTask, type Orchestrator } from '../src/pipeline/orchestration/run-date.ts';
import { createRun, historyRecorder } from '../src/pipeline/orchestration/run-history.ts';
import { NodeFailure, type NodeImplementation } from '../src/pipeline/orchestration/runner.ts';
import { runScheduler, type Clock } from '../src/pipeline/orchestration/scheduler.ts';
import { Slots } from '../src/pipeline/orchestration/slots.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('databaseUrl'));
  await migrate(db.pool);
});
afterAll(async () => {
  await db.drop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function def(id: string, deps: string[] = [], extra: Partial<NodeDefinition> = {}): NodeDefinition {
  return {
    id,
    description: id,
    deps,
    partition: 'dt',
    retry: { retries: 0, delaySeconds: 0, maxDelaySeconds: 0 },
    timeoutSeconds: 10,
    ...extra,
  };
}

function dagOf(nodes: NodeDefinition[], pools: DagDefinition['pools'] = []): DagDefinition {
  return {
    id: 'test',
    description: 'test',
    nodes,
    pools,
    maxActiveRuns: 2,
    startDate: '2026-01-01',
    catchup: true,
  };
}

function orchestrator(
  dag: DagDefinition,
  implementations: Record<string, NodeImplementation>,
  concurrency = 4,
): Orchestrator & { lines: string[] } {
  const lines: string[] = [];
  return {
    pool: db.pool,
    dag,
    implementations,
    slots: new Slots(dag, concurrency),
    log: (line) => lines.push(line),
    lines,
  };
}

interface AttemptView {
  node: string;
  attempt: number;
  status: string;
  error: string | null;
  rows_out: string | null;
}
async function attemptsOf(runId: number): Promise<AttemptView[]> {
  const { rows } = await db.pool.query<AttemptView>(
    `SELECT node, attempt, status, error, rows_out::text FROM ops.task_attempts WHERE run_id = $1 ORDER BY node, attempt`,
    [runId],
  );
  return rows;
}
async function runOf(
  runId: number,
): Promise<{ status: string; mode: string; resumed_from: string | null; error: string | null }> {
  const { rows } = await db.pool.query<{
    status: string;
    mode: string;
    resumed_from: string | null;
    error: string | null;
  }>(`SELECT status, mode, resumed_from::text, error FROM ops.runs WHERE id = $1`, [runId]);
  const row = rows[0];
  if (!row) throw new Error(`no run ${runId}`);
  return row;
}

function ran(outcome: Awaited<ReturnType<typeof runDate>>) {
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got ${outcome.kind}`);
  return outcome;
}

describe('runner', () => {
  it('runs independent nodes concurrently up to the bound, and one node of a pool at a time', async () => {
    let active = 0;
    let maxActive = 0;
    let inPool = 0;
    let maxInPool = 0;
    const work =
      (pooled: boolean): NodeImplementation =>
      async () => {
        active += 1;
        if (pooled) inPool += 1;
        maxActive = Math.max(maxActive, active);
        maxInPool = Math.max(maxInPool, inPool);
        await sleep(60);
        active -= 1;
        if (pooled) inPool -= 1;
        return { rowsIn: 1, rowsOut: 1 };
      };
    const nodes = [
      ...['x1', 'x2', 'x3', 'x4'].map((id) => def(id)),
      ...['y1', 'y2', 'y3'].map((id) => def(id, [], { pool: 'p' })),
    ];
    const o = orchestrator(
      dagOf(nodes, [{ name: 'p', slots: 1, description: 'one at a time' }]),
      Object.fromEntries(nodes.map((n) => [n.id, work(n.pool !== undefined)])),
      3,
    );
    const outcome = ran(
      await runDate(o, { dt: '2026-01-05', trigger: 'manual', mode: 'fresh', wait: false }),
    );
    expect(outcome.ok).toBe(true);
    expect(maxActive).toBe(3);
    expect(maxInPool).toBe(1);
    const attempts = await attemptsOf(outcome.runId);
    expect(attempts.map((a) => `${a.node}:${a.status}:${a.rows_out}`)).toEqual(
      nodes.map((n) => `${n.id}:succeeded:1`).sort(),
    );
  });

  it('retries a failing node with capped exponential backoff and records every attempt', async () => {
    const starts: number[] = [];
    let once = 0;
    const o = orchestrator(
      dagOf([
        def('flaky', [], { retry: { retries: 3, delaySeconds: 0.15, maxDelaySeconds: 0.2 } }),
        def('fatal', [], { retry: { retries: 3, delaySeconds: 0.01, maxDelaySeconds: 0.01 } }),
      ]),
      {
        flaky: async () => {
          starts.push(performance.now());
          await Promise.resolve();
          if (starts.length < 3) throw new Error(`source answered 503 (try ${starts.length})`);
          return { rowsOut: 7 };
        },
        fatal: async () => {
          once += 1;
          await Promise.resolve();
          throw new NodeFailure('checks failed: retrying cannot help', { retriable: false });
        },
      },
    );
    const outcome = ran(
      await runDate(o, { dt: '2026-01-06', trigger: 'manual', mode: 'fresh', wait: false }),
    );
    expect(outcome.ok).toBe(false);
    // Delays 0.15 s, then 0.3 s capped at 0.2 s (timers may fire a millisecond early).
    const [s1 = 0, s2 = 0, s3 = 0] = starts;
    expect(s2 - s1).toBeGreaterThanOrEqual(149);
    expect(s3 - s2).toBeGreaterThanOrEqual(199);
    expect(s3 - s2).toBeLessThan(290);
    expect(once).toBe(1);
    expect(await attemptsOf(outcome.runId)).toEqual([
      {
        node: 'fatal',
        attempt: 1,
        status: 'failed',
        error: 'checks failed: retrying cannot help',
        rows_out: null,
      },
      { node: 'flaky', attempt: 1, status: 'failed', error: 'source answered 503 (try 1)', rows_out: null },
      { node: 'flaky', attempt: 2, status: 'failed', error: 'source answered 503 (try 2)', rows_out: null },
      { node: 'flaky', attempt: 3, status: 'succeeded', error: null, rows_out: '7' },
    ]);
    expect(outcome.error).toContain('fatal failed for 2026-01-06 after 1 attempt(s)');
    expect(outcome.error).toContain('finplat run --date 2026-01-06 --resume');
  });

  it('times an attempt out, lets it stop, then retries it', async () => {
    let calls = 0;
    const o = orchestrator(
      dagOf([
        def('slow', [], { timeoutSeconds: 0.2, retry: { retries: 1, delaySeconds: 0, maxDelaySeconds: 0 } }),
      ]),
      {
        slow: async (ctx) => {
          calls += 1;
          if (calls === 1) {
            await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
            throw new Error('stopped');
          }
          return {};
        },
      },
    );
    const t0 = performance.now();
    const outcome = ran(
      await runDate(o, { dt: '2026-01-07', trigger: 'manual', mode: 'fresh', wait: false }),
    );
    expect(outcome.ok).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(199);
    const attempts = await attemptsOf(outcome.runId);
    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 'failed', 'timed out after 0.2 s'],
      [2, 'succeeded', null],
    ]);
  });
});

describe('runs of a date', () => {
  const chain = dagOf([def('a'), def('b', ['a']), def('c', ['b'])]);

  it('--resume re-runs only what did not succeed; a succeeded date is left alone unless --rerun', async () => {
    const calls = { a: 0, b: 0, c: 0 };
    let bBroken = true;
    const o = orchestrator(chain, {
      a: async () => {
        calls.a += 1;
        await Promise.resolve();
        return { output: { partition: 'a-of-date' } };
      },
      b: async (ctx) => {
        calls.b += 1;
        await Promise.resolve();
        if (bBroken) throw new NodeFailure('bad input', { retriable: false });
        return { output: { saw: ctx.upstream('a').partition } };
      },
      c: async (ctx) => {
        calls.c += 1;
        await Promise.resolve();
        expect(ctx.upstream('b')).toEqual({ saw: 'a-of-date' });
        return {};
      },
    });
    const dt = '2026-01-08';
    const first = ran(await runDate(o, { dt, trigger: 'manual', mode: 'fresh', wait: false }));
    expect(first.ok).toBe(false);
    expect(first.result.nodes.map((n) => [n.node, n.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'failed'],
      ['c', 'blocked'],
    ]);
    expect((await runOf(first.runId)).status).toBe('failed');

    bBroken = false;
    const resumed = ran(await runDate(o, { dt, trigger: 'manual', mode: 'resume', wait: false }));
    expect(resumed.ok).toBe(true);
    expect(resumed.reused).toEqual(['a']);
    expect(calls).toEqual({ a: 1, b: 2, c: 1 });
    expect(await runOf(resumed.runId)).toMatchObject({
      status: 'succeeded',
      mode: 'resume',
      resumed_from: String(first.runId),
    });
    expect((await attemptsOf(resumed.runId)).map((a) => [a.node, a.attempt, a.status])).toEqual([
      ['a', 0, 'reused'],
      ['b', 1, 'succeeded'],
      ['c', 1, 'succeeded'],
    ]);

    const again = await runDate(o, { dt, trigger: 'manual', mode: 'resume', wait: false });
    expect(again).toMatchObject({ kind: 'already-succeeded', run: { id: resumed.runId } });
    expect(calls).toEqual({ a: 1, b: 2, c: 1 });
    const rerun = ran(await runDate(o, { dt, trigger: 'manual', mode: 'rerun', wait: false }));
    expect(rerun.ok).toBe(true);
    expect(calls).toEqual({ a: 2, b: 3, c: 2 });
  });

  it('refuses a second run of a date while one holds it, or queues behind it with --wait', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    let calls = 0;
    const o = orchestrator(dagOf([def('only')]), {
      only: async () => {
        calls += 1;
        started();
        await gate;
        return {};
      },
    });
    const dt = '2026-01-09';
    const first = runDate(o, { dt, trigger: 'manual', mode: 'fresh', wait: false });
    await inside;
    const second = await runDate(o, { dt, trigger: 'manual', mode: 'fresh', wait: false });
    expect(second.kind).toBe('busy');
    if (second.kind === 'busy') expect(second.running.map((r) => r.trigger)).toEqual(['manual']);
    const third = runDate(o, { dt, trigger: 'backfill', mode: 'resume', wait: true });
    await sleep(300);
    release();
    expect(ran(await first).ok).toBe(true);
    expect((await third).kind).toBe('already-succeeded');
    expect(calls).toBe(1);
  });

  it('a run left running by a dead process is marked abandoned and resumed from what it finished', async () => {
    const dt = '2026-01-12';
    // What a killed process leaves: a running run, a's attempt committed, b's attempt half-way.
    const dead = await createRun(db.pool, { dt, trigger: 'manual', mode: 'fresh', nodes: ['a', 'b', 'c'] });
    const recorder = historyRecorder(db.pool, dead);
    await recorder.finished(await recorder.started('a', 1), {
      status: 'succeeded',
      output: { from: 'dead' },
    });
    await recorder.started('b', 1);
    const calls: string[] = [];
    const node =
      (id: string): NodeImplementation =>
      async (ctx) => {
        calls.push(id);
        await Promise.resolve();
        if (id === 'b') expect(ctx.upstream('a')).toEqual({ from: 'dead' });
        return {};
      };
    const o = orchestrator(chain, { a: node('a'), b: node('b'), c: node('c') });
    const outcome = ran(await runDate(o, { dt, trigger: 'manual', mode: 'resume', wait: false }));
    expect(outcome.ok).toBe(true);
    expect(calls).toEqual(['b', 'c']);
    expect(await runOf(dead)).toMatchObject({ status: 'abandoned' });
    expect((await attemptsOf(dead)).map((a) => [a.node, a.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'abandoned'],
    ]);
    expect(o.lines.join('\n')).toContain(`run(s) ${dead} were left running by a dead process`);
  });

  it('`task` runs one node once, with its upstream output read from the history of the date', async () => {
    const dt = '2026-01-13';
    let bCalls = 0;
    const o = orchestrator(
      dagOf([def('a'), def('b', ['a'], { retry: { retries: 5, delaySeconds: 0, maxDelaySeconds: 0 } })]),
      {
        a: async () => {
          await Promise.resolve();
          return { rowsOut: 3, output: { token: 'from-a' } };
        },
        b: async (ctx) => {
          bCalls += 1;
          await Promise.resolve();
          if (bCalls === 2) throw new Error('boom');
          return { output: { got: ctx.upstream('a').token } };
        },
      },
    );
    const early = await runTask(o, { dt, node: 'b' });
    expect(early.ok).toBe(false);
    expect(early.result.nodes[0]).toMatchObject({ node: 'b', status: 'blocked' });
    expect(early.error).toContain('upstream a has not succeeded for 2026-01-13');
    expect(bCalls).toBe(0);

    expect((await runTask(o, { dt, node: 'a' })).ok).toBe(true);
    const b = await runTask(o, { dt, node: 'b' });
    expect(b.ok).toBe(true);
    expect(b.result.nodes[0]?.result?.output).toEqual({ got: 'from-a' });
    const failing = await runTask(o, { dt, node: 'b' });
    expect(failing.ok).toBe(false);
    expect(bCalls).toBe(2); // one attempt: Airflow owns retries
    expect(failing.error).toContain('finplat task b --date 2026-01-13');
    // Task runs do not make the whole date "succeeded" for `finplat run`.
    const whole = await runDate(o, { dt, trigger: 'manual', mode: 'fresh', wait: false });
    expect(whole.kind).toBe('ran');
  });
});

describe('backfill and schedule', () => {
  it('backfill runs each business date of a range with a weekend once, skipping dates that succeeded', async () => {
    const seen: string[] = [];
    const o = orchestrator(dagOf([def('a'), def('b', ['a'])]), {
      a: async (ctx) => {
        seen.push(ctx.dt);
        await sleep(20);
        return {};
      },
      b: () => Promise.resolve({}),
    });
    // Thursday 5th to Tuesday 10th March 2026; the 6th (Friday) already succeeded.
    expect(
      ran(await runDate(o, { dt: '2026-03-06', trigger: 'manual', mode: 'fresh', wait: false })).ok,
    ).toBe(true);
    const progress: string[] = [];
    const result = await backfill(o, {
      from: '2026-03-05',
      to: '2026-03-10',
      parallel: 2,
      rerun: false,
      onDate: (d, finished, total) => progress.push(`${finished}/${total} ${d.dt} ${d.outcome.kind}`),
    });
    expect(result.ok).toBe(true);
    expect(result.dates.map((d) => [d.dt, d.outcome.kind])).toEqual([
      ['2026-03-05', 'ran'],
      ['2026-03-06', 'already-succeeded'],
      ['2026-03-09', 'ran'],
      ['2026-03-10', 'ran'],
    ]);
    expect([...seen].sort()).toEqual(['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10']);
    expect(progress).toHaveLength(4);
    expect(progress.at(-1)).toMatch(/^4\/4 /);
    const again = await backfill(o, { from: '2026-03-05', to: '2026-03-10', parallel: 2, rerun: false });
    expect(again.dates.every((d) => d.outcome.kind === 'already-succeeded')).toBe(true);
    expect(seen).toHaveLength(4);
  });

  it('schedule catches up missed dates in its window, runs each fire time once, and stops on a signal', async () => {
    let now = Date.parse('2026-04-08T12:00:00Z'); // a Wednesday
    const clock: Clock = {
      now: () => new Date(now),
      sleep: async (ms, signal) => {
        if (!signal.aborted) now += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const seen: string[] = [];
    const o = orchestrator(dagOf([def('a')]), {
      a: async (ctx) => {
        seen.push(ctx.dt);
        await Promise.resolve();
        return {};
      },
    });
    expect(
      ran(await runDate(o, { dt: '2026-04-06', trigger: 'manual', mode: 'fresh', wait: false })).ok,
    ).toBe(true);
    const stop = new AbortController();
    const asked: string[] = [];
    const log: string[] = [];
    const result = await runScheduler({
      cron: '0 18 * * 1-5',
      timeZone: 'UTC',
      catchupDays: 4,
      clock,
      signal: stop.signal,
      log: (line) => log.push(line),
      runDate: (dt, signal) => {
        asked.push(dt);
        // SIGTERM arrives as the fourth date starts: nothing of it may run.
        if (dt === '2026-04-09') stop.abort();
        return runDate(o, { dt, trigger: 'schedule', mode: 'resume', wait: true, signal });
      },
    });
    // Window (Sat 4th 12:00, Wed 8th 12:00]: Mon 6th and Tue 7th fired; Fri 3rd is outside it.
    expect(asked).toEqual(['2026-04-06', '2026-04-07', '2026-04-08', '2026-04-09']);
    expect(result.dates).toEqual(asked);
    expect(seen).toEqual(['2026-04-06', '2026-04-07', '2026-04-08']);
    expect(log.join('\n')).toContain('schedule: 2026-04-06 already succeeded');
    expect(log.at(-1)).toBe('schedule: stopped');
    const { rows } = await db.pool.query<{ status: string; error: string }>(
      `SELECT status, error FROM ops.runs WHERE dt = '2026-04-09' AND trigger = 'schedule'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('failed');
    expect(rows[0]?.error).toContain('stopped by a shutdown request');
  });
});
