/**
 * `finplat schedule`: a long-running loop that runs the DAG at each cron fire time for the logical
 * date of that fire time (its calendar date in the schedule's time zone). On start it first runs
 * the fire times it missed within the catch-up window, oldest first; a date that already succeeded
 * is left alone, a failed one is resumed. The clock is injected so tests can drive time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Cron } from 'croner';
import { dateIn } from './calendar.ts';
import type { RunDateOutcome } from './run-date.ts';

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, { signal }).catch(() => undefined);
  },
};

export class ScheduleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScheduleError';
  }
}

export interface SchedulerOptions {
  readonly cron: string;
  readonly timeZone: string;
  readonly catchupDays: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly runDate: (dt: string, signal: AbortSignal) => Promise<RunDateOutcome>;
  readonly log: (line: string) => void;
}

const DAY_MS = 86_400_000;

export function parseSchedule(cron: string, timeZone: string): Cron {
  try {
    return new Cron(cron, { timezone: timeZone, paused: true, mode: '5-part' });
  } catch (error) {
    throw new ScheduleError(
      `FINPLAT_SCHEDULE_CRON: "${cron}" is not a valid cron expression (${error instanceof Error ? error.message : String(error)}); use 5 fields, e.g. "30 18 * * 1-5"`,
      { cause: error },
    );
  }
}

/** The logical dates of the fire times in (from, to], ascending, each once. */
export function firedDates(schedule: Cron, from: Date, to: Date, timeZone: string): string[] {
  const dates: string[] = [];
  for (let t = schedule.nextRun(from); t !== null && t <= to; t = schedule.nextRun(t)) {
    const dt = dateIn(t, timeZone);
    if (dates.at(-1) !== dt) dates.push(dt);
  }
  return dates;
}

/** Runs until `signal` aborts; a run in progress is asked to stop starting nodes and then awaited. */
export async function runScheduler(
  options: SchedulerOptions,
): Promise<{ readonly dates: readonly string[] }> {
  const { clock, signal, timeZone } = options;
  const schedule = parseSchedule(options.cron, timeZone);
  const ran: string[] = [];
  const windowMs = options.catchupDays * DAY_MS;
  const run = async (dt: string, why: string): Promise<void> => {
    options.log(`schedule: ${dt} (${why})`);
    try {
      const outcome = await options.runDate(dt, signal);
      ran.push(dt);
      options.log(`schedule: ${dt} ${describe(outcome)}`);
    } catch (error) {
      options.log(`schedule: ${dt} could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const started = clock.now();
  if (windowMs > 0)
    for (const dt of firedDates(schedule, new Date(started.getTime() - windowMs), started, timeZone)) {
      if (signal.aborted) break;
      await run(dt, 'catch-up: its fire time passed while the scheduler was not running');
    }

  let last = started;
  while (!signal.aborted) {
    const next = schedule.nextRun(last);
    if (next === null) {
      options.log('schedule: the cron expression fires no more; stopping');
      break;
    }
    const wait = next.getTime() - clock.now().getTime();
    if (wait > 0) {
      options.log(`schedule: next run ${next.toISOString()} for ${dateIn(next, timeZone)}`);
      await clock.sleep(wait, signal);
      if (stopped(signal)) break;
    }
    last = next;
    // A fire time that passed while a long run was busy is still run, unless it left the window.
    if (clock.now().getTime() - next.getTime() > Math.max(windowMs, 60_000)) continue;
    await run(dateIn(next, timeZone), `fire time ${next.toISOString()}`);
  }
  options.log('schedule: stopped');
  return { dates: ran };
}

function describe(outcome: RunDateOutcome): string {
  switch (outcome.kind) {
    case 'already-succeeded':
      return `already succeeded (run ${outcome.run.id}); left alone`;
    case 'busy':
      return 'is being run by another process';
    case 'ran':
      return outcome.ok
        ? `succeeded (run ${outcome.runId})`
        : `FAILED (run ${outcome.runId}): ${outcome.error ?? ''}`;
  }
}

/** Read through a function: TypeScript would otherwise keep the loop condition's narrowing across the await. */
function stopped(signal: AbortSignal): boolean {
  return signal.aborted;
}
