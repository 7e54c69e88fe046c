/**
 * `finplat run` as a user runs it (real processes, real Postgres, real lake folders, the sandbox for
 * sources): killed with SIGKILL at several points and resumed, it ends with exactly the gold of an
 * uninterrupted run and nothing duplicated; a second run of the same date is refused; a backfill of
 * older dates over a weekend never replaces newer gold.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { parseManifest } from '../src/ingestion/bronze/manifest.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { readPointer } from '../src/pipeline/publish.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { runCli, startCli, type CliResult } from './cli.ts';

const DT = '2026-02-17'; // a Tuesday

let work: string;
let sandbox: Sandbox;
let clean: TestDatabase;
let killed: TestDatabase;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'finplat-orchestration-e2e-'));
  sandbox = await startSandbox({ port: 0 });
  [clean, killed] = await Promise.all([
    createTestDatabase(inject('databaseUrl')),
    createTestDatabase(inject('databaseUrl')),
  ]);
  await writeFile(
    path.join(work, 'universe.json'),
    JSON.stringify({
      listings: [
        { symbol: 'AAPL', kind: 'equity' },
        { symbol: 'MSFT', kind: 'equity' },
        { symbol: 'SPY', kind: 'etf' },
      ],
    }),
  );
});
afterAll(async () => {
  await sandbox.close();
  await Promise.all([clean.drop(), killed.drop()]);
  await rm(work, { recursive: true, force: true });
});

function envFor(name: string, db: TestDatabase): Record<string, string> {
  return {
    LAKE_URL: path.join(work, name, 'lake'),
    FINPLAT_HOME: path.join(work, name, '.finplat'),
    DATABASE_URL: db.url,
    FINPLAT_UNIVERSE: path.join(work, 'universe.json'),
    FINPLAT_HISTORY_START: '2025-11-03',
    YAHOO_BASE_URL: sandbox.baseUrls.yahoo,
    SEC_DATA_BASE_URL: sandbox.baseUrls.secData,
    SEC_WWW_BASE_URL: sandbox.baseUrls.secWww,
    SEC_USER_AGENT: 'fin-platform tests tests@example.com',
    FX_BASE_URL: sandbox.baseUrls.fx,
    OPENFIGI_BASE_URL: sandbox.baseUrls.openfigi,
  };
}

/** Per gold table: row count and an md5 over every row except the run id (which differs by design). */
async function goldFingerprint(db: TestDatabase): Promise<Record<string, string>> {
  const { rows: tables } = await db.pool.query<{ table_name: string; columns: string }>(
    `SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns
     FROM information_schema.columns
     WHERE table_schema = 'gold' AND table_name <> 'load_log' AND column_name <> '_run_id'
     GROUP BY table_name ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const t of tables) {
    const { rows } = await db.pool.query<{ n: string; md5: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(r::text, '|' ORDER BY r::text)) AS md5
       FROM (SELECT ${t.columns} FROM gold.${t.table_name}) r`,
    );
    out[t.table_name] = `${rows[0]?.n ?? '?'} ${rows[0]?.md5 ?? ''}`;
  }
  return out;
}

/** Objects per bronze partition of the date: re-ingesting identical bytes must not add any. */
async function bronzeObjectCounts(lake: string): Promise<Record<string, number>> {
  const store = new LocalObjectStore(lake);
  const manifests = (await store.list('bronze/')).filter((k) => k.endsWith(`dt=${DT}/_manifest.json`));
  const counts: Record<string, number> = {};
  for (const key of manifests) {
    const stored = await store.get(key);
    if (stored) counts[key] = parseManifest(stored.body, key).objects.length;
  }
  return counts;
}

/** Starts `finplat run …`, SIGKILLs it once stderr shows `marker`, and returns what it printed. */
async function killWhen(
  args: string[],
  env: Record<string, string>,
  marker: string,
  whileRunning?: () => Promise<void>,
): Promise<CliResult> {
  const { child, done } = startCli(args, env, work);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(marker)) resolve();
    });
    child.on('close', () => {
      reject(new Error(`finplat ${args.join(' ')} ended before "${marker}":\n${seen}`));
    });
  });
  await whileRunning?.();
  child.kill('SIGKILL');
  return done;
}

async function runsOf(
  db: TestDatabase,
): Promise<{ id: string; status: string; resumed_from: string | null }[]> {
  const { rows } = await db.pool.query<{ id: string; status: string; resumed_from: string | null }>(
    `SELECT id::text, status, resumed_from::text FROM ops.runs ORDER BY id`,
  );
  return rows;
}

