// vitest globalSetup: one Postgres for the whole test run, handed to tests as inject('databaseUrl').
// DATABASE_URL set → that server; otherwise an embedded cluster in <FINPLAT_HOME>/pg-test, kept
// apart from the <FINPLAT_HOME>/pg that `npm start` uses so the two never share a cluster.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '@finplat/config';
import { DatabaseError, openDatabase, redactUrl, type Database } from '@finplat/db';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  const started = performance.now();
  const { db, dataDir, throwaway } = await open(
    config.DATABASE_URL,
    path.resolve(config.FINPLAT_HOME, 'pg-test'),
  );
  const close = async (): Promise<void> => {
    try {
      await db.close();
    } finally {
      if (throwaway) await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    const { rows } = await db.pool.query<{ server_version: string }>('show server_version');
    const version = rows[0]?.server_version ?? 'unknown';
    const where = db.embedded
      ? `embedded in ${displayPath(dataDir)}` +
        `${throwaway ? ' (throwaway: pg-test is in use by another run)' : ''}, ` +
        `${redactUrl(db.url)}, ready in ${Math.round(performance.now() - started)} ms`
      : `DATABASE_URL ${redactUrl(db.url)}`;
    console.log(`[finplat tests] Postgres ${version}: ${where}`);
  } catch (error) {
    await close();
    throw error;
  }
  project.provide('databaseUrl', db.url);
  return close;
}

async function open(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<{ db: Database; dataDir: string; throwaway: boolean }> {
  try {
    return { db: await openDatabase({ databaseUrl, dataDir }), dataDir, throwaway: false };
  } catch (error) {
    // Several people share one checkout: a concurrent test run holds pg-test. Rather than fail,
    // use a fresh cluster of our own (initialising one takes about a second) and delete it after.
    if (!(error instanceof DatabaseError && error.code === 'in-use')) throw error;
    const tempDir = await mkdtemp(path.join(tmpdir(), 'finplat-pg-test-'));
    try {
      return { db: await openDatabase({ dataDir: tempDir }), dataDir: tempDir, throwaway: true };
    } catch (fallbackError) {
      await rm(tempDir, { recursive: true, force: true });
      throw fallbackError;
    }
  }
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') ? dir : relative;
}
