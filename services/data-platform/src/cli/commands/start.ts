import path from 'node:path';
import { loadConfig } from '@finplat/config';
import type { IngestResult } from '../../ingestion/run-ingest.ts';
import type { LoadReport } from '../../pipeline/orchestration/nodes/load.ts';
import { runDate } from '../../pipeline/orchestration/run-date.ts';
import type { TransformResult } from '../../pipeline/transform.ts';
import { formatTransform } from '../pipeline-summary.ts';
import { formatSummary } from '../summary.ts';
import { parseFlags, parsePort, todayUtc } from '../usage.ts';
import type { CommandIo } from './io.ts';
import { formatLoadReport, formatRunOutcome } from './orchestration-format.ts';
import { openOrchestration } from './orchestration-wiring.ts';
import { serveUntil } from './serve.ts';

export const START_USAGE = `Usage: finplat start [--port N] [--no-serve] [--json]

Runs the whole platform once, for today: checks the database (embedded Postgres under .finplat/pg
unless DATABASE_URL is set), starts the offline sandbox unless base URLs point elsewhere, and runs
the daily DAG for today with the built-in runner (the same as \`finplat run --rerun\`): the default
universe from all four sources into bronze, silver and gold, gold into Postgres. It prints a summary
of each step; the run is recorded like any other (\`finplat status\`). Then it serves the API and the
web client (\`finplat serve\`) on the same database and prints the URL, until Ctrl-C. This is what
\`npm start\` runs (after building the web client).

Options:
  --port      the API's TCP port (default: PORT, else 8080; 0 picks a free port)
  --no-serve  stop after the run instead of serving
  --json      structured logs and JSON summaries
  --help      this text`;

const flags = {
  json: { type: 'boolean', default: false },
  port: { type: 'string' },
  'no-serve': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const INGEST_NODES = ['ingest_yahoo', 'ingest_sec', 'ingest_fx', 'ingest_openfigi'];

/** `stopSignal` is called only once serving starts, so Ctrl-C during the run still ends the process. */
export async function startCommand(
  argv: string[],
  io: CommandIo,
  stopSignal: () => Promise<void>,
): Promise<number> {
  const { values } = parseFlags(argv, flags, START_USAGE);
  if (values.help) {
    io.stdout(START_USAGE);
    return 0;
  }
  const config = loadConfig();
  const port = values.port === undefined ? config.PORT : parsePort(values.port, START_USAGE);
  const reports = new Map<string, unknown>();
  const session = await openOrchestration(config, io, {
    json: values.json,
    needSources: true,
    onReport: (node, report) => reports.set(node, report),
    onDatabase: async (db) => {
      const { rows } = await db.pool.query<{ server_version: string }>('show server_version');
      io.stderr(
        `Postgres ${rows[0]?.server_version ?? '?'} ready (${db.embedded ? `embedded, data in ${path.join(config.FINPLAT_HOME, 'pg')}` : 'DATABASE_URL'})`,
      );
    },
  });
  try {
    // The quickstart's "today" is the wall-clock date: it is the one place a date is not given.
    const date = todayUtc();
    const show = (text: string, json: unknown): void => {
      io.stdout(
        values.json
          ? JSON.stringify(json, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)
          : `${text}\n`,
      );
    };
    const outcome = await runDate(session.orchestrator, {
      dt: date,
      trigger: 'start',
      mode: 'rerun',
      wait: true,
    });

    const ingested = INGEST_NODES.flatMap((node) => {
      const report = reports.get(node) as IngestResult | undefined;
      return report ? [report] : [];
    });
    if (ingested.length > 0) {
      const merged: IngestResult = {
        runId: ingested.map((r) => r.runId).join(','),
        date,
        sources: ingested.flatMap((r) => r.sources),
        ok: ingested.every((r) => r.ok),
      };
      show(formatSummary(merged, session.store.location), { ...merged, lake: session.store.location });
    }
    // The silver and gold nodes' runs, shown as one transform summary.
    const silverRun = reports.get('silver') as TransformResult | undefined;
    const goldRun = reports.get('gold') as TransformResult | undefined;
    if (silverRun) {
      const transformed: TransformResult = {
        ...silverRun,
        layers: [...silverRun.layers, ...(goldRun?.layers ?? [])],
        ok: silverRun.ok && goldRun?.ok === true,
      };
      show(formatTransform(transformed), transformed);
    }
    const loaded = reports.get('load') as LoadReport | undefined;
    if (loaded) show(formatLoadReport(loaded, date), loaded);
    const ok = outcome.kind === 'ran' ? outcome.ok : outcome.kind === 'already-succeeded';
    if (!ok) io.stderr(formatRunOutcome(outcome));
    else if (!values.json)
      io.stdout(
        `Bronze, silver and gold are in ${session.store.location}; gold is in Postgres schema \`gold\`; ` +
          `the run is in \`npx finplat status\`. Next: \`npx finplat --help\`.`,
      );
    if (!ok) return 1;
    if (!values['no-serve']) await serveUntil(session.db, config, io, { port, until: stopSignal() });
    return 0;
  } finally {
    await session.close();
  }
}
