// Yahoo Finance v8 chart endpoint: `GET /v8/finance/chart/{symbol}?period1&period2&interval=1d&events=…`.
//
// Recorded responses are served verbatim when the window lies inside a recorded range; everything
// else is a deterministic synthetic history with the real API's quirks: bars stamped at the
// regular-session open in UTC (DST-correct per date), float32 noise, split-adjusted OHLC with
// inversely scaled volume, dividend+split-adjusted adjclose, pence quotes on London, whole-row nulls,
// and events keyed by the timestamp string.
import {
  dayFromYmd,
  lowerBound,
  sessionOpens,
  todayUtcDay,
  tradingDaysThrough,
  utcOffsetSeconds,
  ymdFromDay,
} from './calendar.ts';
import { companyTickers, fixtureBytes, fixtureNames } from './fixtures.ts';
import {
  hashString,
  hashUniform,
  intBetween,
  mulberry32,
  normalStream,
  pick,
  roundTo,
  uniform,
} from './prng.ts';
import { respond, type SandboxRequest, type SandboxResponse } from './respond.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
// What the recorded chart responses send.
const CACHE_HEADERS = { 'cache-control': 'public, max-age=10, stale-while-revalidate=20' };

interface Exchange {
  readonly timeZone: string;
  readonly currency: string;
  readonly exchangeName: string;
  readonly fullExchangeName: string;
  /** Minutes after local midnight. */
  readonly pre: number;
  readonly open: number;
  readonly close: number;
  readonly post: number;
  readonly standardOffset: number;
  readonly abbreviations: readonly [standard: string, daylight: string];
  readonly prePost: boolean;
  /** London quotes in pence (GBp), so prices are ~100x; yen prices are large too. */
  readonly priceScale: number;
  readonly tickDecimals: number;
}

const NEW_YORK: Exchange = {
  timeZone: 'America/New_York',
  currency: 'USD',
  exchangeName: 'NMS',
  fullExchangeName: 'NasdaqGS',
  pre: 4 * 60,
  open: 9 * 60 + 30,
  close: 16 * 60,
  post: 20 * 60,
  standardOffset: -5 * 3600,
  abbreviations: ['EST', 'EDT'],
  prePost: true,
  priceScale: 1,
  tickDecimals: 2,
};

