import { ConfigError, loadConfig } from '@finplat/config';
import { runDate } from '../../pipeline/orchestration/run-date.ts';
import { parseSchedule, runScheduler, systemClock } from '../../pipeline/orchestration/scheduler.ts';
import { parseFlags } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { openOrchestration, signalFrom } from './orchestration-wiring.ts';

export const SCHEDULE_USAGE = `Usage: finplat schedule [--json]

Runs the daily DAG on a cron schedule until stopped (SIGTERM or Ctrl-C: no new node starts, running
nodes finish, the run is recorded; a second signal ends the process at once, which is safe too).
Each fire time runs the logical date it falls on in the schedule's time zone, once: a date that
already succeeded is left alone, a failed one is resumed. On start, fire times missed within the
catch-up window are run first, oldest first.

Settings (environment):
  FINPLAT_SCHEDULE_CRON      5-field cron expression (default "30 18 * * 1-5": weekdays after the US close)
  FINPLAT_SCHEDULE_TIMEZONE  IANA time zone of the expression and of logical dates (default America/New_York)
  FINPLAT_CATCHUP_DAYS       how far back missed fire times are caught up (default 7; 0 = none)

Options:
  --json  JSON logs on stderr
  --help  this text

Exit codes: 0 stopped cleanly, 2 bad usage or configuration.`;

const flags = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function scheduleCommand(
  argv: string[],
  io: CommandIo,
  interrupted: Promise<void>,
): Promise<number> {
  const { values } = parseFlags(argv, flags, SCHEDULE_USAGE);
  if (values.help) {
    io.stdout(SCHEDULE_USAGE);
    return 0;
  }
  const config = loadConfig();
  try {
    parseSchedule(config.FINPLAT_SCHEDULE_CRON, config.FINPLAT_SCHEDULE_TIMEZONE);
  } catch (error) {
    // A bad expression is bad configuration (exit 2), found before any I/O.
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  const session = await openOrchestration(config, io, { json: values.json, needSources: true });
  try {
    const signal = signalFrom(interrupted) ?? new AbortController().signal;
    session.orchestrator.log(
      `schedule: "${config.FINPLAT_SCHEDULE_CRON}" in ${config.FINPLAT_SCHEDULE_TIMEZONE}, catch-up ${config.FINPLAT_CATCHUP_DAYS} day(s)`,
    );
    await runScheduler({
      cron: config.FINPLAT_SCHEDULE_CRON,
      timeZone: config.FINPLAT_SCHEDULE_TIMEZONE,
      catchupDays: config.FINPLAT_CATCHUP_DAYS,
      clock: systemClock,
      signal,
      runDate: (dt, stop) =>
        runDate(session.orchestrator, { dt, trigger: 'schedule', mode: 'resume', wait: true, signal: stop }),
      log: session.orchestrator.log,
    });
    return 0;
  } finally {
    await session.close();
  }
}
