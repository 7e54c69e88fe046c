import { loadConfig } from '@finplat/config';
import { verifyBronze } from '../../ingestion/bronze/verify.ts';
import { SOURCE_NAMES } from '../../ingestion/source.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { parseDate, parseFlags, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const VERIFY_USAGE = `Usage: finplat verify [--date YYYY-MM-DD] [--source NAME] [--json]

Re-reads every bronze object named by a partition manifest and checks its size and SHA-256, so you
know every stored payload is still exactly what was fetched. Also lists unreferenced files (left by a
crash before their manifest entry was committed; harmless, adopted by the next run of that date).

Options:
  --date    only partitions of this date
  --source  only this source (${SOURCE_NAMES.join(', ')})
  --json    the report as JSON on stdout
  --help    this text

Exit codes: 0 intact, 1 a manifest entry is missing or its bytes changed, 2 bad usage or configuration.`;

const flags = {
  date: { type: 'string' },
  source: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function verifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, VERIFY_USAGE);
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  const date = values.date === undefined ? undefined : parseDate(values.date, '--date', VERIFY_USAGE);
  if (values.source !== undefined && !(SOURCE_NAMES as readonly string[]).includes(values.source)) {
    throw new UsageError(
      `--source: unknown source "${values.source}" (choose from ${SOURCE_NAMES.join(', ')})`,
      VERIFY_USAGE,
    );
  }
  const store = openObjectStore(loadConfig(), io.cwd);
  const reports = await verifyBronze(store, {
    ...(date === undefined ? {} : { date }),
    ...(values.source === undefined ? {} : { source: values.source }),
  });
  const problems = reports.reduce((n, r) => n + r.problems.length, 0);
  if (values.json) {
    io.stdout(JSON.stringify({ lake: store.location, ok: problems === 0, partitions: reports }, null, 2));
  } else {
    const objects = reports.reduce((n, r) => n + r.objects, 0);
    const lines = [`Verified ${objects} object(s) in ${reports.length} partition(s) of ${store.location}`];
    for (const r of reports) {
      for (const p of r.problems) lines.push(`  PROBLEM ${r.partition}${p}`);
      for (const u of r.unreferenced) lines.push(`  unreferenced ${r.partition}${u}`);
    }
    lines.push(
      problems === 0
        ? 'All manifest entries match their bytes.'
        : `${problems} problem(s): restore those objects from a backup or re-ingest the dates named above.`,
    );
    io.stdout(lines.join('\n'));
  }
  return problems === 0 ? 0 : 1;
}
