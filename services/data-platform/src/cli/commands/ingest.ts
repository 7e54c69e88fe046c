import { randomBytes } from 'node:crypto';
import { loadConfig } from '@finplat/config';
import { runIngest, type IngestResult } from '../../ingestion/run-ingest.ts';
import { SOURCE_NAMES, type SourceName } from '../../ingestion/source.ts';
import { InputError } from '../../ingestion/input-error.ts';
import {
  listingsFromTickers,
  loadUniverse,
  DEFAULT_UNIVERSE_FILE,
  type Listing,
} from '../../ingestion/universe.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { resolveEndpoints } from '../endpoints.ts';
import { createLogger } from '../logger.ts';
import { createReporter } from '../progress.ts';
import { buildSource } from '../sources.ts';
import { formatSummary } from '../summary.ts';
import { parseDate, parseFlags, parseList, todayUtc, UsageError } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const INGEST_USAGE = `Usage: finplat ingest [--date YYYY-MM-DD] [--source yahoo,sec,fx,openfigi] [--tickers AAPL,MSFT] [--universe FILE] [--json]

Fetches the sources for one logical date and stores every raw payload in bronze:
  bronze/source=<source>/dataset=<dataset>/dt=<date>/<key>.json, with a _manifest.json per partition.

Options:
  --date      logical date of the run (default: today, UTC)
  --source    comma-separated sources (default: all: ${SOURCE_NAMES.join(',')})
  --tickers   comma-separated Yahoo symbols instead of the universe file
  --universe  universe file (default: services/data-platform/config/universe.json)
  --json      structured JSON logs on stderr and a JSON summary on stdout
  --help      this text

Exit codes: 0 all stored, 1 something failed (listed at the end; re-run to retry), 2 bad usage or configuration.
Where the sources are fetched from: see README.md, "Configuration" (FINPLAT_SOURCES, *_BASE_URL).`;

const flags = {
  date: { type: 'string' },
  source: { type: 'string' },
  tickers: { type: 'string' },
  universe: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export function parseSources(value: string | undefined): SourceName[] {
  if (value === undefined) return [...SOURCE_NAMES];
  const names = parseList(value, '--source', INGEST_USAGE);
  for (const name of names) {
    if (!(SOURCE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        `--source: unknown source "${name}" (choose from ${SOURCE_NAMES.join(', ')})`,
        INGEST_USAGE,
      );
    }
  }
  return [...new Set(names)] as SourceName[];
}

function tickersFlag(value: string, universe: Listing[]): Listing[] {
  try {
    return listingsFromTickers(parseList(value, '--tickers', INGEST_USAGE), universe);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message, INGEST_USAGE);
    throw error;
  }
}

export async function ingestCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, INGEST_USAGE);
  if (values.help) {
    io.stdout(INGEST_USAGE);
    return 0;
  }
  const date = values.date === undefined ? todayUtc() : parseDate(values.date, '--date', INGEST_USAGE);
  const sources = parseSources(values.source);
  const universe = await loadUniverse(values.universe ?? DEFAULT_UNIVERSE_FILE);
  const listings = values.tickers === undefined ? universe : tickersFlag(values.tickers, universe);
  const config = loadConfig();
  const result = await ingest({ config, date, sources, listings, json: values.json, io });
  io.stdout(values.json ? JSON.stringify(result, null, 2) : result.summary);
  return result.ok ? 0 : 1;
}

export interface IngestRun extends IngestResult {
  readonly summary: string;
  readonly lake: string;
}

/** Shared by `finplat ingest` and `finplat start`. */
export async function ingest(options: {
  config: ReturnType<typeof loadConfig>;
  date: string;
  sources: SourceName[];
  listings: readonly Listing[];
  json: boolean;
  io: CommandIo;
}): Promise<IngestRun> {
  const { config, io } = options;
  const logger = createLogger(options.json ? 'json' : 'plain', io.stderr);
  const store = openObjectStore(config, io.cwd);
  const { endpoints, sandbox } = await resolveEndpoints(config, options.sources);
  if (sandbox)
    logger.info(`sandbox serving the four source APIs offline at ${sandbox.url}`, { sandbox: sandbox.url });
  const reporter = createReporter({ interactive: io.isTTY && !options.json, logger });
  try {
    const built = options.sources.map((name) => buildSource(name, config, endpoints));
    logger.info(
      `ingest ${options.date}: ${options.listings.length} listing(s), sources ${options.sources.join(',')} -> ${store.location}`,
    );
    const result = await runIngest({
      store,
      date: options.date,
      runId: newRunId(),
      sources: built,
      listings: options.listings,
      historyStart: config.FINPLAT_HISTORY_START,
      lookbackDays: config.FINPLAT_LOOKBACK_DAYS,
      reporter,
    });
    return { ...result, lake: store.location, summary: formatSummary(result, store.location) };
  } finally {
    reporter.stop();
    await sandbox?.close();
  }
}
