import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SourceHttpClient } from '../http/client.ts';
import { PayloadError } from '../http/errors.ts';
import { parseJson, type IngestContext, type Source } from '../source.ts';
import { baseTicker, exchangeOf, type Listing } from '../universe.ts';

export const OPENFIGI_LIVE_BASE_URL = 'https://api.openfigi.com';

export interface OpenFigiOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  /** Jobs per POST; defaults to the documented maximum (100 with a key, 5 without). */
  readonly jobsPerRequest?: number;
  /** Turns the rate limit off (benchmarks only). */
  readonly unlimited?: boolean;
}

export interface MappingJob {
  readonly idType: 'TICKER';
  readonly idValue: string;
  readonly exchCode: string;
}

const DATASET = 'mapping';

const resultItem = z.union([
  z.looseObject({ data: z.array(z.looseObject({ figi: z.string() })) }),
  z.looseObject({ warning: z.string() }),
  z.looseObject({ error: z.string() }),
]);

/** OpenFIGI expects Bloomberg-style tickers: share classes with '/', no Yahoo suffix. */
export function mappingJob(listing: Listing): MappingJob {
  const exchange = exchangeOf(listing.symbol);
  const ticker = baseTicker(listing.symbol);
  return {
    idType: 'TICKER',
    idValue: exchange.us ? ticker.replace(/-/g, '/') : ticker,
    exchCode: exchange.openfigiExchCode,
  };
}

export function createOpenFigiSource(options: OpenFigiOptions): Source {
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const keyed = apiKey !== undefined;
  const maxJobs = keyed ? 100 : 5;
  const jobsPerRequest = Math.min(options.jobsPerRequest ?? maxJobs, maxJobs);
  // Documented limits on /v3/mapping: 25 requests per minute without a key, 25 per 6 seconds with one.
  const window = { requests: 25, ms: keyed ? 6_000 : 60_000 };
  const http = new SourceHttpClient({
    source: 'openfigi',
    limit: { requestsPerSecond: null, burst: 1, concurrency: 2, ...(options.unlimited ? {} : { window }) },
    timeoutMs: options.timeoutMs,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(apiKey === undefined ? {} : { 'X-OPENFIGI-APIKEY': apiKey }),
    },
  });
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v3/mapping`;

  return {
    name: 'openfigi',
    datasets: [DATASET],
    http,
    async run(ctx: IngestContext) {
      const listings = [...ctx.listings];
      const batches: Listing[][] = [];
      for (let i = 0; i < listings.length; i += jobsPerRequest)
        batches.push(listings.slice(i, i + jobsPerRequest));
      ctx.plan(batches.length);
      await Promise.all(batches.map((batch) => fetchBatch(ctx, url, batch)));
    },
  };
}

async function fetchBatch(ctx: IngestContext, url: string, batch: Listing[]): Promise<void> {
  const jobs = batch.map(mappingJob);
  const body = JSON.stringify(jobs);
  // The response is positional, so the key is derived from the request: same jobs, same key.
  const key = `batch-${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
  const result = await ctx.fetch({
    dataset: DATASET,
    key,
    request: { method: 'POST', url, body },
    validate: (payload) => {
      validateMapping(payload, jobs.length);
    },
  });
  if (!result.ok) return;
  const items = z.array(resultItem).parse(JSON.parse(result.body.toString('utf8')));
  // Per-job warnings ("No identifier found.") and errors come with HTTP 200: recorded, not fatal.
  await Promise.all(
    items.map(async (item, i) => {
      const listing = batch[i];
      if (!listing) return;
      if ('warning' in item && typeof item.warning === 'string')
        await ctx.note(DATASET, key, `${listing.symbol}: warning: ${item.warning}`);
      else if ('error' in item && typeof item.error === 'string')
        await ctx.note(DATASET, key, `${listing.symbol}: error: ${item.error}`);
    }),
  );
}

export function validateMapping(body: Buffer, jobCount: number): void {
  const parsed = z.array(resultItem).safeParse(parseJson(body, 'openfigi mapping'));
  if (!parsed.success)
    throw new PayloadError(`openfigi mapping: unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
  if (parsed.data.length !== jobCount) {
    throw new PayloadError(
      `openfigi mapping: ${parsed.data.length} results for ${jobCount} jobs; results are positional, so the payload cannot be attributed`,
    );
  }
}
