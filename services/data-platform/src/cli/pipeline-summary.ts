import type { CheckResult } from '../pipeline/checks.ts';
import type { TransformResult } from '../pipeline/transform.ts';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function dropped(checks: readonly CheckResult[], model: string): string {
  const conservation = checks.find((c) => c.model === model && c.detail?.startsWith('in '));
  return /dropped (\d+)/.exec(conservation?.detail ?? '')?.[1] ?? '';
}

/** Rows per model, dropped, quarantined, seconds; then what was published or why not. */
export function formatTransform(result: TransformResult): string {
  const rows = result.layers.flatMap((l) =>
    l.models.map((m) => {
      const quarantined = l.checks
        .filter((c) => c.model === m.model && !c.passed && c.quarantineFile)
        .reduce((n, c) => n + c.failing, 0);
      return [
        `${l.layer}.${m.model}`,
        String(m.rows),
        dropped(l.checks, m.model),
        String(quarantined),
        m.seconds.toFixed(2),
      ];
    }),
  );
  const out = [
    `Transform ${result.date} (run ${result.runId}) from ${result.bronzeFiles} bronze payload(s)`,
    '',
    ...table(['model', 'rows', 'dropped', 'quarantined', 'seconds'], rows),
    '',
  ];
  for (const layer of result.layers) {
    if (layer.published) {
      out.push(
        `${layer.layer}: published (run ${layer.published.runId}), ${layer.checks.length} checks passed`,
      );
      continue;
    }
    out.push(`${layer.layer}: NOT published; the previous version stays visible. Failed checks:`);
    for (const c of layer.checks.filter((x) => !x.passed)) {
      out.push(
        `  - ${c.layer}.${c.model} ${c.check}: ${c.detail ?? `${c.failing} row(s)`}${c.quarantineFile ? ` -> ${c.quarantineFile}` : ''}`,
      );
      for (const row of c.sample.slice(0, 3))
        out.push(
          `      ${JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
        );
    }
  }
  if (result.layers.length < 2) out.push('gold: not built (silver was not published)');
  return out.join('\n');
}

/** `finplat quality`: every check of a run as a table. */
export function formatQuality(result: TransformResult): string {
  const rows = result.layers.flatMap((l) =>
    l.checks.map((c) => [
      `${c.layer}.${c.model}`,
      c.check,
      c.passed ? 'pass' : 'FAIL',
      String(c.failing),
      c.detail ?? '',
    ]),
  );
  const failed = rows.filter((r) => r[2] === 'FAIL').length;
  return [
    `Quality checks of run ${result.runId} for ${result.date}`,
    '',
    ...table(['model', 'check', 'result', 'failing', 'detail'], rows),
    '',
    failed === 0 ? `All ${rows.length} checks passed.` : `${failed} of ${rows.length} checks failed.`,
  ].join('\n');
}
