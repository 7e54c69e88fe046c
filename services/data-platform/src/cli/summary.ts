import type { IngestResult } from '../ingestion/run-ingest.ts';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The end-of-run table: one row per source, then what failed and why. */
export function formatSummary(result: IngestResult, lakeLocation: string): string {
  const header = ['source', 'written', 'unchanged', 'failed', 'skipped', 'bytes', 'retries', 'seconds'];
  const rows = result.sources.map((s) => [
    s.source,
    String(s.written),
    String(s.unchanged),
    String(s.failed + (s.error ? 1 : 0)),
    String(s.skipped),
    formatBytes(s.bytes),
    String(s.retries),
    s.seconds.toFixed(1),
  ]);
  const total = result.sources.reduce(
    (t, s) => ({
      written: t.written + s.written,
      unchanged: t.unchanged + s.unchanged,
      failed: t.failed + s.failed + (s.error ? 1 : 0),
      skipped: t.skipped + s.skipped,
      bytes: t.bytes + s.bytes,
      retries: t.retries + s.retries,
      seconds: Math.max(t.seconds, s.seconds),
    }),
    { written: 0, unchanged: 0, failed: 0, skipped: 0, bytes: 0, retries: 0, seconds: 0 },
  );
  rows.push([
    'total',
    String(total.written),
    String(total.unchanged),
    String(total.failed),
    String(total.skipped),
    formatBytes(total.bytes),
    String(total.retries),
    total.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    `Ingest ${result.date} (run ${result.runId}) into ${lakeLocation}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows.at(-1) ?? []),
  ];
  const failures = result.sources.flatMap((s) => [
    ...(s.error ? [`${s.source}: ${s.error}`] : []),
    ...s.failures.map((f) => `${s.source} ${f.dataset}/${f.key}: ${f.error}`),
  ]);
  const skips = result.sources.flatMap((s) =>
    Object.entries(s.skips).map(([reason, keys]) => {
      const shown =
        keys.length > 6 ? `${keys.slice(0, 6).join(', ')}, … (${keys.length} in all)` : keys.join(', ');
      return `${s.source} skipped ${shown}: ${reason}`;
    }),
  );
  if (skips.length > 0) out.push('', ...skips);
  if (failures.length > 0) {
    out.push(
      '',
      `${failures.length} failure(s); each is recorded in its partition's _manifest.json. Re-run the same command to retry them (stored payloads are kept):`,
    );
    for (const f of failures) out.push(`  - ${f}`);
  } else {
    out.push('', 'No failures.');
  }
  return out.join('\n');
}
