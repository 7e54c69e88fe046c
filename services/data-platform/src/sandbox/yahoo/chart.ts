// Rendering a synthetic chart response: the window's bars split-adjusted as of its end, adjclose with
// the dividends after each bar, the requested events keyed by timestamp, and the meta block.
import { lowerBound, sessionOpens, todayUtcDay, tradingDaysThrough, utcOffsetSeconds } from '../calendar.ts';
import { roundTo } from '../prng.ts';
import { respond, type SandboxResponse } from '../respond.ts';
import type { Profile } from './profile.ts';
import { badRequest, CACHE_HEADERS, JSON_TYPE } from './responses.ts';
import { seriesFor, type Series } from './series.ts';

const VALID_RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'];

interface TradingPeriod {
  timezone: string;
  start: number;
  end: number;
  gmtoffset: number;
}

interface DividendEvent {
  amount: number;
  date: number;
}

interface SplitEvent {
  date: number;
  numerator: number;
  denominator: number;
  splitRatio: string;
}

/** Which event kinds the request asked for (`events=div|split`). */
export interface WantedEvents {
  readonly dividends: boolean;
  readonly splits: boolean;
}

export function syntheticChart(
  profile: Profile,
  period1: number,
  period2: number,
  events: WantedEvents,
): SandboxResponse {
  const { exchange } = profile;
  const today = todayUtcDay();
  const days = tradingDaysThrough(today);
  const opens = sessionOpens(exchange.timeZone, exchange.open, today);
  // "Now" only caps the range: a bar exists once its session has opened.
  const cut = Math.min(period2, Math.floor(Date.now() / 1000));
  const end = lowerBound(opens, cut); // exclusive: bars with open < cut
  if (end <= profile.firstIndex) {
    return badRequest(`Data doesn't exist for startDate = ${period1}, endDate = ${period2}`);
  }
  const start = Math.max(profile.firstIndex, lowerBound(opens, period1));
  const series = seriesFor(profile, days.length);

  // Like the real API, prices are split-adjusted for every split up to the end of the window
  // (the real API uses the fetch time; period2 keeps the bytes reproducible — identical whenever
  // period2 is now, as clients usually ask). Volumes scale inversely.
  const cutFactor = series.splitFactor[end - 1] ?? 1;
  const priceScale = (index: number): number => (series.splitFactor[index] ?? 1) / cutFactor;

  const count = Math.max(0, end - start);
  // adjclose multiplies in (1 - dividend / previous close) for each ex-date after the bar up to the
  // end of the window (the CRSP convention Yahoo follows), so the multipliers are built backwards.
  const multipliers = new Float64Array(count);
  let dividendMultiplier = 1;
  for (let index = end - 1; index >= start; index--) {
    multipliers[index - start] = dividendMultiplier;
    const amount = series.dividends.get(index);
    if (amount !== undefined && index > 0) {
      const previousClose = (series.close[index - 1] ?? 0) * (series.splitFactor[index - 1] ?? 1);
      dividendMultiplier *= 1 - (amount * (series.splitFactor[index] ?? 1)) / previousClose;
    }
  }
  const timestamp: number[] = [];
  const open: (number | null)[] = [];
  const high: (number | null)[] = [];
  const low: (number | null)[] = [];
  const close: (number | null)[] = [];
  const volume: (number | null)[] = [];
  const adjclose: (number | null)[] = [];
  for (let index = start; index < end; index++) {
    timestamp.push(opens[index] ?? 0);
    if (series.isNull[index]) {
      // A whole row of nulls, as Yahoo sends for days it has not (yet) filled in.
      open.push(null);
      high.push(null);
      low.push(null);
      close.push(null);
      volume.push(null);
      adjclose.push(null);
      continue;
    }
    const scale = priceScale(index);
    const adjusted = (series.close[index] ?? 0) * scale;
    // Math.fround: Yahoo's prices pass through float32 (129.0399932861328).
    open.push(Math.fround((series.open[index] ?? 0) * scale));
    high.push(Math.fround((series.high[index] ?? 0) * scale));
    low.push(Math.fround((series.low[index] ?? 0) * scale));
    close.push(Math.fround(adjusted));
    volume.push(Math.round((series.volume[index] ?? 0) / scale));
    adjclose.push(Math.fround(adjusted * (multipliers[index - start] ?? 1)));
  }

  const eventsBody: { dividends?: Record<string, DividendEvent>; splits?: Record<string, SplitEvent> } = {};
  for (let index = start; index < end; index++) {
    const date = opens[index] ?? 0;
    const amount = series.dividends.get(index);
    if (events.dividends && amount !== undefined) {
      eventsBody.dividends ??= {};
      eventsBody.dividends[String(date)] = { amount: roundTo(amount * priceScale(index), 6), date };
    }
    const ratio = profile.splits.get(index);
    if (events.splits && ratio !== undefined) {
      eventsBody.splits ??= {};
      eventsBody.splits[String(date)] = { date, numerator: ratio, denominator: 1, splitRatio: `${ratio}:1` };
    }
  }

  const result = {
    meta: chartMeta(series, opens, start, end, priceScale),
    ...(count > 0 ? { timestamp } : {}),
    ...(eventsBody.dividends || eventsBody.splits ? { events: eventsBody } : {}),
    indicators:
      count > 0
        ? { quote: [{ open, high, low, close, volume }], adjclose: [{ adjclose }] }
        : { quote: [{}], adjclose: [{}] },
  };
  // Most of a long window's cost is number-to-text of float32 values; V8's own dtoa is as fast as
  // anything hand-written here, so plain JSON.stringify it is.
  return respond(200, JSON_TYPE, JSON.stringify({ chart: { result: [result], error: null } }), CACHE_HEADERS);
}

