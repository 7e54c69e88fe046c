import { SourceHttpClient } from '../http/client.ts';
import { PayloadError } from '../http/errors.ts';
import { addDays, fetchStart, parseJson, type IngestContext, type Source } from '../source.ts';
import { chartResponseSchema } from './schemas.ts';

export const YAHOO_LIVE_BASE_URL = 'https://query2.finance.yahoo.com';

export interface YahooOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** `null` turns the rate limit off (benchmarks only). */
  readonly requestsPerSecond?: number | null;
  readonly concurrency?: number;
}

// Yahoo answers 429 to clients that do not look like a browser, even at low volume.
const BROWSER_HEADERS = {
  'User-Agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  Accept: 'application/json,text/plain,*/*',
  'Accept-Language': 'en-US,en;q=0.9',
};

const DATASET = 'prices';

/** Daily bars with dividend and split events from the v8 chart API, one object per symbol per date. */
export function createYahooSource(options: YahooOptions): Source {
  const rate = options.requestsPerSecond === undefined ? 4 : options.requestsPerSecond;
  // Yahoo documents no limit and sends no Retry-After; stay low (yahoo-finance2 uses concurrency 4).
  const http = new SourceHttpClient({
    source: 'yahoo',
    limit: {
      requestsPerSecond: rate,
      burst: rate === null ? 1 : Math.max(1, Math.ceil(rate)),
      concurrency: options.concurrency ?? 4,
    },
    timeoutMs: options.timeoutMs,
    headers: BROWSER_HEADERS,
  });
  return {
    name: 'yahoo',
    datasets: [DATASET],
    http,
    async run(ctx: IngestContext) {
      ctx.plan(ctx.listings.length);
      await Promise.all(ctx.listings.map((listing) => fetchSymbol(ctx, options.baseUrl, listing.symbol)));
    },
  };
}

export function chartUrl(baseUrl: string, symbol: string, from: string, toExclusive: string): string {
  const period1 = Date.parse(`${from}T00:00:00Z`) / 1000;
  const period2 = Date.parse(`${toExclusive}T00:00:00Z`) / 1000;
  const query = `period1=${period1}&period2=${period2}&interval=1d&events=div%7Csplit&includePrePost=false`;
  return `${baseUrl.replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(symbol)}?${query}`;
}

async function fetchSymbol(ctx: IngestContext, baseUrl: string, symbol: string): Promise<void> {
  const previous = windowOf(await ctx.currentRequestUrl(DATASET, symbol));
  const from = previous?.from ?? fetchStart(ctx, DATASET, symbol);
  // period2 is exclusive: include every bar stamped on the run's date.
  const url = chartUrl(baseUrl, symbol, from, previous?.toExclusive ?? addDays(ctx.date, 1));
  const fetchWindow = (windowUrl: string) =>
    ctx.fetch({
      dataset: DATASET,
      key: symbol,
      request: { url: windowUrl },
      validate: (body) => validateChart(body, symbol),
    });
  let result = await fetchWindow(url);
  // Yahoo adjusts the whole history for every split (prices) and dividend (adjclose) as of the
  // fetch, so a window that contains a new action makes every older capture stale: fetch the full
  // history again, which becomes the key's current payload for this date.
  if (result.ok && from > ctx.historyStart && hasCorporateActions(result.body)) {
    ctx.plan(1);
    result = await fetchWindow(chartUrl(baseUrl, symbol, ctx.historyStart, addDays(ctx.date, 1)));
  }
  if (result.ok) ctx.advanceCursor(DATASET, symbol);
}

function hasCorporateActions(body: Buffer): boolean {
  const parsed = chartResponseSchema.parse(JSON.parse(body.toString('utf8')));
  const events = parsed.chart.result?.[0]?.events;
  return Object.keys(events?.splits ?? {}).length > 0 || Object.keys(events?.dividends ?? {}).length > 0;
}

/** The date window of a chart URL recorded in a manifest (period1/period2 are unix seconds at 00:00Z). */
function windowOf(url: string | undefined): { from: string; toExclusive: string } | undefined {
  if (url === undefined) return undefined;
  const query = new URL(url).searchParams;
  const day = (seconds: string | null): string | undefined =>
    seconds !== null && /^\d+$/.test(seconds)
      ? new Date(Number(seconds) * 1000).toISOString().slice(0, 10)
      : undefined;
  const from = day(query.get('period1'));
  const toExclusive = day(query.get('period2'));
  return from && toExclusive ? { from, toExclusive } : undefined;
}

export function validateChart(body: Buffer, symbol: string): void {
  const parsed = chartResponseSchema.safeParse(parseJson(body, `yahoo chart ${symbol}`));
  if (!parsed.success) {
    throw new PayloadError(
      `yahoo chart ${symbol}: unexpected shape at ${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  const { error, result } = parsed.data.chart;
  if (error) throw new PayloadError(`yahoo chart ${symbol}: ${error.code}: ${error.description}`);
  if (!result || result.length === 0) throw new PayloadError(`yahoo chart ${symbol}: empty result`);
}
