import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config } from '@finplat/config';
import { openDatabase } from '@finplat/db';
import type { ObjectStore } from '../../lake/object-store.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { loadGold, type GoldLoadResult } from '../../loaders/load.ts';
import { migrate } from '../../loaders/migrate.ts';
import { GOLD_TABLES } from '../../marts/gold-tables.ts';
import { readPointer } from '../../pipeline/publish.ts';
import { parseDate, parseFlags } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const LOAD_USAGE = `Usage: finplat load [--date YYYY-MM-DD] [--replace-newer] [--json]

Loads the published gold Parquet (gold/_current.json) into the Postgres schema \`gold\`: migrations
first, then every table in ONE transaction: COPY, row-count and checksum validation against the
Parquet, commit. Re-loading the same gold data is a no-op; a table that Postgres holds for a later
date is kept (a backfill never replaces newer gold) unless --replace-newer.

Options:
  --date           the partition date recorded in gold.load_log (default: the published gold's date)
  --replace-newer  load even over gold that a later date loaded
  --json           the result as JSON on stdout
  --help           this text

Exit codes: 0 loaded, 1 the load failed (the previous version stays live), 2 bad usage or configuration.`;

const flags = {
  date: { type: 'string' },
  json: { type: 'boolean', default: false },
  'replace-newer': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface LoadRun {
  readonly runId: string;
  readonly dt: string;
  readonly embedded: boolean;
  readonly migrationsApplied: readonly string[];
  readonly results: readonly GoldLoadResult[];
  readonly seconds: number;
}

/** Migrates, then loads every table of the published gold version. Shared by `load` and `start`. */
export async function loadPublishedGold(
  config: Config,
  store: ObjectStore,
  cwd: string,
  date?: string,
  replaceNewer = false,
): Promise<LoadRun | undefined> {
  const published = await readPointer(store, 'gold');
  if (!published) return undefined;
  const { pointer } = published;
  const dt = date ?? pointer.date;
  const workDir = path.resolve(cwd, config.FINPLAT_HOME, 'work', `load-${pointer.runId}`);
  await mkdir(workDir, { recursive: true });
  const db = await openDatabase({
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    dataDir: path.resolve(cwd, config.FINPLAT_HOME, 'pg'),
  });
  try {
    const t0 = performance.now();
    const migrated = await migrate(db.pool);
    const tables = [];
    for (const table of GOLD_TABLES) {
      const entry = pointer.models[table.name];
      if (!entry)
        throw new Error(
          `Published gold (run ${pointer.runId}) has no ${table.name}; re-run \`finplat transform\``,
        );
      const object = await store.get(entry.object);
      if (!object)
        throw new Error(`${store.location}/${entry.object} is named by gold/_current.json but missing`);
      const file = path.join(workDir, `${table.name}.parquet`);
      await writeFile(file, object.body);
      tables.push({ name: table.name, parquetFile: file });
    }
    const results = await loadGold({
      pool: db.pool,
      runId: pointer.runId,
      dt,
      sources: config.FINPLAT_SOURCES,
      tables,
      options: { tmpDir: workDir, replaceNewer },
    });
    return {
      runId: pointer.runId,
      dt,
      embedded: db.embedded,
      migrationsApplied: migrated.applied,
      results,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await db.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

export function formatLoad(run: LoadRun): string {
  const lines = [
    `Load of gold run ${run.runId} (dt ${run.dt}) into ${run.embedded ? 'embedded Postgres' : 'DATABASE_URL'}`,
    '',
  ];
  for (const r of run.results) {
    lines.push(`  gold.${r.table.padEnd(20)} ${String(r.rows).padStart(10)} rows  ${describe(r)}`);
  }
  lines.push('', `Done in ${run.seconds.toFixed(1)} s.`);
  return lines.join('\n');
}

function describe(r: GoldLoadResult): string {
  const checksum = `checksum ${r.checksum?.slice(0, 12) ?? '-'}`;
  switch (r.status) {
    case 'published':
      return `published  ${checksum}`;
    case 'unchanged':
      return `unchanged (already live)  ${checksum}`;
    case 'kept-newer':
      return `kept: Postgres holds newer gold (dt ${r.liveDt ?? '?'}); --replace-newer to overwrite`;
  }
}

export async function loadCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, LOAD_USAGE);
  if (values.help) {
    io.stdout(LOAD_USAGE);
    return 0;
  }
  const date = values.date === undefined ? undefined : parseDate(values.date, '--date', LOAD_USAGE);
  const config = loadConfig();
  const store = openObjectStore(config, io.cwd);
  const run = await loadPublishedGold(config, store, io.cwd, date, values['replace-newer']);
  if (!run) {
    io.stderr(`finplat: no published gold in ${store.location}; run \`finplat transform\` first`);
    return 1;
  }
  io.stdout(values.json ? JSON.stringify(run, null, 2) : formatLoad(run));
  return 0;
}
