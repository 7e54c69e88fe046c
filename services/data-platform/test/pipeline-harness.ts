import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BronzePartitionWriter } from '../src/ingestion/bronze/partition-writer.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { openDuckSession, type DuckSession } from '../src/pipeline/duckdb.ts';
import { registerBronze, resolveBronzeInputs } from '../src/transforms/bronze-inputs.ts';

export interface BronzePayload {
  readonly source: string;
  readonly dataset: string;
  readonly dt: string;
  readonly key: string;
  readonly body: Buffer | string;
  /** Later captures of the same (symbol, day) win in silver; default: the partition date at 22:00Z. */
  readonly fetchedAt?: Date;
  readonly url?: string;
  /** Set for POST captures (OpenFIGI): the request body the manifest keeps beside the answer. */
  readonly requestBody?: string;
}

/**
 * A real lake in a temp folder holding the given payloads as bronze (written through the
 * partition writer, so manifests are real), and a DuckDB session with `bronze.*` registered
 * from those manifests up to `upTo`.
 */
export async function openPipelineFixture(payloads: readonly BronzePayload[], upTo = '2099-12-31') {
  const root = await mkdtemp(path.join(tmpdir(), 'finplat-pipeline-'));
  const store = new LocalObjectStore(path.join(root, 'lake'));
  const writers = new Map<string, BronzePartitionWriter>();
  for (const p of payloads) {
    const id = `${p.source}/${p.dataset}/${p.dt}`;
    let writer = writers.get(id);
    if (!writer) {
      writer = new BronzePartitionWriter(
        store,
        { source: p.source, dataset: p.dataset, dt: p.dt },
        { runId: 'fixture', startedAt: new Date() },
      );
      writers.set(id, writer);
    }
    await writer.store({
      key: p.key,
      body: Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body),
      contentType: 'application/json',
      httpStatus: 200,
      method: p.requestBody === undefined ? 'GET' : 'POST',
      ...(p.requestBody === undefined ? {} : { requestBody: p.requestBody }),
      url: p.url ?? `http://fixture/${id}/${p.key}`,
      fetchedAt: p.fetchedAt ?? new Date(`${p.dt}T22:00:00Z`),
      attempts: 1,
    });
  }
  const session: DuckSession = await openDuckSession({ tempDir: path.join(root, 'duck-tmp') });
  const files = await resolveBronzeInputs(store, upTo, path.join(root, 'cache'));
  await registerBronze(session, files, path.join(root, 'work'));
  return {
    root,
    store,
    session,
    close: async (): Promise<void> => {
      session.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
