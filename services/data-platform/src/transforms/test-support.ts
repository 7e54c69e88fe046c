// Shared by the silver tests: a real lake holding recorded payloads as bronze, DuckDB with `bronze.*`
// registered from the manifests, and every silver model built and checked in order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openPipelineFixture, type BronzePayload } from '../../test/pipeline-harness.ts';
import { runChecks, type CheckResult } from '../pipeline/checks.ts';
import { buildModel } from '../pipeline/model.ts';
import { SILVER_MODELS } from './models.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'ingestion');

export const fixtureText = (source: string, file: string): string =>
  readFileSync(path.join(FIXTURES, source, 'fixtures', file), 'utf8');

export const fixtureJson = (source: string, file: string): unknown => JSON.parse(fixtureText(source, file));

/** An OpenFIGI mapping batch as the ingest stores it: a POST whose body the manifest keeps. */
export interface PostPayload {
  readonly source: string;
  readonly dataset: string;
  readonly dt: string;
  readonly key: string;
  readonly requestBody: string;
  readonly body: string;
  readonly fetchedAt?: Date;
}

export type SilverFixture = Awaited<ReturnType<typeof openSilverFixture>>;

export async function openSilverFixture(
  payloads: readonly BronzePayload[],
  posts: readonly PostPayload[] = [],
) {
  const fixture = await openPipelineFixture([...payloads, ...posts]);
  const quarantineDir = path.join(fixture.root, 'quarantine');

  /** Builds every silver model in order and runs its checks; returns every check result. */
  async function buildSilver(): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    for (const model of SILVER_MODELS) {
      await buildModel(fixture.session, model);
      results.push(...(await runChecks(fixture.session, model, quarantineDir)));
    }
    return results;
  }

  return { ...fixture, quarantineDir, buildSilver };
}

/** The failing checks, as `model: check` strings, for readable assertions. */
export const failedChecks = (results: readonly CheckResult[]): string[] =>
  results.filter((r) => !r.passed).map((r) => `${r.model}: ${r.check}`);

/** The NY/London/... calendar date of a unix timestamp, computed without SQL. */
export const localDate = (unixSeconds: number, timeZone: string): string =>
  new Date(unixSeconds * 1000).toLocaleDateString('en-CA', { timeZone });

/**
 * `value / divisor` rounded half away from zero to `scale` decimals, exactly, from the number's own
 * decimal text (as DuckDB's DECIMAL casts do).
 */
export function exactDecimal(text: string, divisor: bigint, scale: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) throw new Error(`not a decimal number: ${text}`);
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  // value = digits × 10^-(fraction length - exponent)
  const digits = BigInt(`${whole}${fraction}`);
  const valueScale = fraction.length - Number(exponent);
  // result × 10^scale = digits × 10^(scale - valueScale) / divisor, rounded half away from zero.
  let numerator = digits;
  let denominator = divisor;
  const shift = scale - valueScale;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  let quotient = numerator / denominator;
  if ((numerator % denominator) * 2n >= denominator) quotient += 1n;
  const padded = quotient.toString().padStart(scale + 1, '0');
  const result = scale === 0 ? padded : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return quotient === 0n ? result : `${sign}${result}`;
}

/** The parts of a Yahoo v8 chart payload the tests read or alter. */
export interface ChartPayload {
  chart: {
    result: [
      {
        meta: Record<string, unknown> & { symbol: string; currency: string; exchangeTimezoneName: string };
        timestamp?: number[];
        events?: {
          dividends?: Record<string, { amount: number; date: number }>;
          splits?: Record<
            string,
            { date: number; numerator: number; denominator: number; splitRatio: string }
          >;
        };
        indicators: {
          quote: [Record<'open' | 'high' | 'low' | 'close' | 'volume', (number | null)[]>];
          adjclose: [{ adjclose: (number | null)[] }];
        };
      },
    ];
    error: null;
  };
}

export const YAHOO = {
  AAPL: 'chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json',
  MSFT: 'chart_MSFT_1d_2021-02-01_to_2022-01-31_dividends_eventsDiv.json',
  NVDA: 'chart_NVDA_1d_2021-02-01_to_2022-01-31_split4to1_eventsSplit.json',
  OCDO: 'chart_OCDO.L_1d_2020-01-01_to_2020-01-03_GBp.json',
  WSU_2023: 'chart_WSU.DE_1d_2023-08-04_to_2023-08-09_EUR_nullrow_rec2023.json',
  WSU_2025: 'chart_WSU.DE_1d_2023-08-04_to_2023-08-09_EUR_rec2025.json',
  FUND: 'chart_0P0000XTS7_1d_2024-09-12_to_2024-09-16_mutualfund_nullrow.json',
} as const;

export const chart = (file: string): ChartPayload => fixtureJson('yahoo', file) as ChartPayload;

export const onlyResult = (payload: ChartPayload): ChartPayload['chart']['result'][0] =>
  payload.chart.result[0];

/** A Yahoo prices payload in bronze partition `dt`, keyed by its symbol. */
export function yahoo(body: string | ChartPayload, dt: string, fetchedAt?: Date): BronzePayload {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const symbol = (JSON.parse(text) as ChartPayload).chart.result[0].meta.symbol;
  return {
    source: 'yahoo',
    dataset: 'prices',
    dt,
    key: symbol,
    body: text,
    ...(fetchedAt === undefined ? {} : { fetchedAt }),
  };
}
