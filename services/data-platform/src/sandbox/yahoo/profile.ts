// The synthetic instrument behind a Yahoo symbol: listing, exchange names, walk parameters, split
// schedule and dividend policy, all drawn from a hash of the symbol so they never change.
import { dayFromYmd, lowerBound, todayUtcDay, tradingDaysThrough } from '../calendar.ts';
import { companyTickers } from '../fixtures.ts';
import { hashString, intBetween, mulberry32, pick, uniform } from '../prng.ts';
import { exchangeFor, NEW_YORK, type Exchange } from './exchanges.ts';

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
const TRADING_DAYS_PER_YEAR = 261;

export interface Profile {
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

export function profileFor(symbol: string): Profile | undefined {
  const exchange = exchangeFor(symbol);
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
