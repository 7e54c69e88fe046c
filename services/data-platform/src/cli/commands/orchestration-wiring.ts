/**
 * Wiring shared by `run`, `task`, `backfill`, `schedule` and `start`: config → Postgres (migrated:
 * gold and ops) → lake store → universe → source endpoints → the daily DAG's node implementations
 * bound to those resources. Built once per process; every date it runs shares its Slots.
 */
import path from 'node:path';
import type { Config } from '@finplat/config';
import { openDatabase, type Database } from '@finplat/db';
import { SOURCE_NAMES } from '../../ingestion/source.ts';
import { DEFAULT_UNIVERSE_FILE, loadUniverse } from '../../ingestion/universe.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { migrate } from '../../loaders/migrate.ts';
import { DAILY_DAG } from '../../pipeline/orchestration/daily-dag.ts';
import { dailyNodes } from '../../pipeline/orchestration/nodes/index.ts';
import type { Orchestrator } from '../../pipeline/orchestration/run-date.ts';
import { Slots } from '../../pipeline/orchestration/slots.ts';
import { resolveEndpoints, type ResolvedEndpoints } from '../endpoints.ts';
import { createLogger } from '../logger.ts';
import { buildSource } from '../sources.ts';
import { newRunId } from './ingest.ts';
import type { CommandIo } from './io.ts';

export interface OrchestrationSession {
  readonly config: Config;
  readonly db: Database;
  readonly store: ObjectStore;
  readonly orchestrator: Orchestrator;
  close(): Promise<void>;
}

/** Opens Postgres and migrates it (schemas gold and ops); for commands that only read history. */
export async function openMigratedDatabase(config: Config, cwd: string): Promise<Database> {
  const db = await openDatabase({
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    dataDir: path.resolve(cwd, config.FINPLAT_HOME, 'pg'),
  });
  try {
    await migrate(db.pool);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

export async function openOrchestration(
  config: Config,
  io: CommandIo,
  options: {
    readonly json: boolean;
    /** False for commands that never ingest (no sandbox is started for them). */
    readonly needSources: boolean;
    readonly onReport?: (node: string, report: unknown) => void;
    /** Called once Postgres is up, before anything runs (`start` prints where it is). */
    readonly onDatabase?: (db: Database) => Promise<void>;
  },
): Promise<OrchestrationSession> {
  const logger = createLogger(options.json ? 'json' : 'plain', io.stderr);
  const listings = await loadUniverse(
    config.FINPLAT_UNIVERSE === undefined
      ? DEFAULT_UNIVERSE_FILE
      : path.resolve(io.cwd, config.FINPLAT_UNIVERSE),
  );
  const db = await openMigratedDatabase(config, io.cwd);
  let resolved: ResolvedEndpoints | undefined;
  try {
    await options.onDatabase?.(db);
    const store = openObjectStore(config, io.cwd);
    resolved = options.needSources ? await resolveEndpoints(config, SOURCE_NAMES) : undefined;
    if (resolved?.sandbox)
      logger.info(`sandbox serving the four source APIs offline at ${resolved.sandbox.url}`, {
        sandbox: resolved.sandbox.url,
      });
    const endpoints = resolved?.endpoints;
    const implementations = dailyNodes({
      store,
      pool: db.pool,
      listings,
      source: (name) => {
        if (!endpoints) throw new Error(`source ${name} was not wired for this command`);
        return buildSource(name, config, endpoints);
      },
      sources: config.FINPLAT_SOURCES,
      historyStart: config.FINPLAT_HISTORY_START,
      lookbackDays: config.FINPLAT_LOOKBACK_DAYS,
      workDir: path.resolve(io.cwd, config.FINPLAT_HOME, 'work'),
      newRunId: () => newRunId(),
      ...(options.onReport ? { onReport: options.onReport } : {}),
    });
    const orchestrator: Orchestrator = {
      pool: db.pool,
      dag: DAILY_DAG,
      implementations,
      slots: new Slots(DAILY_DAG, config.FINPLAT_TASK_CONCURRENCY),
      log: (line) => {
        logger.info(line);
      },
    };
    const sandbox = resolved?.sandbox;
    return {
      config,
      db,
      store,
      orchestrator,
      close: async () => {
        await sandbox?.close();
        await db.close();
      },
    };
  } catch (error) {
    await resolved?.sandbox?.close();
    await db.close();
    throw error;
  }
}

/** SIGINT/SIGTERM (as a promise from main.ts) as an AbortSignal: stop starting work, finish cleanly. */
export function signalFrom(interrupted: Promise<void> | undefined): AbortSignal | undefined {
  if (!interrupted) return undefined;
  const controller = new AbortController();
  void interrupted.then(() => {
    controller.abort(new Error('interrupted'));
  });
  return controller.signal;
}
