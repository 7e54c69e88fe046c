import { loadConfig } from '@finplat/config';
import { DAILY_DAG } from '../../pipeline/orchestration/daily-dag.ts';
import { runTask } from '../../pipeline/orchestration/run-date.ts';
import { parseDate, parseFlags, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { formatRunOutcome } from './orchestration-format.ts';
import { openOrchestration, signalFrom } from './orchestration-wiring.ts';
import { outcomeJson } from './run.ts';

const NODES = DAILY_DAG.nodes.map((n) => n.id);

export const TASK_USAGE = `Usage: finplat task <node> --date YYYY-MM-DD [--json]

Runs exactly one node of the daily DAG for one logical date, once: the unit Airflow (or any other
scheduler) calls. Retries are the caller's; the node's timeout still applies. Its dependencies must
have succeeded for the date (in any run); their outputs are read from the run history.

Nodes: ${NODES.join(', ')}

Options:
  --date  the logical date (required)
  --json  the outcome as JSON on stdout, JSON logs on stderr
  --help  this text

Exit codes: 0 succeeded, 1 failed, 2 bad usage or configuration.`;

const flags = {
  date: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function taskCommand(
  argv: string[],
  io: CommandIo,
  interrupted?: Promise<void>,
): Promise<number> {
  const positional = argv[0] !== undefined && !argv[0].startsWith('-');
  const node = positional ? argv[0] : undefined;
  const rest = positional ? argv.slice(1) : argv;
  const { values } = parseFlags(rest, flags, TASK_USAGE);
  if (values.help) {
    io.stdout(TASK_USAGE);
    return 0;
  }
  if (node === undefined) throw new UsageError(`which node? (one of ${NODES.join(', ')})`, TASK_USAGE);
  if (!NODES.includes(node))
    throw new UsageError(`unknown node "${node}" (choose from ${NODES.join(', ')})`, TASK_USAGE);
  if (values.date === undefined) throw new UsageError('--date is required', TASK_USAGE);
  const dt = parseDate(values.date, '--date', TASK_USAGE);
  const session = await openOrchestration(loadConfig(), io, {
    json: values.json,
    needSources: node.startsWith('ingest_'),
  });
  try {
    const signal = signalFrom(interrupted);
    const outcome = await runTask(session.orchestrator, { dt, node, ...(signal ? { signal } : {}) });
    io.stdout(values.json ? JSON.stringify(outcomeJson(outcome), null, 2) : formatRunOutcome(outcome));
    return outcome.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}