/** Keyed by the Yahoo symbol suffix ('' = no suffix). Other suffixes are unknown to the sandbox. */
const EXCHANGES: ReadonlyMap<string, Exchange> = new Map<string, Exchange>([
  ['', NEW_YORK],
  [
    'L',
    {
      timeZone: 'Europe/London',
      currency: 'GBp',
      exchangeName: 'LSE',
      fullExchangeName: 'LSE',
      pre: 7 * 60 + 15,
      open: 8 * 60,
      close: 16 * 60 + 30,
      post: 17 * 60 + 15,
      standardOffset: 0,
      abbreviations: ['GMT', 'BST'],
      prePost: false,
      priceScale: 100,
      tickDecimals: 2,
    },
  ],
  [
    'DE',
    {
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      exchangeName: 'GER',
      fullExchangeName: 'XETRA',
      pre: 7 * 60,
      open: 9 * 60,
      close: 17 * 60 + 30,
      post: 20 * 60 + 30,
      standardOffset: 3600,
      abbreviations: ['CET', 'CEST'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 2,
    },
  ],
  [
    'F',
    {
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      exchangeName: 'FRA',
      fullExchangeName: 'Frankfurt',
      pre: 8 * 60,
      open: 8 * 60,
      close: 22 * 60,
      post: 22 * 60,
      standardOffset: 3600,
      abbreviations: ['CET', 'CEST'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 3,
    },
  ],
  [
    'T',
    {
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
      exchangeName: 'JPX',
      fullExchangeName: 'Tokyo',
      pre: 9 * 60,
      open: 9 * 60,
      close: 15 * 60 + 30,
      post: 15 * 60 + 30,
      standardOffset: 9 * 3600,
      abbreviations: ['JST', 'JST'],
      prePost: false,
      priceScale: 100,
      tickDecimals: 1,
    },
  ],
  [
    'NZ',
    {
      timeZone: 'Pacific/Auckland',
      currency: 'NZD',
      exchangeName: 'NZE',
      fullExchangeName: 'NZSE',
      pre: 10 * 60,
      open: 10 * 60,
      close: 16 * 60 + 45,
      post: 16 * 60 + 45,
      standardOffset: 12 * 3600,
      abbreviations: ['NZST', 'NZDT'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 3,
    },
  ],
]);

const ETFS = new Set([
  'SPY',
  'QQQ',
  'VTI',
  'IWM',
  'EFA',
  'EEM',
  'AGG',
  'TLT',
  'GLD',
  'VEA',
  'VWO',
  'IEMG',
  'BND',
  'LQD',
  'HYG',
  'XLK',
  'XLF',
]);
const VALID_RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'];
const TRADING_DAYS_PER_YEAR = 261;
/** OU pull of the log price towards its trend: keeps 36 years of walk in a plausible band. */
const MEAN_REVERSION = 0.995;
const NULL_BAR_PROBABILITY = 1 / 400;

// ---------------------------------------------------------------------------------------------
// Errors with the real bodies.

function chartError(status: number, code: string, description: string): SandboxResponse {
  return respond(
    status,
    JSON_TYPE,
    JSON.stringify({ chart: { result: null, error: { code, description } } }),
  );
}

const notFoundSymbol = (): SandboxResponse =>
  chartError(404, 'Not Found', 'No data found, symbol may be delisted');
const badRequest = (description: string): SandboxResponse => chartError(400, 'Bad Request', description);

/** Unknown path on query2.finance.yahoo.com. */
export function yahooNotFound(): SandboxResponse {
  return respond(
    404,
    JSON_TYPE,
    JSON.stringify({
      finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Recorded charts: `chart_{SYMBOL}_1d_{from}_to_{to}_….json`, range = [from 00:00Z, to 00:00Z], the
// period1/period2 of the recorded request.

interface RecordedChart {
  readonly file: string;
  readonly fromTs: number;
  readonly toTs: number;
}

let recordedCharts: Map<string, RecordedChart[]> | undefined;

function recorded(): Map<string, RecordedChart[]> {
  if (recordedCharts) return recordedCharts;
  recordedCharts = new Map();
  // Reverse name order: of the two WSU.DE recordings of one range, `…_rec2025` (null row backfilled)
  // is tried before `…_nullrow_rec2023`, as a live fetch today would return the backfilled bars.
  for (const file of fixtureNames('yahoo').reverse()) {
    const match = /^chart_(.+?)_1d_(\d{4})-(\d{2})-(\d{2})_to_(\d{4})-(\d{2})-(\d{2})_.*\.json$/.exec(file);
    if (!match) continue;
    const n = match.slice(2).map(Number);
    const fromTs = Date.UTC(n[0] ?? 0, (n[1] ?? 1) - 1, n[2] ?? 1) / 1000;
    const toTs = Date.UTC(n[3] ?? 0, (n[4] ?? 1) - 1, n[5] ?? 1) / 1000;
    const symbol = match[1] ?? '';
    const list = recordedCharts.get(symbol) ?? [];
    list.push({ file, fromTs, toTs });
    recordedCharts.set(symbol, list);
  }
  return recordedCharts;
}

// ---------------------------------------------------------------------------------------------
// Synthetic instruments.

interface Profile {
  readonly symbol: string;
  readonly exchange: Exchange;
  readonly exchangeName: string;
  readonly fullExchangeName: string;
  readonly instrumentType: 'EQUITY' | 'ETF' | 'MUTUALFUND';
  readonly name: string;
  /** Trading-day index (into tradingDaysThrough) of the first trade; the trend is anchored there. */
  readonly firstIndex: number;
  readonly logBase: number;
  readonly driftPerDay: number;
  readonly sigma: number;
  readonly volumeBase: number;
  /** Trading-day index → split ratio (n:1). Drawn to a fixed horizon so it never depends on today. */
  readonly splits: ReadonlyMap<number, number>;
  readonly dividend: {
    readonly annualYield: number;
    readonly firstMonth: number;
    readonly dayOfMonth: number;
  } | null;
}

function profileFor(symbol: string): Profile | undefined {
  const dot = symbol.lastIndexOf('.');
  const suffix = dot > 0 ? symbol.slice(dot + 1) : '';
  const exchange = EXCHANGES.get(suffix);
  if (!exchange) return undefined;
  const params = mulberry32(hashString(`yahoo|profile|${symbol}`));
  // Every parameter is drawn unconditionally and in a fixed order so one choice never shifts another.
  const lateListing = params() < 0.25;
  const listYear = intBetween(params, 1996, 2016);
  const listDayOfYear = intBetween(params, 0, 360);
  const basePrice = Math.exp(uniform(params, Math.log(5), Math.log(250)));
  const splitter = params() < 0.35;
  const drift = splitter ? uniform(params, 0.07, 0.16) : uniform(params, -0.02, 0.05);
  const sigma = uniform(params, 0.009, 0.028);
  const volumeBase = Math.exp(uniform(params, Math.log(2e5), Math.log(4e7)));
  const payer = params() < 0.6;
  const annualYield = uniform(params, 0.006, 0.04);
  const firstMonth = intBetween(params, 1, 3);
  const dayOfMonth = intBetween(params, 1, 20);
  const nyse = params() < 0.45;

  const days = tradingDaysThrough(todayUtcDay());
  const firstDay = lateListing ? dayFromYmd(listYear, 1, 1) + listDayOfYear : dayFromYmd(1995, 1, 3);
  const firstIndex = lowerBound(days, firstDay);

  const splits = new Map<number, number>();
  if (splitter) {
    const splitRng = mulberry32(hashString(`yahoo|splits|${symbol}`));
    const horizon = 200 * TRADING_DAYS_PER_YEAR; // far beyond any "today": the schedule is fixed
    let index = firstIndex + intBetween(splitRng, 3 * TRADING_DAYS_PER_YEAR, 10 * TRADING_DAYS_PER_YEAR);
    while (index < horizon) {
      splits.set(index, pick(splitRng, [2, 2, 2, 3, 3, 4]));
      index += intBetween(splitRng, 5 * TRADING_DAYS_PER_YEAR, 11 * TRADING_DAYS_PER_YEAR);
    }
  }

  const instrumentType = ETFS.has(symbol) ? 'ETF' : /^0P[0-9A-Z]{8}$/.test(symbol) ? 'MUTUALFUND' : 'EQUITY';
  let exchangeName = exchange.exchangeName;
  let fullExchangeName = exchange.fullExchangeName;
  if (exchange === NEW_YORK) {
    if (instrumentType === 'ETF') [exchangeName, fullExchangeName] = ['PCX', 'NYSEArca'];
    else if (instrumentType === 'MUTUALFUND') [exchangeName, fullExchangeName] = ['PNK', 'OTC Markets OTCPK'];
    else if (nyse) [exchangeName, fullExchangeName] = ['NYQ', 'NYSE'];
  }
  const company = exchange === NEW_YORK ? companyTickers().byTicker.get(symbol) : undefined;

  return {
    symbol,
    exchange,
    exchangeName,
    fullExchangeName,
    instrumentType,
    name: company?.title ?? `${symbol} (sandbox)`,
    firstIndex,
    logBase: Math.log(basePrice * exchange.priceScale),
    driftPerDay: drift / TRADING_DAYS_PER_YEAR,
    sigma,
    volumeBase: instrumentType === 'MUTUALFUND' ? 0 : volumeBase,
    splits,
    dividend: payer ? { annualYield, firstMonth, dayOfMonth } : null,
  };
}

/** Raw (as traded that day, unadjusted) history from CALENDAR_START through `length - 1`. */
interface Series {
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

function seriesFor(profile: Profile, length: number): Series {
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

// ---------------------------------------------------------------------------------------------
// The response.

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

function parseUnixSeconds(value: string | null): number | undefined {
  if (value === null || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

function wanted(events: string | null): { dividends: boolean; splits: boolean } {
  // yahoo-finance2 sends `div|split|earn`, yfinance `div,splits,capitalGains`.
  const kinds = new Set((events ?? '').split(/[|,]/).map((kind) => kind.trim().toLowerCase()));
  return {
    dividends: kinds.has('div') || kinds.has('dividends'),
    splits: kinds.has('split') || kinds.has('splits'),
  };
}

export function handleYahoo(request: SandboxRequest): SandboxResponse {
  const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(request.path);
  if (request.method !== 'GET' || !match) return yahooNotFound();
  let symbol: string;
  try {
    symbol = decodeURIComponent(match[1] ?? '')
      .trim()
      .toUpperCase();
  } catch {
    return notFoundSymbol();
  }

  const rawPeriod1 = request.query.get('period1');
  const rawPeriod2 = request.query.get('period2');
  const interval = request.query.get('interval');
  const period1 = parseUnixSeconds(rawPeriod1);
  const period2 = parseUnixSeconds(rawPeriod2);
  if (period1 === undefined)
    return badRequest(`Invalid input - period1=${rawPeriod1 ?? ''} is not a unix timestamp in seconds`);
  if (period2 === undefined)
    return badRequest(`Invalid input - period2=${rawPeriod2 ?? ''} is not a unix timestamp in seconds`);
  if (interval !== '1d') {
    // The real API accepts intraday and weekly intervals too; the sandbox only synthesises daily bars.
    return badRequest(`Invalid input - interval=${interval ?? ''} is not supported. Valid intervals: [1d]`);
  }
  if (period1 > period2) {
    return badRequest(
      `Invalid input - start date cannot be after end date. startDate = ${period1}, endDate = ${period2}`,
    );
  }
  if (symbol === '' || symbol === 'SI' || symbol.startsWith('NOTFOUND')) return notFoundSymbol();

  for (const record of recorded().get(symbol) ?? []) {
    if (period1 >= record.fromTs && period2 <= record.toTs) {
      return respond(200, JSON_TYPE, fixtureBytes('yahoo', record.file), CACHE_HEADERS);
    }
  }

  const profile = profileFor(symbol);
  if (!profile) return notFoundSymbol();
  return syntheticChart(profile, period1, period2, wanted(request.query.get('events')));
}

function syntheticChart(
  profile: Profile,
  period1: number,
  period2: number,
  events: { dividends: boolean; splits: boolean },
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
