import type pg from 'pg';
import type { Source, SourceName } from '../../../ingestion/source.ts';
import type { Listing } from '../../../ingestion/universe.ts';
import type { ObjectStore } from '../../../lake/object-store.ts';

/**
 * Everything the daily nodes touch, handed in by whoever runs them (the CLI wiring, a test). Nodes
 * never open a store, a database or an HTTP client themselves.
 */
export interface PipelineResources {
  readonly store: ObjectStore;
  readonly pool: pg.Pool;
  readonly listings: readonly Listing[];
  /** A fresh source client (its endpoints resolved by the caller) for each ingest attempt. */
  readonly source: (name: SourceName) => Source;
  /** FINPLAT_SOURCES: recorded with each gold load so readers can tell sample data from market data. */
  readonly sources: 'sandbox' | 'live';
  readonly historyStart: string;
  readonly lookbackDays: number;
  /** Scratch space (FINPLAT_HOME/work). */
  readonly workDir: string;
  /** A unique id for a transform or ingest attempt (`20260217T223000Z-a1b2c3`). */
  readonly newRunId: () => string;
  /** In-memory results for a caller that prints them (`finplat start`); called on success and failure. */
  readonly onReport?: (node: string, report: unknown) => void;
}
