import { loadConfig } from '@finplat/config';
import { attemptsOf, listRuns } from '../../pipeline/orchestration/run-history.ts';
import { parseDate, parseFlags, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { formatStatus } from './orchestration-format.ts';
import { openMigratedDatabase } from './orchestration-wiring.ts';

export const STATUS_USAGE = `Usage: finplat status [--date YYYY-MM-DD] [--last N] [--json]

Shows the run history of the daily DAG (Postgres schema ops): the latest runs, then every task
attempt of those runs with its duration, row counts and error.

Options:
  --date  only runs of this logical date
  --last  how many runs (default 10, at most 1000)
  --json  runs and attempts as JSON on stdout
  --help  this text

Exit codes: 0 shown, 2 bad usage or configuration.`;

const flags = {
  date: { type: 'string' },
  last: { type: 'string', default: '10' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function statusCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, STATUS_USAGE);
  if (values.help) {
    io.stdout(STATUS_USAGE);
    return 0;
  }
  const dt = values.date === undefined ? undefined : parseDate(values.date, '--date', STATUS_USAGE);
  const last = Number(values.last);
  if (!Number.isInteger(last) || last < 1 || last > 1000)
    throw new UsageError(`--last: "${values.last}" must be a whole number from 1 to 1000`, STATUS_USAGE);
  const db = await openMigratedDatabase(loadConfig(), io.cwd);
  try {
    const runs = await listRuns(db.pool, { ...(dt === undefined ? {} : { dt }), last });
    const attempts = await attemptsOf(
      db.pool,
      runs.map((r) => r.id),
    );
    io.stdout(values.json ? JSON.stringify({ runs, attempts }, null, 2) : formatStatus(runs, attempts));
    return 0;
  } finally {
    await db.close();
  }
}
