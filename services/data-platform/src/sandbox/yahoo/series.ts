// The raw daily history of a synthetic instrument: a mean-reverting random walk on the exchange tick,
// with split-scaled prices and volumes, sparse whole-row null bars and quarterly dividends. Day i
// always draws the same numbers, so every window of the same symbol agrees with every other.
import { dayFromYmd, lowerBound, todayUtcDay, tradingDaysThrough, ymdFromDay } from '../calendar.ts';
import { hashString, hashUniform, mulberry32, normalStream, roundTo } from '../prng.ts';
import type { Profile } from './profile.ts';

/** OU pull of the log price towards its trend: keeps 36 years of walk in a plausible band. */
const MEAN_REVERSION = 0.995;
const NULL_BAR_PROBABILITY = 1 / 400;

/** Raw (as traded that day, unadjusted) history from CALENDAR_START through `length - 1`. */
export interface Series {
  readonly profile: Profile;
  readonly length: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Product of all split ratios effective on or before each day. */
  readonly splitFactor: Float64Array;
  readonly isNull: Uint8Array;
  /** Trading-day index → raw cash amount per share on that day (ex-date). */
  readonly dividends: ReadonlyMap<number, number>;
}

function generateSeries(profile: Profile, length: number): Series {
  const { exchange, sigma } = profile;
  const open = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  const volume = new Float64Array(length);
  const splitFactor = new Float64Array(length);
  const isNull = new Uint8Array(length);
  // Prices are on the exchange tick before any adjustment (as traded), e.g. 129.04.
  const tickFactor = 10 ** exchange.tickDecimals;
  const minTick = 1 / tickFactor;
  const tick = (value: number): number => Math.max(minTick, Math.round(value * tickFactor) / tickFactor);

  const walk = mulberry32(hashString(`yahoo|walk|${profile.symbol}`));
  const gauss = normalStream(walk);
  const nullSeed = hashString(`yahoo|null|${profile.symbol}`);
  const rangeWidth = sigma * 1.2;
  let deviation = 0;
  let factor = 1;
  let previousValue = Math.exp(profile.logBase);
  // A fixed number of draws per day, so day i always sees the same numbers whatever is requested.
  for (let i = 0; i < length; i++) {
    factor *= profile.splits.get(i) ?? 1;
    deviation = MEAN_REVERSION * deviation + sigma * gauss();
    // Value of one original (1990) share; the traded price is that divided by the splits so far.
    const value = Math.exp(profile.logBase + profile.driftPerDay * (i - profile.firstIndex) + deviation);
    const gap = gauss();
    const activity = gauss();
    const upper = walk();
    const lower = walk();
    const c = tick(value / factor);
    const o = tick((previousValue / factor) * (1 + sigma * 0.35 * gap));
    open[i] = o;
    close[i] = c;
    high[i] = tick(Math.max(o, c) * (1 + upper * rangeWidth));
    low[i] = tick(Math.min(o, c) * (1 - lower * rangeWidth));
    volume[i] = Math.round(profile.volumeBase * factor * Math.max(0.2, 1 + 0.4 * activity));
    splitFactor[i] = factor;
    isNull[i] = i > profile.firstIndex && hashUniform(nullSeed, i) < NULL_BAR_PROBABILITY ? 1 : 0;
    previousValue = value;
  }

  const dividends = new Map<number, number>();
  const policy = profile.dividend;
  if (policy && length > profile.firstIndex) {
    const days = tradingDaysThrough(todayUtcDay());
    const firstYear = ymdFromDay(days[profile.firstIndex] ?? 0).year;
    const lastYear = ymdFromDay(days[length - 1] ?? 0).year;
    for (let year = firstYear; year <= lastYear; year++) {
      // The payout is set once a year from the price at the previous year-end (per original share).
      const reference = Math.max(profile.firstIndex, lowerBound(days, dayFromYmd(year, 1, 1)) - 1);
      const perOriginalShare =
        (close[reference] ?? 0) * (splitFactor[reference] ?? 1) * (policy.annualYield / 4);
      for (let quarter = 0; quarter < 4; quarter++) {
        const index = lowerBound(days, dayFromYmd(year, policy.firstMonth + 3 * quarter, policy.dayOfMonth));
        if (index <= profile.firstIndex || index >= length) continue;
        const amount = roundTo(perOriginalShare / (splitFactor[index] ?? 1), 4);
        if (amount > 0) dividends.set(index, amount);
      }
    }
  }
  return { profile, length, open, high, low, close, volume, splitFactor, isNull, dividends };
}

// A small LRU: tests and the CLI re-request the same symbols; the benchmark walks 500 distinct ones.
const SERIES_CACHE_SIZE = 32;
const seriesCache = new Map<string, Series>();

export function seriesFor(profile: Profile, length: number): Series {
  const cached = seriesCache.get(profile.symbol);
  if (cached && cached.length >= length) {
    seriesCache.delete(profile.symbol);
    seriesCache.set(profile.symbol, cached);
    return cached;
  }
  const series = generateSeries(profile, length);
  seriesCache.set(profile.symbol, series);
  if (seriesCache.size > SERIES_CACHE_SIZE) {
    const oldest = seriesCache.keys().next().value;
    if (oldest !== undefined) seriesCache.delete(oldest);
  }
  return series;
}
