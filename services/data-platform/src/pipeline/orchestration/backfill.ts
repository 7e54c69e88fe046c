import { businessDates } from './calendar.ts';
import { runDate, type Orchestrator, type RunDateOutcome } from './run-date.ts';

export interface BackfillDate {
  readonly dt: string;
  readonly outcome:
    RunDateOutcome | { readonly kind: 'error'; readonly error: string } | { readonly kind: 'not-run' };
  readonly seconds: number;
}

export interface BackfillResult {
  readonly dates: readonly BackfillDate[];
  readonly ok: boolean;
}

/**
 * One run per business date of [from, to], `parallel` dates at a time (their nodes share the
 * process's Slots, so pools hold across dates). Dates that already succeeded are reported and
 * left alone unless `rerun`; a failed date is continued (resume), not started over.
 */
export async function backfill(
  orchestrator: Orchestrator,
  options: {
    from: string;
    to: string;
    parallel: number;
    rerun: boolean;
    signal?: AbortSignal;
    onDate?: (done: BackfillDate, finished: number, total: number) => void;
  },
): Promise<BackfillResult> {
  const dates = businessDates(options.from, options.to);
  const results = new Map<string, BackfillDate>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < dates.length && options.signal?.aborted !== true) {
      const dt = dates[next];
      next += 1;
      if (dt === undefined) break;
      const t0 = performance.now();
      let outcome: BackfillDate['outcome'];
      try {
        outcome = await runDate(orchestrator, {
          dt,
          trigger: 'backfill',
          mode: options.rerun ? 'rerun' : 'resume',
          wait: true,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        outcome = { kind: 'error', error: error instanceof Error ? error.message : String(error) };
      }
      const done = { dt, outcome, seconds: (performance.now() - t0) / 1000 };
      results.set(dt, done);
      options.onDate?.(done, results.size, dates.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, dates.length)) }, worker));
  const all = dates.map((dt) => results.get(dt) ?? { dt, outcome: { kind: 'not-run' as const }, seconds: 0 });
  return {
    dates: all,
    ok: all.every(
      (d) => d.outcome.kind === 'already-succeeded' || (d.outcome.kind === 'ran' && d.outcome.ok),
    ),
  };
}