describe('finplat run (real processes)', () => {
  let reference: Record<string, string>;

  it(
    'killed with SIGKILL during ingest, silver and load, --resume ends with the gold of an uninterrupted run',
    { timeout: 150_000 },
    async () => {
      const cleanEnv = envFor('clean', clean);
      const uninterrupted = await runCli(['run', '--date', DT], cleanEnv, work);
      expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
      expect(uninterrupted.stdout).toContain(`for ${DT}: succeeded`);
      reference = await goldFingerprint(clean);
      expect(Number(reference.daily_prices?.split(' ')[0])).toBeGreaterThan(0);

      const env = envFor('killed', killed);
      // 1. Killed while ingesting.
      await killWhen(['run', '--date', DT], env, `${DT} ingest_yahoo: attempt 1 of`);
      // 2. The resume is killed too, once silver runs; meanwhile a second run of the date is refused.
      let refused: CliResult | undefined;
      await killWhen(['run', '--date', DT, '--resume'], env, `${DT} silver: attempt 1 of`, async () => {
        refused = await runCli(['run', '--date', DT], env, work);
      });
      expect(refused?.code, refused?.stderr).toBe(1);
      expect(refused?.stdout).toMatch(
        new RegExp(`${DT}: another run of this date is in progress \\(run 2, manual, pid \\d+`),
      );
      // 3. This one completes, reusing the ingest nodes the killed run finished.
      const resumed = await runCli(['run', '--date', DT, '--resume'], env, work);
      expect(resumed.code, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
      expect(resumed.stdout).toMatch(/ingest_yahoo\s+reused/);
      expect(resumed.stderr).toMatch(/run\(s\) 2 were left running by a dead process: abandoned/);
      // 4. A rerun killed while loading gold into Postgres, then resumed.
      await killWhen(
        ['run', '--date', DT, '--rerun'],
        env,
        `${DT} load: attempt 1 of`,
        () => new Promise((resolve) => setTimeout(resolve, 400)),
      );
      const again = await runCli(['run', '--date', DT, '--resume'], env, work);
      expect(again.code, `${again.stderr}\n${again.stdout}`).toBe(0);
      expect(again.stdout).toMatch(/silver\s+reused/);

      expect(await goldFingerprint(killed)).toEqual(reference);
      expect(await bronzeObjectCounts(path.join(work, 'killed', 'lake'))).toEqual(
        await bronzeObjectCounts(path.join(work, 'clean', 'lake')),
      );
      const runs = await runsOf(killed);
      expect(runs.map((r) => [r.id, r.status, r.resumed_from])).toEqual([
        ['1', 'abandoned', null],
        ['2', 'abandoned', '1'],
        ['3', 'succeeded', '2'],
        ['4', 'abandoned', null],
        ['5', 'succeeded', '4'],
      ]);
      // One successful load per table per gold version: the killed load's committed tables were not re-published.
      const { rows: dupes } = await killed.pool.query(
        `SELECT run_id, table_name FROM gold.load_log WHERE status = 'succeeded' GROUP BY 1, 2 HAVING count(*) > 1`,
      );
      expect(dupes).toEqual([]);

      const status = await runCli(['status', '--date', DT], env, work);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^5\s+2026-02-17\s+manual\s+resume\s+succeeded/m);
      expect(status.stdout).toMatch(/^1\s+ingest_yahoo\s+1\s+abandoned/m);
      expect(status.stdout).toMatch(/^5\s+load\s+1\s+succeeded\s+[\d.]+\s+\d+\s+\d+/m);
      const already = await runCli(['run', '--date', DT], env, work);
      expect(already.code).toBe(0);
      expect(already.stdout).toContain(`${DT}: already succeeded (run 5`);
    },
  );

  it(
    'a backfill over a weekend runs only the business date and keeps the newer gold live',
    { timeout: 90_000 },
    async () => {
      const env = envFor('killed', killed);
      const lake = new LocalObjectStore(path.join(work, 'killed', 'lake'));
      const before = await readPointer(lake, 'gold');
      const backfilled = await runCli(['backfill', '--from', '2026-02-14', '--to', '2026-02-16'], env, work);
      expect(backfilled.code, `${backfilled.stderr}\n${backfilled.stdout}`).toBe(0);
      expect(backfilled.stdout).toMatch(/^2026-02-16\s+succeeded/m);
      expect(backfilled.stdout).not.toMatch(/2026-02-1[45]/);
      expect(backfilled.stderr).toContain('backfill [1/1] 2026-02-16 succeeded');
      expect(backfilled.stderr).toContain('kept newer gold in Postgres');
      // Postgres and the lake's gold pointer still hold the 17th.
      expect(await goldFingerprint(killed)).toEqual(reference);
      expect((await readPointer(lake, 'gold'))?.pointer).toEqual(before?.pointer);
      const { rows } = await killed.pool.query(
        `SELECT 1 FROM gold.load_log WHERE dt = '2026-02-16' AND status = 'succeeded'`,
      );
      expect(rows).toEqual([]);
      const quality = JSON.parse(
        await readFile(path.join(work, 'killed', 'lake', 'gold', '_current.json'), 'utf8'),
      ) as { date: string };
      expect(quality.date).toBe(DT);

      const again = await runCli(['backfill', '--from', '2026-02-14', '--to', '2026-02-16'], env, work);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^2026-02-16\s+skipped \(already succeeded\)/m);
    },
  );
});