/**
 * Meta as the real API sends it. Values that are "as of the request" in the real API are taken as of
 * the last bar before the end of the window, so they are reproducible.
 */
function chartMeta(
  series: Series,
  opens: readonly number[],
  start: number,
  end: number,
  priceScale: (index: number) => number,
): Record<string, unknown> {
  const { profile } = series;
  const { exchange } = profile;
  const asOf = end - 1;
  const days = tradingDaysThrough(todayUtcDay());
  const openTs = opens[asOf] ?? 0;
  const gmtoffset = utcOffsetSeconds(exchange.timeZone, openTs);
  const timezone = exchange.abbreviations[gmtoffset === exchange.standardOffset ? 0 : 1];
  const midnight = (days[asOf] ?? 0) * 86_400 - gmtoffset;
  const at = (minutes: number): number => midnight + minutes * 60;
  const period = (from: number, to: number): TradingPeriod => ({
    timezone,
    start: at(from),
    end: at(to),
    gmtoffset,
  });
  const price = (values: Float64Array, index: number): number =>
    roundTo((values[index] ?? 0) * priceScale(index), 3);

  let yearHigh = 0;
  let yearLow = Infinity;
  for (let index = Math.max(profile.firstIndex, asOf - 251); index <= asOf; index++) {
    if (series.isNull[index]) continue;
    yearHigh = Math.max(yearHigh, price(series.high, index));
    yearLow = Math.min(yearLow, price(series.low, index));
  }
  const previous =
    start - 1 >= profile.firstIndex ? price(series.close, start - 1) : price(series.open, start);

  return {
    currency: exchange.currency,
    symbol: profile.symbol,
    exchangeName: profile.exchangeName,
    fullExchangeName: profile.fullExchangeName,
    instrumentType: profile.instrumentType,
    firstTradeDate: opens[profile.firstIndex] ?? 0,
    regularMarketTime: at(exchange.close),
    hasPrePostMarketData: exchange.prePost,
    gmtoffset,
    timezone,
    exchangeTimezoneName: exchange.timeZone,
    regularMarketPrice: price(series.close, asOf),
    fiftyTwoWeekHigh: yearHigh,
    fiftyTwoWeekLow: Number.isFinite(yearLow) ? yearLow : 0,
    regularMarketDayHigh: price(series.high, asOf),
    regularMarketDayLow: price(series.low, asOf),
    regularMarketVolume: Math.round((series.volume[asOf] ?? 0) / priceScale(asOf)),
    longName: profile.name,
    shortName: profile.name,
    chartPreviousClose: previous,
    priceHint: 2,
    currentTradingPeriod: {
      pre: period(exchange.pre, exchange.open),
      regular: period(exchange.open, exchange.close),
      post: period(exchange.close, exchange.post),
    },
    dataGranularity: '1d',
    range: '',
    validRanges: VALID_RANGES,
  };
}
