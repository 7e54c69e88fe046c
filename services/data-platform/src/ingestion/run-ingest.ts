import type { ObjectStore } from '../lake/object-store.ts';
import { BronzePartitionWriter } from './bronze/partition-writer.ts';
import { CursorState } from './cursor-state.ts';
import { fetchAndStore } from './fetch-and-store.ts';
import type { RetryEvent } from './http/client.ts';
import type { FetchResult, IngestContext, Source, SourceName } from './source.ts';
import type { Listing } from './universe.ts';

export interface FailedKey {
  readonly dataset: string;
  readonly key: string;
  readonly error: string;
}

export interface SourceSummary {
  readonly source: SourceName;
  planned: number;
  written: number;
  unchanged: number;
  failed: number;
  skipped: number;
  bytes: number;
  retries: number;
  seconds: number;
  readonly failures: FailedKey[];
  /** Keys a source does not fetch, grouped by reason (e.g. ETFs have no SEC filings). */
  readonly skips: Record<string, string[]>;
  /** Set when the source itself crashed (not one key): the run is failed. */
  error?: string;
}

/** What the CLI's progress display listens to. All methods are optional. */
export interface IngestReporter {
  planned?(source: SourceName, total: number): void;
  progressed?(source: SourceName, summary: Readonly<SourceSummary>): void;
  retried?(event: RetryEvent): void;
  failed?(source: SourceName, failure: FailedKey): void;
  skipped?(source: SourceName, dataset: string, key: string, reason: string): void;
  finished?(summary: Readonly<SourceSummary>): void;
}

export interface IngestOptions {
  readonly store: ObjectStore;
  readonly date: string;
  readonly runId: string;
  readonly sources: readonly Source[];
  readonly listings: readonly Listing[];
  readonly historyStart: string;
  readonly lookbackDays: number;
  readonly reporter?: IngestReporter;
}

export interface IngestResult {
  readonly runId: string;
  readonly date: string;
  readonly sources: readonly SourceSummary[];
  readonly ok: boolean;
}

/** Runs every source concurrently (each has its own rate limit); one failing key or source never stops the others. */
export async function runIngest(options: IngestOptions): Promise<IngestResult> {
  const startedAt = new Date();
  const summaries = await Promise.all(options.sources.map((source) => runSource(source, options, startedAt)));
  const ok = summaries.every((s) => s.failed === 0 && s.error === undefined);
  return { runId: options.runId, date: options.date, sources: summaries, ok };
}

async function runSource(source: Source, options: IngestOptions, startedAt: Date): Promise<SourceSummary> {
  const reporter = options.reporter ?? {};
  const summary: SourceSummary = {
    source: source.name,
    planned: 0,
    written: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    bytes: 0,
    retries: 0,
    seconds: 0,
    failures: [],
    skips: {},
  };
  const t0 = performance.now();
  const writers = new Map<string, BronzePartitionWriter>();
  const writerFor = (dataset: string): BronzePartitionWriter => {
    let writer = writers.get(dataset);
    if (!writer) {
      writer = new BronzePartitionWriter(
        options.store,
        { source: source.name, dataset, dt: options.date },
        { runId: options.runId, startedAt },
      );
      writers.set(dataset, writer);
    }
    return writer;
  };
  const cursors = new Map(
    source.datasets.map((d) => [d, new CursorState(options.store, source.name, d)] as const),
  );
  const cursorsOf = (dataset: string): CursorState => {
    const state = cursors.get(dataset);
    if (!state)
      throw new Error(`${source.name}: dataset "${dataset}" is not declared in the source's datasets`);
    return state;
  };
  const onRetry = (event: RetryEvent): void => {
    summary.retries += 1;
    reporter.retried?.(event);
  };
  source.http.on('retry', onRetry);

  const ctx: IngestContext = {
    date: options.date,
    listings: options.listings,
    historyStart: options.historyStart,
    lookbackDays: options.lookbackDays,
    plan(count) {
      summary.planned += count;
      reporter.planned?.(source.name, summary.planned);
    },
    async fetch(spec): Promise<FetchResult> {
      const { bytes, ...result } = await fetchAndStore(source, spec, writerFor(spec.dataset));
      if (!result.ok) {
        const failure = { dataset: spec.dataset, key: spec.key, error: result.error };
        summary.failed += 1;
        summary.failures.push(failure);
        reporter.failed?.(source.name, failure);
      } else if (result.outcome === 'written') {
        summary.written += 1;
        summary.bytes += bytes;
      } else {
        summary.unchanged += 1;
      }
      reporter.progressed?.(source.name, summary);
      return result;
    },
    skip(dataset, key, reason) {
      summary.skipped += 1;
      (summary.skips[reason] ??= []).push(key);
      reporter.skipped?.(source.name, dataset, key, reason);
    },
    note: (dataset, key, message) => writerFor(dataset).recordNote(key, message),
    cursor: (dataset, key) => cursorsOf(dataset).get(key),
    async currentRequestUrl(dataset, key) {
      const manifest = await writerFor(dataset).open();
      const name = manifest.current[key];
      return name === undefined ? undefined : manifest.objects.find((o) => o.object === name)?.url;
    },
    advanceCursor: (dataset, key) => {
      cursorsOf(dataset).advance(key, options.date);
    },
  };

  try {
    await Promise.all([...cursors.values()].map((c) => c.load()));
    await source.run(ctx);
    await Promise.all([...cursors.values()].map((c) => c.save()));
  } catch (error) {
    summary.error = error instanceof Error ? error.message : String(error);
  } finally {
    source.http.off('retry', onRetry);
    summary.seconds = (performance.now() - t0) / 1000;
    reporter.finished?.(summary);
  }
  return summary;
}
