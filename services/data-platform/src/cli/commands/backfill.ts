import { loadConfig } from '@finplat/config';
import { backfill } from '../../pipeline/orchestration/backfill.ts';
import { DAILY_DAG } from '../../pipeline/orchestration/daily-dag.ts';
import { parseDate, parseFlags, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { formatBackfill } from './orchestration-format.ts';
import { openOrchestration, signalFrom } from './orchestration-wiring.ts';
import { outcomeJson } from './run.ts';

const MAX_PARALLEL = DAILY_DAG.maxActiveRuns;

export const BACKFILL_USAGE = `Usage: finplat backfill --from YYYY-MM-DD --to YYYY-MM-DD [--parallel N] [--rerun] [--json]

Runs the daily DAG once per business date (Monday to Friday) of the range, oldest first. Dates
that already succeeded are skipped; a date whose last run failed is resumed. Rate-limited pools
hold across the dates running together. Gold in Postgres is never replaced by an older date's.

Options:
  --from      first logical date (included)
  --to        last logical date (included)
  --parallel  dates at once, 1 to ${MAX_PARALLEL} (default 1)
  --rerun     run dates that already succeeded again
  --json      the result as JSON on stdout, JSON logs on stderr
  --help      this text

Exit codes: 0 every date done, 1 some date failed (re-run the same command to resume), 2 bad usage.`;

const flags = {
  from: { type: 'string' },
  to: { type: 'string' },
  parallel: { type: 'string', default: '1' },
  rerun: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function backfillCommand(
  argv: string[],
  io: CommandIo,
  interrupted?: Promise<void>,
): Promise<number> {
  const { values } = parseFlags(argv, flags, BACKFILL_USAGE);
  if (values.help) {
    io.stdout(BACKFILL_USAGE);
    return 0;
  }
  if (values.from === undefined || values.to === undefined)
    throw new UsageError('--from and --to are both required', BACKFILL_USAGE);
  const from = parseDate(values.from, '--from', BACKFILL_USAGE);
  const to = parseDate(values.to, '--to', BACKFILL_USAGE);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`, BACKFILL_USAGE);
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL)
    throw new UsageError(
      `--parallel: "${values.parallel}" must be a whole number from 1 to ${MAX_PARALLEL}`,
      BACKFILL_USAGE,
    );

  const session = await openOrchestration(loadConfig(), io, { json: values.json, needSources: true });
  try {
    const signal = signalFrom(interrupted);
    const result = await backfill(session.orchestrator, {
      from,
      to,
      parallel,
      rerun: values.rerun,
      ...(signal ? { signal } : {}),
      onDate: (done, finished, total) => {
        const o = done.outcome;
        const what =
          o.kind === 'ran'
            ? `${o.ok ? 'succeeded' : 'FAILED'} (run ${o.runId})`
            : o.kind === 'already-succeeded'
              ? `skipped: already succeeded (run ${o.run.id})`
              : o.kind;
        session.orchestrator.log(
          `backfill [${finished}/${total}] ${done.dt} ${what} in ${done.seconds.toFixed(1)} s`,
        );
      },
    });
    io.stdout(
      values.json
        ? JSON.stringify(
            { ok: result.ok, dates: result.dates.map((d) => ({ ...d, outcome: outcomeJson(d.outcome) })) },
            null,
            2,
          )
        : formatBackfill(result),
    );
    return result.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}
