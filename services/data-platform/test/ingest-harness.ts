import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseManifest, type Manifest } from '../src/ingestion/bronze/manifest.ts';
import { runIngest, type IngestResult } from '../src/ingestion/run-ingest.ts';
import type { Source } from '../src/ingestion/source.ts';
import type { Listing } from '../src/ingestion/universe.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { bronzeManifestPath, bronzeObjectPath } from '../src/lake/paths.ts';

/** A real lake in a temp folder, and helpers to run sources into it and read bronze back. */
export async function createTestLake() {
  const root = await mkdtemp(path.join(tmpdir(), 'finplat-lake-'));
  const store = new LocalObjectStore(root);
  let runs = 0;
  return {
    root,
    store,
    async ingest(
      source: Source,
      listings: readonly Listing[],
      date = '2026-02-17',
      options: { historyStart?: string; lookbackDays?: number } = {},
    ): Promise<IngestResult> {
      runs += 1;
      return runIngest({
        store,
        date,
        runId: `test-run-${runs}`,
        sources: [source],
        listings,
        historyStart: options.historyStart ?? '2000-01-01',
        lookbackDays: options.lookbackDays ?? 10,
      });
    },
    async manifest(source: string, dataset: string, dt = '2026-02-17'): Promise<Manifest> {
      const stored = await store.get(bronzeManifestPath({ source, dataset, dt }));
      if (!stored) throw new Error(`no manifest for ${source}/${dataset}/${dt}`);
      return parseManifest(stored.body, 'test');
    },
    async object(
      source: string,
      dataset: string,
      key: string,
      dt = '2026-02-17',
    ): Promise<Buffer | undefined> {
      return (await store.get(bronzeObjectPath({ source, dataset, dt }, key)))?.body;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export function listings(...symbols: string[]): Listing[] {
  return symbols.map((symbol) => ({ symbol, kind: 'equity' as const }));
}
