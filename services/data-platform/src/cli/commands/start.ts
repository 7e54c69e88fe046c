import path from 'node:path';
import { loadConfig } from '@finplat/config';
import { openDatabase } from '@finplat/db';
import { SOURCE_NAMES } from '../../ingestion/source.ts';
import { loadUniverse } from '../../ingestion/universe.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { formatTransform } from '../pipeline-summary.ts';
import { parseFlags, todayUtc } from '../usage.ts';
import { ingest } from './ingest.ts';
import type { CommandIo } from './io.ts';
import { formatLoad, loadPublishedGold } from './load.ts';
import { transformLake } from './transform.ts';

export const START_USAGE = `Usage: finplat start [--json]

Runs the whole platform once, for today: checks the database (embedded Postgres under .finplat/pg
unless DATABASE_URL is set), starts the offline sandbox unless base URLs point elsewhere, ingests
the default universe from all four sources into bronze, builds silver and gold, and loads gold into
Postgres, printing a summary of each step. This is what \`npm start\` runs.

Options:
  --json  structured logs and JSON summaries
  --help  this text`;

const flags = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function startCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, START_USAGE);
  if (values.help) {
    io.stdout(START_USAGE);
    return 0;
  }
  const config = loadConfig();
  const db = await openDatabase({
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    dataDir: path.resolve(io.cwd, config.FINPLAT_HOME, 'pg'),
  });
  try {
    const { rows } = await db.pool.query<{ server_version: string }>('show server_version');
    io.stderr(
      `Postgres ${rows[0]?.server_version ?? '?'} ready (${db.embedded ? `embedded, data in ${path.join(config.FINPLAT_HOME, 'pg')}` : 'DATABASE_URL'})`,
    );
  } finally {
    await db.close();
  }
  const date = todayUtc();
  const show = (text: string, json: unknown): void => {
    io.stdout(
      values.json
        ? JSON.stringify(json, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)
        : `${text}\n`,
    );
  };

  const ingested = await ingest({
    config,
    date,
    sources: [...SOURCE_NAMES],
    listings: await loadUniverse(),
    json: values.json,
    io,
  });
  show(ingested.summary, ingested);

  const store = openObjectStore(config, io.cwd);
  io.stderr('transform: building silver and gold …');
  const transformed = await transformLake(config, store, io, date, false);
  show(formatTransform(transformed), transformed);
  if (!transformed.ok) return 1;

  const loaded = await loadPublishedGold(config, store, io.cwd, date);
  if (loaded) show(formatLoad(loaded), loaded);
  if (!values.json)
    io.stdout(
      `Bronze, silver and gold are in ${ingested.lake}; gold is in Postgres schema \`gold\`. Next: \`npx finplat --help\`.`,
    );
  return ingested.ok && loaded !== undefined ? 0 : 1;
}
