/**
 * The Airflow DAG file is generated from the same definition the built-in runner executes. These
 * tests read the committed file with Python itself (py_compile, then `ast`), no Airflow needed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@finplat/config';
import { main } from '../src/cli/main.ts';
import { AIRFLOW_POOL_PREFIX, airflowDagFile } from '../src/pipeline/orchestration/airflow.ts';
import { DAILY_DAG } from '../src/pipeline/orchestration/daily-dag.ts';

const run = promisify(execFile);
const DAG_FILE = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'infra',
  'airflow',
  'dags',
  'finplat_daily.py',
);

// Reads the DAG file's syntax tree and prints what Airflow would build from it, as JSON.
const EXTRACT = String.raw`
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def value(node):
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        return {"call": name, "args": [value(a) for a in node.args],
                "kwargs": {k.arg: value(k.value) for k in node.keywords}}
    if isinstance(node, ast.Attribute):
        return value(node.value) + "." + node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ast.literal_eval(node)
calls, tasks, variables, edges, dag = [], {}, {}, [], None
for node in ast.walk(tree):
    if isinstance(node, ast.Call):
        calls.append(value(node)["call"])
    if isinstance(node, ast.With):
        dag = value(node.items[0].context_expr)
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        call = value(node.value)
        if call["call"] == "BashOperator":
            tasks[call["kwargs"]["task_id"]] = call["kwargs"]
            variables[node.targets[0].id] = call["kwargs"]["task_id"]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        ups = node.left.elts if isinstance(node.left, ast.List) else [node.left]
        for up in ups:
            edges.append([up.id, node.right.id])
top = [type(n).__name__ for n in tree.body]
print(json.dumps({"dag": dag, "tasks": tasks, "edges": [[variables[a], variables[b]] for a, b in edges],
                  "calls": sorted(set(calls)), "top": top}))
`;

interface Extracted {
  dag: { call: string; kwargs: Record<string, unknown> };
  tasks: Record<string, Record<string, unknown>>;
  edges: [string, string][];
  calls: string[];
  top: string[];
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'finplat-airflow-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const seconds = (s: number) => ({ call: 'timedelta', args: [], kwargs: { seconds: s } });

describe('infra/airflow/dags/finplat_daily.py', () => {
  it('is exactly what `finplat airflow-dag` generates from the definition', async () => {
    const committed = await readFile(DAG_FILE, 'utf8');
    const defaults = loadConfig({});
    expect(committed).toBe(
      airflowDagFile(DAILY_DAG, {
        cron: defaults.FINPLAT_SCHEDULE_CRON,
        timeZone: defaults.FINPLAT_SCHEDULE_TIMEZONE,
      }),
    );
    const out: string[] = [];
    const code = await main(['airflow-dag'], {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      isTTY: false,
      cwd: scratch,
    });
    expect(code).toBe(0);
    expect(`${out.join('\n')}\n`).toBe(committed);
  });

  it('compiles with python3 -m py_compile', async () => {
    await run('python3', ['-m', 'py_compile', DAG_FILE], { env: { PYTHONPYCACHEPREFIX: scratch } });
  });

  it('has, per Python `ast`, exactly the tasks, dependencies, retries, timeouts and pools of the definition', async () => {
    const { stdout } = await run('python3', ['-c', EXTRACT, DAG_FILE]);
    const parsed = JSON.parse(stdout) as Extracted;

    expect(Object.keys(parsed.tasks).sort()).toEqual(DAILY_DAG.nodes.map((n) => n.id).sort());
    const expectedEdges = DAILY_DAG.nodes.flatMap((n) => n.deps.map((d) => `${d} >> ${n.id}`)).sort();
    expect(parsed.edges.map(([a, b]) => `${a} >> ${b}`).sort()).toEqual(expectedEdges);
    for (const node of DAILY_DAG.nodes) {
      const task = parsed.tasks[node.id];
      expect(task, node.id).toMatchObject({
        bash_command: `finplat task ${node.id} --date {{ ds }}`,
        retries: node.retry.retries,
        retry_delay: seconds(node.retry.delaySeconds),
        retry_exponential_backoff: true,
        max_retry_delay: seconds(node.retry.maxDelaySeconds),
        execution_timeout: seconds(node.timeoutSeconds),
      });
      expect(task?.pool, node.id).toBe(
        node.pool === undefined ? undefined : `${AIRFLOW_POOL_PREFIX}${node.pool}`,
      );
    }
    expect(parsed.dag.call).toBe('DAG');
    expect(parsed.dag.kwargs).toMatchObject({
      dag_id: DAILY_DAG.id,
      max_active_runs: DAILY_DAG.maxActiveRuns,
      catchup: DAILY_DAG.catchup,
      schedule: {
        call: 'CronTriggerTimetable',
        args: ['30 18 * * 1-5'],
        kwargs: { timezone: 'America/New_York' },
      },
      start_date: { call: 'datetime', args: [2026, 1, 2] },
    });
  });

  it('does no I/O when Airflow imports it: only imports and the DAG block at top level, only constructors called', async () => {
    const { stdout } = await run('python3', ['-c', EXTRACT, DAG_FILE]);
    const parsed = JSON.parse(stdout) as Extracted;
    expect(new Set(parsed.top)).toEqual(new Set(['Expr', 'ImportFrom', 'Import', 'Try', 'With']));
    expect(parsed.calls).toEqual(['BashOperator', 'CronTriggerTimetable', 'DAG', 'datetime', 'timedelta']);
  });
});

describe('orchestration commands reject bad usage with exit code 2 before touching anything', () => {
  it.each([
    [['run', '--resume', '--rerun'], '--resume and --rerun exclude each other'],
    [['run', '--date', '2026-02-30'], '--date: "2026-02-30" is not a calendar date'],
    [['task', 'transfrom', '--date', '2026-02-17'], 'unknown node "transfrom" (choose from ingest_yahoo'],
    [['task', 'load'], '--date is required'],
    [
      ['backfill', '--from', '2026-02-17', '--to', '2026-02-13'],
      '--from 2026-02-17 is after --to 2026-02-13',
    ],
    [
      ['backfill', '--from', '2026-02-13', '--to', '2026-02-17', '--parallel', '9'],
      '--parallel: "9" must be',
    ],
    [['status', '--last', '0'], '--last: "0" must be a whole number'],
  ])('finplat %j', async (argv, message) => {
    const err: string[] = [];
    const code = await main(argv, {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      isTTY: false,
      cwd: scratch,
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
  });
});
