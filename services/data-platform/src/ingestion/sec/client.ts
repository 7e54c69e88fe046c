import type { z } from 'zod';
import { SourceHttpClient } from '../http/client.ts';
import { PayloadError } from '../http/errors.ts';
import { parseJson, type IngestContext, type Source } from '../source.ts';
import { exchangeOf } from '../universe.ts';
import {
  companyFactsSchema,
  companyTickersSchema,
  submissionsPageSchema,
  submissionsSchema,
} from './schemas.ts';

export const SEC_LIVE_DATA_BASE_URL = 'https://data.sec.gov';
export const SEC_LIVE_WWW_BASE_URL = 'https://www.sec.gov';

export interface SecOptions {
  readonly dataBaseUrl: string;
  readonly wwwBaseUrl: string;
  readonly userAgent: string | undefined;
  readonly timeoutMs: number;
  /** Total across both hosts; the SEC allows at most 10 per second. `null` = off (benchmarks). */
  readonly requestsPerSecond: number | null;
}

export class MissingUserAgentError extends Error {
  constructor() {
    super(
      'SEC_USER_AGENT is not set. The SEC refuses requests without a User-Agent that names you and a contact email ' +
        '(e.g. SEC_USER_AGENT="Jane Doe jane@example.com"). Set it and run again, or leave the sec source out with --source.',
    );
    this.name = 'MissingUserAgentError';
  }
}

// The SEC's throttle page comes as HTML (with 403 or 429), not JSON, and means a 10-minute block.
const THROTTLE_MARKER = 'Request Rate Threshold Exceeded';
const SEC_BLOCK_MS = 10 * 60 * 1000;

export function padCik(cik: number | string): string {
  return String(cik).padStart(10, '0');
}

/** company_tickers.json once per date; companyfacts and submissions (with paged files) per CIK of the universe's US listings. */
export function createSecSource(options: SecOptions): Source {
  if (options.userAgent === undefined || options.userAgent.trim() === '') throw new MissingUserAgentError();
  const rate = options.requestsPerSecond;
  if (rate !== null && rate > 10)
    throw new Error(`SEC request rate ${rate}/s exceeds the SEC's limit of 10/s`);
  const http = new SourceHttpClient({
    source: 'sec',
    // burst 1 keeps every 1-second window at or below rate + 1 (≤ 9 at the default 8/s).
    limit: { requestsPerSecond: rate, burst: 1, concurrency: 4 },
    timeoutMs: options.timeoutMs,
    headers: {
      'User-Agent': options.userAgent,
      'Accept-Encoding': 'gzip, deflate',
      Accept: 'application/json',
    },
    throttle: (_status, body) =>
      body.includes(THROTTLE_MARKER)
        ? {
            delayMs: SEC_BLOCK_MS,
            reason: `the SEC's "${THROTTLE_MARKER}" page (more than 10 requests/second; the SEC blocks for 10 minutes)`,
          }
        : undefined,
  });
  const data = options.dataBaseUrl.replace(/\/+$/, '');
  const www = options.wwwBaseUrl.replace(/\/+$/, '');

  return {
    name: 'sec',
    datasets: ['tickers', 'companyfacts', 'submissions'],
    http,
    async run(ctx: IngestContext) {
      const usEquities = ctx.listings.filter((l) => exchangeOf(l.symbol).us && l.kind === 'equity');
      for (const l of ctx.listings)
        if (!usEquities.includes(l))
          ctx.skip('companyfacts', l.symbol, 'not a US-registered equity: EDGAR has no filings for it');
      ctx.plan(1 + usEquities.length * 2);
      const tickers = await ctx.fetch({
        dataset: 'tickers',
        key: 'company_tickers',
        request: { url: `${www}/files/company_tickers.json` },
        validate: (body) => validate(companyTickersSchema, body, 'company_tickers.json'),
      });
      if (!tickers.ok) {
        // Without the ticker→CIK map no company can be addressed; the tickers failure already fails the run.
        ctx.plan(-usEquities.length * 2);
        for (const listing of usEquities)
          ctx.skip('companyfacts', listing.symbol, 'company_tickers.json could not be fetched');
        return;
      }
      const cikByTicker = new Map<string, number>();
      for (const row of Object.values(
        companyTickersSchema.parse(JSON.parse(tickers.body.toString('utf8'))),
      )) {
        if (!cikByTicker.has(row.ticker)) cikByTicker.set(row.ticker, row.cik_str);
      }
      const ciks = new Set<number>();
      for (const listing of usEquities) {
        const cik = cikByTicker.get(listing.symbol);
        if (cik === undefined) {
          ctx.plan(-2);
          ctx.skip(
            'companyfacts',
            listing.symbol,
            'ticker not in company_tickers.json (not an SEC registrant)',
          );
        } else if (ciks.has(cik)) {
          ctx.plan(-2); // another share class of a company already fetched
        } else {
          ciks.add(cik);
        }
      }
      await Promise.all([...ciks].map((cik) => fetchCompany(ctx, data, padCik(cik))));
    },
  };
}

async function fetchCompany(ctx: IngestContext, data: string, cik10: string): Promise<void> {
  const key = `CIK${cik10}`;
  const [, submissions] = await Promise.all([
    ctx.fetch({
      dataset: 'companyfacts',
      key,
      request: { url: `${data}/api/xbrl/companyfacts/${key}.json` },
      validate: (body) => validate(companyFactsSchema, body, `companyfacts ${key}`),
    }),
    ctx.fetch({
      dataset: 'submissions',
      key,
      request: { url: `${data}/submissions/${key}.json` },
      validate: (body) => validate(submissionsSchema, body, `submissions ${key}`),
    }),
  ]);
  if (!submissions.ok) return;
  // Older filings beyond the 1000 most recent live in paged files named in `filings.files`.
  const pages = submissionsSchema.parse(JSON.parse(submissions.body.toString('utf8'))).filings.files;
  ctx.plan(pages.length);
  await Promise.all(
    pages.map((page) =>
      ctx.fetch({
        dataset: 'submissions',
        key: page.name.replace(/\.json$/, ''),
        request: { url: `${data}/submissions/${page.name}` },
        validate: (body) => validate(submissionsPageSchema, body, `submissions page ${page.name}`),
      }),
    ),
  );
}

function validate(schema: z.ZodType, body: Buffer, what: string): void {
  if (body.subarray(0, 2048).includes(THROTTLE_MARKER))
    throw new PayloadError(
      `${what}: the SEC answered with its rate-limit page; slow down (SEC_REQUESTS_PER_SECOND) and retry in 10 minutes`,
    );
  const parsed = schema.safeParse(parseJson(body, what));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PayloadError(
      `${what}: unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
}
