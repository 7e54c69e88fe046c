import path from 'node:path';
import { loadConfig } from '@finplat/config';
import { openDatabase } from '@finplat/db';
import { SOURCE_NAMES } from '../../ingestion/source.ts';
import { loadUniverse } from '../../ingestion/universe.ts';
import { parseFlags, todayUtc } from '../usage.ts';
import { ingest } from './ingest.ts';
import type { CommandIo } from './io.ts';

export const START_USAGE = `Usage: finplat start [--json]

Runs what the platform has today, in one go: checks the database (embedded Postgres under
.finplat/pg unless DATABASE_URL is set), starts the offline sandbox unless base URLs point
elsewhere, ingests the default universe from all four sources into the lake for today's date,
and prints a summary. This is what \`npm start\` runs.

Options:
  --json  structured logs and a JSON summary
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
  const listings = await loadUniverse();
  const result = await ingest({
    config,
    date: todayUtc(),
    sources: [...SOURCE_NAMES],
    listings,
    json: values.json,
    io,
  });
  io.stdout(values.json ? JSON.stringify(result, null, 2) : result.summary);
  if (!values.json) io.stdout(`\nBronze is in ${result.lake}. Next: \`npx finplat ingest --help\`.`);
  return result.ok ? 0 : 1;
}
