/**
 * A throwaway database for a benchmark: on DATABASE_URL when set, else on an embedded Postgres in a
 * temp folder; gold migrated (the data platform's SQL files, run by the shared @finplat/db runner:
 * no data-platform code is imported) and seeded at realistic size. `close()` drops everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '@finplat/config';
import { migrate, openDatabase, redactUrl } from '@finplat/db';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { seedRealisticGold, type SeedResult } from './realistic-gold.ts';

const GOLD_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../data-platform/src/loaders/migrations/', import.meta.url),
);

export interface BenchDatabase {
  readonly config: Config;
  readonly db: TestDatabase;
  readonly seed: SeedResult;
  /** where the benchmark may write files (the JWT key of startServer) */
  readonly workDir: string;
  readonly where: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(options: {
  lastDate: string;
  years: number;
}): Promise<BenchDatabase> {
  const config = loadConfig();
  const workDir = await mkdtemp(path.join(tmpdir(), 'finplat-api-bench-'));
  const server = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.join(workDir, 'pg'),
  });
  const db = await createTestDatabase(server.url);
  try {
    await migrate(db.pool, { directory: GOLD_MIGRATIONS_DIR });
    const seed = await seedRealisticGold(db.pool, options.lastDate, options.years);
    return {
      config,
      db,
      seed,
      workDir,
      where: server.embedded ? 'embedded Postgres (temp dir)' : redactUrl(server.url),
      close: async () => {
        await db.drop();
        await server.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db.drop().catch(() => undefined);
    await server.close();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
