import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../src/ingestion/bronze/manifest.ts';
import { loadUniverse } from '../src/ingestion/universe.ts';
import { runCli } from './cli.ts';

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
      // No DATABASE_URL, no base URLs: exactly what a new user has.
      const result = await runCli(
        ['start'],
        { FINPLAT_HOME: path.join(work, '.finplat'), LAKE_URL: path.join(work, 'lake') },
        work,
      );
      expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
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
