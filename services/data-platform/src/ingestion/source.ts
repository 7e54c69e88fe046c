import type { HttpRequest, SourceHttpClient } from './http/client.ts';
import { PayloadError } from './http/errors.ts';
import type { Listing } from './universe.ts';

export const SOURCE_NAMES = ['yahoo', 'sec', 'fx', 'openfigi'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** One bronze object to fetch: which dataset and key it lands under, and how to get it. */
export interface FetchSpec {
  readonly dataset: string;
  readonly key: string;
  readonly request: HttpRequest;
  /** Throws PayloadError when a 2xx body is not a usable payload (malformed JSON, error envelope). */
  readonly validate: (body: Buffer, contentType: string) => void;
}

export type FetchResult =
  | { readonly ok: true; readonly body: Buffer; readonly outcome: 'written' | 'unchanged' }
  | { readonly ok: false; readonly error: string };

export interface Cursor {
  /** The last logical date whose fetch of this key succeeded. */
  readonly through: string;
}

export interface IngestContext {
  /** Logical date of the run (the bronze partition), YYYY-MM-DD. */
  readonly date: string;
  readonly listings: readonly Listing[];
  readonly historyStart: string;
  readonly lookbackDays: number;
  /** Announces how many objects a source is about to fetch (for progress). */
  plan(count: number): void;
  /** Fetches, validates and stores one object; failures are recorded, never thrown. */
  fetch(spec: FetchSpec): Promise<FetchResult>;
  /** Records that a key needs no fetch from this source (e.g. no CIK for a non-US listing). */
  skip(dataset: string, key: string, reason: string): void;
  /** A non-fatal remark about a stored payload, written to the partition manifest. */
  note(dataset: string, key: string, message: string): Promise<void>;
  cursor(dataset: string, key: string): Cursor | undefined;
  /**
   * The URL that produced the key's current payload in this run's partition, if any. Re-running a
   * date repeats that request, so an unchanged source gives identical bytes (a no-op).
   */
  currentRequestUrl(dataset: string, key: string): Promise<string | undefined>;
  /** Marks a key fetched through `ctx.date`; cursors are saved when the source finishes. */
  advanceCursor(dataset: string, key: string): void;
}

/** Every source implements this: its datasets, its HTTP client, and how it walks the universe. */
export interface Source {
  readonly name: SourceName;
  readonly datasets: readonly string[];
  readonly http: SourceHttpClient;
  run(ctx: IngestContext): Promise<void>;
}

/** The first day to fetch: full history on a key's first run, a lookback window after. */
export function fetchStart(
  ctx: IngestContext,
  dataset: string,
  key: string,
  historyStart = ctx.historyStart,
): string {
  const cursor = ctx.cursor(dataset, key);
  if (!cursor) return historyStart;
  const anchor = cursor.through < ctx.date ? cursor.through : ctx.date;
  const start = addDays(anchor, -ctx.lookbackDays);
  return start < historyStart ? historyStart : start;
}

export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    const text = body.subarray(0, 80).toString('utf8').replace(/\s+/g, ' ');
    const looksLike = /^\s*</.test(text) ? ' (looks like HTML/XML, not JSON)' : '';
    throw new PayloadError(
      `${what}: body is not valid JSON${looksLike}: ${(error as Error).message}; starts with ${JSON.stringify(text)}`,
      { cause: error },
    );
  }
}
