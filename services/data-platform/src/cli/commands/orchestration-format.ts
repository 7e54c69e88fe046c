import type { LoadReport } from '../../pipeline/orchestration/nodes/load.ts';
import type { BackfillResult } from '../../pipeline/orchestration/backfill.ts';
import type { RunDateOutcome } from '../../pipeline/orchestration/run-date.ts';
import type { AttemptRow, RunRow } from '../../pipeline/orchestration/run-history.ts';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const count = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));
const oneLine = (text: string | null | undefined, max = 100): string => {
  const flat = (text ?? '').replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const time = (d: Date | null): string => (d === null ? '' : d.toISOString().replace('T', ' ').slice(0, 19));
const took = (from: Date, to: Date | null): string =>
  to === null ? '' : ((to.getTime() - from.getTime()) / 1000).toFixed(1);

export function formatRunOutcome(outcome: RunDateOutcome): string {
  switch (outcome.kind) {
    case 'already-succeeded':
      return `${outcome.run.dt}: already succeeded (run ${outcome.run.id}, finished ${time(outcome.run.finishedAt)}); left alone. Pass --rerun to run it again.`;
    case 'busy': {
      const holder = outcome.running[0];
      const who =
        holder === undefined
          ? 'a `finplat task` of this date'
          : `run ${holder.id}, ${holder.trigger}, pid ${holder.pid} on ${holder.host}, started ${time(holder.startedAt)}`;
      return `${outcome.dt}: another run of this date is in progress (${who}); nothing was done. Wait for it to finish, or pass --wait to queue behind it.`;
    }
    case 'ran': {
      const rows = outcome.result.nodes.map((n) => [
        n.node,
        n.status,
        String(n.attempts),
        n.seconds.toFixed(1),
        count(n.result?.rowsIn),
        count(n.result?.rowsOut),
        oneLine(n.error),
      ]);
      for (const node of outcome.reused) rows.unshift([node, 'reused', '0', '', '', '', '']);
      return [
        `Run ${outcome.runId} for ${outcome.dt}: ${outcome.ok ? 'succeeded' : 'FAILED'}`,
        '',
        ...table(['node', 'status', 'attempts', 'seconds', 'rows in', 'rows out', 'error'], rows),
        ...(outcome.error === undefined ? [] : ['', outcome.error]),
      ].join('\n');
    }
  }
}

export function formatStatus(runs: readonly RunRow[], attempts: readonly AttemptRow[]): string {
  if (runs.length === 0) return 'No runs recorded yet. Start one with `finplat run --date YYYY-MM-DD`.';
  const runRows = runs.map((r) => [
    String(r.id),
    r.dt,
    r.trigger,
    r.mode,
    r.status,
    time(r.startedAt),
    took(r.startedAt, r.finishedAt),
    r.resumedFrom === null ? '' : String(r.resumedFrom),
    oneLine(r.error, 80),
  ]);
  const attemptRows = attempts.map((a) => [
    String(a.runId),
    a.node,
    String(a.attempt),
    a.status,
    took(a.startedAt, a.finishedAt),
    count(a.rowsIn),
    count(a.rowsOut),
    oneLine(a.error, 80),
  ]);
  return [
    'Runs',
    '',
    ...table(
      ['run', 'dt', 'trigger', 'mode', 'status', 'started (UTC)', 'seconds', 'resumes', 'error'],
      runRows,
    ),
    '',
    'Task attempts',
    '',
    ...table(['run', 'node', 'attempt', 'status', 'seconds', 'rows in', 'rows out', 'error'], attemptRows),
  ].join('\n');
}

export function formatBackfill(result: BackfillResult): string {
  const rows = result.dates.map((d) => {
    const o = d.outcome;
    switch (o.kind) {
      case 'already-succeeded':
        return [d.dt, 'skipped (already succeeded)', String(o.run.id), ''];
      case 'busy':
        return [d.dt, 'busy', '', 'another run of this date is in progress'];
      case 'ran':
        return [d.dt, o.ok ? 'succeeded' : 'FAILED', String(o.runId), oneLine(o.error)];
      case 'error':
        return [d.dt, 'FAILED', '', oneLine(o.error)];
      case 'not-run':
        return [d.dt, 'not run (stopped)', '', ''];
    }
  });
  const failed = rows.filter((r) => r[1] !== 'succeeded' && !r[1]?.startsWith('skipped')).length;
  return [
    ...table(['dt', 'result', 'run', 'error'], rows),
    '',
    failed === 0
      ? `All ${rows.length} business date(s) done.`
      : `${failed} of ${rows.length} date(s) not done; re-run the same backfill to resume them.`,
  ].join('\n');
}

/** The load node's report: per gold table, rows and whether it was published, unchanged or kept. */
export function formatLoadReport(report: LoadReport, dt: string): string {
  const lines = [`Load of gold run ${report.goldRunId} (dt ${dt}) into Postgres schema gold`, ''];
  for (const t of report.tables) {
    const what =
      t.status === 'kept-newer'
        ? `kept: newer gold (dt ${t.liveDt ?? '?'}) is live`
        : `${t.status === 'published' ? 'published' : 'unchanged (already live)'}  checksum ${t.checksum?.slice(0, 12) ?? '-'}`;
    lines.push(`  gold.${t.table.padEnd(20)} ${String(t.rows).padStart(10)} rows  ${what}`);
  }
  return lines.join('\n');
}
