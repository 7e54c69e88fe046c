import { loadConfig } from '@finplat/config';
import type { BackfillDate } from '../../pipeline/orchestration/backfill.ts';
import { latestBusinessDate } from '../../pipeline/orchestration/calendar.ts';
import { runDate, type RunDateOutcome, type RunMode } from '../../pipeline/orchestration/run-date.ts';
import { parseDate, parseFlags, todayUtc, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { formatRunOutcome } from './orchestration-format.ts';
import { openOrchestration, signalFrom } from './orchestration-wiring.ts';

export const RUN_USAGE = `Usage: finplat run [--date YYYY-MM-DD] [--resume | --rerun] [--wait] [--json]

Runs the daily DAG for one logical date with the built-in runner: the four ingest nodes
concurrently, then transform, quality and load; each node retried with backoff and bounded by a
timeout. Everything the run selects comes from the date, never from the clock. Run history goes to
Postgres schema ops (\`finplat status\`).

A date that already succeeded is reported and left alone. A second run of a date that is running
elsewhere exits at once (or, with --wait, waits for it).

Options:
  --date    the logical date (default: the latest weekday up to today, UTC)
  --resume  continue the date's failed or killed run: only nodes that did not succeed run again
            (a date without a failed run simply runs)
  --rerun   run every node again even if the date succeeded
  --wait    wait for a run of the same date in progress elsewhere instead of exiting
  --json    the outcome as JSON on stdout, JSON logs on stderr
  --help    this text

The universe is FINPLAT_UNIVERSE (default: the bundled universe.json).
Exit codes: 0 succeeded (or already had), 1 a node failed or the date is busy, 2 bad usage or configuration.`;

const flags = {
  date: { type: 'string' },
  resume: { type: 'boolean', default: false },
  rerun: { type: 'boolean', default: false },
  wait: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function runCommand(
  argv: string[],
  io: CommandIo,
  interrupted?: Promise<void>,
): Promise<number> {
  const { values } = parseFlags(argv, flags, RUN_USAGE);
  if (values.help) {
    io.stdout(RUN_USAGE);
    return 0;
  }
  if (values.resume && values.rerun)
    throw new UsageError('--resume and --rerun exclude each other', RUN_USAGE);
  const dt =
    values.date === undefined ? latestBusinessDate(todayUtc()) : parseDate(values.date, '--date', RUN_USAGE);
  const mode: RunMode = values.resume ? 'resume' : values.rerun ? 'rerun' : 'fresh';
  const session = await openOrchestration(loadConfig(), io, { json: values.json, needSources: true });
  try {
    const signal = signalFrom(interrupted);
    const outcome = await runDate(session.orchestrator, {
      dt,
      trigger: 'manual',
      mode,
      wait: values.wait,
      ...(signal ? { signal } : {}),
    });
    io.stdout(values.json ? JSON.stringify(outcomeJson(outcome), null, 2) : formatRunOutcome(outcome));
    return exitCode(outcome);
  } finally {
    await session.close();
  }
}

export function exitCode(outcome: RunDateOutcome): number {
  switch (outcome.kind) {
    case 'already-succeeded':
      return 0;
    case 'busy':
      return 1;
    case 'ran':
      return outcome.ok ? 0 : 1;
  }
}

/** The outcome without in-memory reports (they hold whole transform results). */
export function outcomeJson(outcome: BackfillDate['outcome']): unknown {
  if (outcome.kind !== 'ran') return outcome;
  return {
    ...outcome,
    result: {
      ...outcome.result,
      nodes: outcome.result.nodes.map(({ result, ...node }) => ({
        ...node,
        rowsIn: result?.rowsIn,
        rowsOut: result?.rowsOut,
        output: result?.output,
      })),
    },
  };
}
