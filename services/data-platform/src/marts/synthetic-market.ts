// A small deterministic market for the window tests: SPY, a high-beta US stock with dividends, a
// London (GBP) listing on a different holiday calendar, a listing with fewer than 20 rows, and ECB
// rates (USD, GBP, JPY) published on TARGET days only and ending one day before the last bar.
import { mulberry32, normalStream, roundTo } from '../sandbox/prng.ts';
import {
  addDays,
  barRow,
  instrumentRow,
  insertRows,
  randomWalk,
  tradingDays,
  type Bar,
  type Row,
} from './test-support.ts';
import type { DuckSession } from '../pipeline/duckdb.ts';

export const FIRST_DAY = '2023-06-01';
export const LAST_DAY = '2025-02-14';
const US_HOLIDAYS = ['2023-07-04', '2023-11-23', '2023-12-25', '2024-01-15', '2024-07-04', '2024-12-25'];
const UK_HOLIDAYS = ['2023-08-28', '2023-12-25', '2023-12-26', '2024-03-29', '2024-04-01', '2024-12-26'];
const ECB_HOLIDAYS = ['2023-12-25', '2023-12-26', '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-01'];
/** The ECB's last publication: the last bar (a Friday) is priced with Thursday's rate. */
export const LAST_FX_DAY = addDays(LAST_DAY, -1);

export interface Publication {
  readonly dt: string;
  readonly currency: string;
  readonly unitsPerEur: number;
}

export interface Dividend {
  readonly symbol: string;
  readonly dt: string;
  readonly amount: number;
}

export interface Market {
  readonly bars: readonly Bar[];
  readonly publications: readonly Publication[];
  readonly dividends: readonly Dividend[];
  readonly instruments: readonly Row[];
}

export function syntheticMarket(): Market {
  const usDays = tradingDays(FIRST_DAY, LAST_DAY, US_HOLIDAYS);
  const spy = randomWalk({ symbol: 'SPY', currency: 'USD', days: usDays, seed: 7, start: 420 });
  const market = new Map<string, number>();
  spy.forEach((bar, i) => {
    const previous = spy[i - 1];
    if (previous) market.set(bar.dt, Math.log(bar.adjClose / previous.adjClose));
  });
  const aaa = randomWalk({
    symbol: 'AAA',
    currency: 'USD',
    days: usDays.filter((d) => d >= '2023-09-01'),
    seed: 11,
    start: 85,
    market,
    beta: 1.3,
  });
  const vod = randomWalk({
    symbol: 'VOD.L',
    currency: 'GBP',
    days: tradingDays(FIRST_DAY, LAST_DAY, UK_HOLIDAYS),
    seed: 13,
    start: 0.72,
    market,
    beta: 0.6,
  });
  const tiny = randomWalk({
    symbol: 'TINY',
    currency: 'USD',
    days: usDays.slice(-12),
    seed: 17,
    start: 12,
  });

  const publications: Publication[] = [];
  const drift = normalStream(mulberry32(23));
  let usd = 1.08;
  let gbp = 0.86;
  let jpy = 155;
  for (const dt of tradingDays('2023-05-02', LAST_FX_DAY, ECB_HOLIDAYS)) {
    usd *= Math.exp(0.004 * drift());
    gbp *= Math.exp(0.003 * drift());
    jpy *= Math.exp(0.005 * drift());
    publications.push(
      { dt, currency: 'USD', unitsPerEur: roundTo(usd, 4) },
      { dt, currency: 'GBP', unitsPerEur: roundTo(gbp, 5) },
      { dt, currency: 'JPY', unitsPerEur: roundTo(jpy, 2) },
    );
  }

  const dividends: Dividend[] = [
    { symbol: 'AAA', dt: '2024-02-09', amount: 0.21 },
    { symbol: 'AAA', dt: '2024-05-10', amount: 0.22 },
    { symbol: 'AAA', dt: '2024-08-09', amount: 0.22 },
    { symbol: 'AAA', dt: '2024-11-08', amount: 0.23 },
    { symbol: 'AAA', dt: '2025-02-07', amount: 0.23 },
    { symbol: 'VOD.L', dt: '2024-02-15', amount: 0.0384 },
    { symbol: 'VOD.L', dt: '2024-11-21', amount: 0.0225 },
  ];

  return {
    bars: [...spy, ...aaa, ...vod, ...tiny],
    publications,
    dividends,
    instruments: [
      instrumentRow('SPY', 'USD'),
      instrumentRow('AAA', 'USD', '0000000001'),
      // VOD.L's filer reports in USD: no EPS comparable with a GBP price.
      instrumentRow('VOD.L', 'GBP', '0000000004'),
      instrumentRow('TINY', 'USD', '0000000003'),
    ],
  };
}

export async function loadMarket(session: DuckSession, market: Market): Promise<void> {
  await insertRows(session, 'silver.instruments', market.instruments);
  await insertRows(session, 'silver.daily_bars', market.bars.map(barRow));
  await insertRows(
    session,
    'silver.fx_rates',
    market.publications.map((p) => ({
      dt: p.dt,
      currency: p.currency,
      units_per_eur: p.unitsPerEur,
      fetched_at: `${p.dt} 16:00:00+00`,
      bronze_sha256: 'e'.repeat(64),
    })),
  );
  await insertRows(
    session,
    'silver.corporate_actions',
    market.dividends.map((d) => ({
      symbol: d.symbol,
      dt: d.dt,
      kind: 'dividend',
      amount: d.amount,
      currency: d.symbol === 'VOD.L' ? 'GBP' : 'USD',
      numerator: null,
      denominator: null,
      fetched_at: '2025-03-01 22:00:00+00',
      bronze_sha256: 'f'.repeat(64),
    })),
  );
}

/** The benchmark's `usd_per_unit` of `currency` on `dt`: last publications on or before dt, via EUR. */
export function usdPerUnit(
  publications: readonly Publication[],
  currency: string,
  dt: string,
): number | null {
  if (currency === 'USD') return 1;
  const last = (code: string): number | null => {
    let found: number | null = null;
    for (const p of publications) if (p.currency === code && p.dt <= dt) found = p.unitsPerEur;
    return found;
  };
  const usd = last('USD');
  const unit = last(currency);
  return usd === null || unit === null ? null : usd / unit;
}
