import { z } from 'zod';
import { SourceHttpClient } from '../http/client.ts';
import { PayloadError } from '../http/errors.ts';
import { fetchStart, parseJson, type IngestContext, type Source } from '../source.ts';

/**
 * ECB euro reference rates through Frankfurter v1, which republishes exactly the ECB's daily
 * reference rates as JSON. Chosen over the ECB's SDMX API because it returns a date-keyed JSON
 * time series in one call (bronze stays `.json`, one object per date), needs no SDMX parsing,
 * and its `/v1` path is a stable contract. (api.frankfurter.app 301s here; we use .dev.)
 */
export const FX_LIVE_BASE_URL = 'https://api.frankfurter.dev/v1';
/** The ECB's first reference rates. */
export const ECB_HISTORY_START = '1999-01-04';

export interface FxOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly requestsPerSecond?: number | null;
}

const DATASET = 'rates';
const BASE = 'EUR';

const timeSeriesSchema = z.looseObject({
  amount: z.number(),
  base: z.literal(BASE),
  start_date: z.string(),
  end_date: z.string(),
  rates: z.record(
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
  ),
});

export function createFxSource(options: FxOptions): Source {
  const rate = options.requestsPerSecond === undefined ? 2 : options.requestsPerSecond;
  const http = new SourceHttpClient({
    source: 'fx',
    limit: { requestsPerSecond: rate, burst: 1, concurrency: 1 },
    timeoutMs: options.timeoutMs,
    headers: { Accept: 'application/json' },
  });
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    name: 'fx',
    datasets: [DATASET],
    http,
    async run(ctx: IngestContext) {
      ctx.plan(1);
      // Re-running a date repeats the window that produced its current payload.
      const recorded = /\/(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\?/.exec(
        (await ctx.currentRequestUrl(DATASET, BASE)) ?? '',
      );
      const from = recorded?.[1] ?? fetchStart(ctx, DATASET, BASE, ECB_HISTORY_START);
      const result = await ctx.fetch({
        dataset: DATASET,
        key: BASE,
        request: { url: `${base}/${from}..${ctx.date}?base=${BASE}` },
        validate: validateTimeSeries,
      });
      if (result.ok) ctx.advanceCursor(DATASET, BASE);
    },
  };
}

export function validateTimeSeries(body: Buffer): void {
  const parsed = timeSeriesSchema.safeParse(parseJson(body, 'fx time series'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PayloadError(
      `fx time series: unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
}
