import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { openDuckSession } from '../src/pipeline/duckdb.ts';
import { readPointer } from '../src/pipeline/publish.ts';
import { runTransform } from '../src/pipeline/transform.ts';
import { GOLD_MODELS } from '../src/marts/models.ts';
import { SILVER_MODELS } from '../src/transforms/models.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { runCli, startCli } from './cli.ts';

let work: string;
let sandbox: Sandbox;
let db: TestDatabase;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'finplat-pipeline-e2e-'));
  sandbox = await startSandbox({ port: 0 });
  db = await createTestDatabase(inject('databaseUrl'));
});
afterAll(async () => {
  await sandbox.close();
  await db.drop();
  await rm(work, { recursive: true, force: true });
});

describe('ingest → transform → load (real processes, real Postgres)', () => {
  it(
    'leaves gold tables in Postgres that match the published gold Parquet; re-load is a no-op',
    { timeout: 240_000 },
    async () => {
      const lake = path.join(work, 'lake');
      const env = {
        LAKE_URL: lake,
        FINPLAT_HOME: path.join(work, '.finplat'),
        DATABASE_URL: db.url,
        YAHOO_BASE_URL: sandbox.baseUrls.yahoo,
        SEC_DATA_BASE_URL: sandbox.baseUrls.secData,
        SEC_WWW_BASE_URL: sandbox.baseUrls.secWww,
        SEC_USER_AGENT: 'fin-platform tests tests@example.com',
        FX_BASE_URL: sandbox.baseUrls.fx,
        OPENFIGI_BASE_URL: sandbox.baseUrls.openfigi,
      };
      const ingest = await runCli(
        ['ingest', '--date', '2026-02-17', '--tickers', 'AAPL,MSFT,SPY,OCDO.L,MRVL'],
        env,
        work,
      );
      expect(ingest.code, ingest.stderr).toBe(0);

      const transform = await runCli(['transform', '--date', '2026-02-17'], env, work);
      expect(transform.code, `${transform.stderr}\n${transform.stdout}`).toBe(0);
      expect(transform.stdout).toMatch(/silver: published/);
      expect(transform.stdout).toMatch(/gold: published/);
      const pointer = (await readPointer(new LocalObjectStore(lake), 'gold'))?.pointer;
      expect(pointer?.date).toBe('2026-02-17');

      const quality = await runCli(['quality', '--date', '2026-02-17'], env, work);
      expect(quality.code).toBe(0);
      expect(quality.stdout).toMatch(/All \d+ checks passed\./);

      const load = await runCli(['load'], env, work);
      expect(load.code, load.stderr).toBe(0);
      const { rows } = await db.pool.query<{ table_name: string; rows: string }>(
        `SELECT table_name, rows::text FROM gold.load_log WHERE run_id = $1 ORDER BY table_name`,
        [pointer?.runId],
      );
      for (const r of rows) expect(String(pointer?.models[r.table_name]?.rows), r.table_name).toBe(r.rows);
      expect(rows.map((r) => r.table_name).sort()).toEqual(Object.keys(pointer?.models ?? {}).sort());
      const prices = await db.pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM gold.daily_prices WHERE symbol = 'OCDO.L' AND currency = 'GBP'`,
      );
      expect(Number(prices.rows[0]?.n)).toBeGreaterThan(0);

      // An independent implementation of the contract's definitions (Python, standard library) agrees
      // with every derived value Postgres now holds, to 1e-9.
      const exportCsv = async (sql: string, file: string): Promise<void> => {
        const client = await db.pool.connect();
        try {
          await pipeline(
            client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER)`)),
            createWriteStream(file),
          );
        } finally {
          client.release();
        }
      };
      const pricesCsv = path.join(work, 'daily_prices.csv');
      const fxCsv = path.join(work, 'fx_rates.csv');
      await exportCsv(
        'SELECT symbol, dt, close, adj_close, currency, close_usd, ret_1d, sma_20, sma_50, sma_200, vol_30d, drawdown, high_52w, low_52w FROM gold.daily_prices',
        pricesCsv,
      );
      await exportCsv('SELECT dt, currency, usd_per_unit FROM gold.fx_rates', fxCsv);
      const crosscheck = await promisify(execFile)('python3', [
        path.join(import.meta.dirname, '..', 'tools', 'crosscheck_daily_prices.py'),
        pricesCsv,
        fxCsv,
      ]);
      expect(crosscheck.stdout).toMatch(/crosscheck: \d+ values in \d+ rows of 5 symbols agree/);

      const reload = await runCli(['load', '--json'], env, work);
      expect(reload.code, reload.stderr).toBe(0);
      expect(
        (JSON.parse(reload.stdout) as { results: { skipped: boolean }[] }).results.every((r) => r.skipped),
      ).toBe(true);
    },
  );

  it('building silver, then gold from that published silver version, gives the gold of one combined run', async () => {
    // The DAG's silver and gold nodes run the transform in two sessions; the CLI's transform in one.
    const store = new LocalObjectStore(path.join(work, 'lake'));
    const combined = (await readPointer(store, 'gold'))?.pointer;
    expect(combined).toBeDefined();
    const silverRun = await runTransform({
      store,
      date: '2026-02-17',
      runId: '20990101T000001Z-silver',
      workDir: path.join(work, 'split'),
      silver: SILVER_MODELS,
      gold: [],
    });
    expect(silverRun.ok).toBe(true);
    expect(silverRun.layers.map((l) => l.layer)).toEqual(['silver']);
    const silverInput = silverRun.layers[0]?.published;
    expect(silverInput?.runId).toBe('20990101T000001Z-silver');
    const goldRun = await runTransform({
      store,
      date: '2026-02-17',
      runId: '20990101T000002Z-gold',
      workDir: path.join(work, 'split'),
      silver: [],
      gold: GOLD_MODELS,
      ...(silverInput === undefined ? {} : { silverInput }),
    });
    expect(goldRun.ok).toBe(true);
    expect(goldRun.bronzeFiles).toBe(0); // gold read the silver version, not bronze
    const split = goldRun.layers[0]?.published;
    const duck = await openDuckSession({ tempDir: path.join(work, 'split-duck') });
    try {
      for (const model of GOLD_MODELS) {
        const a = store.pathOf(combined?.models[model.name]?.object ?? '');
        const b = store.pathOf(split?.models[model.name]?.object ?? '');
        const differ = await duck.all<{ n: bigint }>(
          `SELECT count(*) AS n FROM (
             (SELECT * EXCLUDE (_run_id) FROM read_parquet('${a}', hive_partitioning = false) EXCEPT ALL SELECT * EXCLUDE (_run_id) FROM read_parquet('${b}', hive_partitioning = false))
             UNION ALL
             (SELECT * EXCLUDE (_run_id) FROM read_parquet('${b}', hive_partitioning = false) EXCEPT ALL SELECT * EXCLUDE (_run_id) FROM read_parquet('${a}', hive_partitioning = false)))`,
        );
        expect(Number(differ[0]?.n), model.name).toBe(0);
        expect(split?.models[model.name]?.rows, model.name).toBe(combined?.models[model.name]?.rows);
      }
    } finally {
      duck.close();
    }
    // `finplat quality` shows the latest checks of BOTH layers although they came from two runs.
    const quality = await runCli(
      ['quality', '--date', '2026-02-17'],
      { LAKE_URL: path.join(work, 'lake'), FINPLAT_HOME: path.join(work, '.finplat') },
      work,
    );
    expect(quality.code, quality.stderr).toBe(0);
    expect(quality.stdout).toContain('Quality checks of run 20990101T000002Z-gold');
    expect(quality.stdout).toMatch(/^silver\.daily_bars /m);
    expect(quality.stdout).toMatch(/^gold\.daily_prices /m);
    expect(quality.stdout).toMatch(/All \d+ checks passed\./);
  });

  it(
    'a transform killed mid-run leaves the published layers untouched; the next run publishes',
    { timeout: 240_000 },
    async () => {
      const lake = path.join(work, 'lake-kill');
      const env = {
        LAKE_URL: lake,
        FINPLAT_HOME: path.join(work, '.finplat-kill'),
        YAHOO_BASE_URL: sandbox.baseUrls.yahoo,
        FX_BASE_URL: sandbox.baseUrls.fx,
      };
      expect(
        (
          await runCli(
            ['ingest', '--date', '2026-02-17', '--source', 'yahoo,fx', '--tickers', 'AAPL,MSFT,SPY'],
            env,
            work,
          )
        ).code,
      ).toBe(0);
      const first = await runCli(['transform', '--date', '2026-02-17'], env, work);
      expect(first.code, first.stdout).toBe(0);
      const store = new LocalObjectStore(lake);
      const before = await Promise.all([readPointer(store, 'silver'), readPointer(store, 'gold')]);

      const { child, done } = startCli(['transform', '--date', '2026-02-17'], env, work);
      // Kill it once it is building models (it logs each finished model on stderr).
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          if (d.toString().includes('silver.')) resolve();
        });
      });
      child.kill('SIGKILL');
      await done;
      const after = await Promise.all([readPointer(store, 'silver'), readPointer(store, 'gold')]);
      expect(after.map((p) => p?.pointer.runId)).toEqual(before.map((p) => p?.pointer.runId));
      for (const p of after)
        for (const m of Object.values(p?.pointer.models ?? {}))
          expect(await store.exists(m.object)).toBe(true);

      const again = await runCli(['transform', '--date', '2026-02-17'], env, work);
      expect(again.code, again.stdout).toBe(0);
      expect((await readPointer(store, 'gold'))?.pointer.runId).not.toBe(before[1]?.pointer.runId);
    },
  );
});
