/**
 * The gold data a portfolio calculation needs, loaded once per request and looked up by date.
 * Prices are gold's closes, split-adjusted by the source as of the fetch: a holding is valued as
 * `quantity × splitFactorAfter(date) × close`, i.e. the quantity is expressed in today's share units
 * instead of ever re-adjusting a price.
 */
import { AppError } from '../../http/errors.ts';
import { Decimal, ONE } from './decimal.ts';
import { toEpochDay } from './dates.ts';
import { FX_SCALE, PRICE_SCALE, parseScaled } from './fixed.ts';

export interface PricePoint {
  readonly date: string;
  readonly close: string;
  readonly adjClose: string;
}

export interface SplitEvent {
  readonly date: string;
  /** new shares per old share: numerator / denominator (4-for-1 → 4) */
  readonly ratio: Decimal;
}

export interface FxPoint {
  readonly date: string;
  readonly usdPerUnit: string;
}

/** One symbol's bars in date order. Built once per gold version and shared by requests (read-only). */
export class PriceSeries {
  readonly dates: readonly string[];
  private readonly closes: readonly string[];
  private readonly adjCloses: readonly string[];
  private scaledCloses: bigint[] | undefined;
  private days: Int32Array | undefined;

  constructor(dates: readonly string[], closes: readonly string[], adjCloses: readonly string[]) {
    this.dates = dates;
    this.closes = closes;
    this.adjCloses = adjCloses;
  }

  static of(points: readonly PricePoint[]): PriceSeries {
    return new PriceSeries(
      points.map((p) => p.date),
      points.map((p) => p.close),
      points.map((p) => p.adjClose),
    );
  }

  indexOnOrBefore(date: string): number {
    return lastOnOrBefore(this.dates, date);
  }

  close(index: number): string | undefined {
    return this.closes[index];
  }

  adjClose(index: number): string | undefined {
    return this.adjCloses[index];
  }

  /** The dates as days since 1970-01-01, computed on first use. */
  epochDays(): Int32Array {
    this.days ??= Int32Array.from(this.dates, toEpochDay);
    return this.days;
  }

  /** Closes × 10^PRICE_SCALE (exact: gold's closes have 12 decimals), parsed on first use. */
  scaled(): readonly bigint[] {
    this.scaledCloses ??= this.closes.map((c) => parseScaled(c, PRICE_SCALE));
    return this.scaledCloses;
  }
}

/** One currency's USD-per-unit rates, one row per calendar day, in date order. */
export class FxSeries {
  readonly dates: readonly string[];
  private readonly rates: readonly string[];
  private scaledRates: bigint[] | undefined;
  private days: Int32Array | undefined;
  private readonly crossRates = new Map<string, Decimal>();

  constructor(dates: readonly string[], usdPerUnit: readonly string[]) {
    this.dates = dates;
    this.rates = usdPerUnit;
  }

  static of(points: readonly FxPoint[]): FxSeries {
    return new FxSeries(
      points.map((p) => p.date),
      points.map((p) => p.usdPerUnit),
    );
  }

  indexOnOrBefore(date: string): number {
    return lastOnOrBefore(this.dates, date);
  }

  usdPerUnit(index: number): string | undefined {
    return this.rates[index];
  }

  /** The dates as days since 1970-01-01, computed on first use. */
  epochDays(): Int32Array {
    this.days ??= Int32Array.from(this.dates, toEpochDay);
    return this.days;
  }

  /** Rates × 10^FX_SCALE (exact: usd_per_unit is numeric(38,18)), parsed on first use. */
  scaled(): readonly bigint[] {
    this.scaledRates ??= this.rates.map((r) => parseScaled(r, FX_SCALE));
    return this.scaledRates;
  }

  /**
   * A cross rate involving this currency, computed once per pair of rate rows: the series is shared
   * by every request of a gold version, and a Decimal division at 34 digits is the costliest step of
   * a replay (one per transaction).
   */
  crossRate(key: string, compute: () => Decimal): Decimal {
    let rate = this.crossRates.get(key);
    if (rate === undefined) {
      rate = compute();
      this.crossRates.set(key, rate);
    }
    return rate;
  }
}

export interface MarketDataInput {
  readonly currencies: ReadonlyMap<string, string>;
  readonly prices: ReadonlyMap<string, readonly PricePoint[] | PriceSeries>;
  readonly splits: ReadonlyMap<string, readonly SplitEvent[]>;
  readonly fx: ReadonlyMap<string, readonly FxPoint[] | FxSeries>;
  /** Structural checks only (e.g. no sale beyond the holding): every FX rate is 1. */
  readonly ignoreFx?: boolean;
}

/** Index of the last date ≤ date, or -1. */
function lastOnOrBefore(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = dates[mid];
    if (d !== undefined && d <= date) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export class MarketData {
  private readonly input: MarketDataInput;
  private readonly prices = new Map<string, PriceSeries>();
  private readonly fx = new Map<string, FxSeries>();
  private readonly decimals = new Map<string, Decimal>();

  constructor(input: MarketDataInput) {
    this.input = input;
    for (const [symbol, series] of input.prices)
      this.prices.set(symbol, series instanceof PriceSeries ? series : PriceSeries.of(series));
    for (const [currency, series] of input.fx)
      this.fx.set(currency, series instanceof FxSeries ? series : FxSeries.of(series));
  }

  get ignoresFx(): boolean {
    return this.input.ignoreFx === true;
  }

  currencyOf(symbol: string): string | undefined {
    return this.input.currencies.get(symbol);
  }

  splitsOf(symbol: string): readonly SplitEvent[] {
    return this.input.splits.get(symbol) ?? [];
  }

  priceSeries(symbol: string): PriceSeries | undefined {
    return this.prices.get(symbol);
  }

  /** undefined for USD (1 by definition) and for a currency without rates. */
  fxSeries(currency: string): FxSeries | undefined {
    return this.fx.get(currency);
  }

  /** Product of the ratios of the symbol's splits strictly after `date` (1 when none). */
  splitFactorAfter(symbol: string, date: string): Decimal {
    let factor = ONE;
    for (const split of this.splitsOf(symbol)) if (split.date > date) factor = factor.mul(split.ratio);
    return factor;
  }

  /** The last close on or before `date` (split-adjusted as delivered), with its date. */
  closeOnOrBefore(symbol: string, date: string): { date: string; close: Decimal } | undefined {
    const series = this.prices.get(symbol);
    if (series === undefined) return undefined;
    const i = series.indexOnOrBefore(date);
    const close = series.close(i);
    const day = series.dates[i];
    return close === undefined || day === undefined ? undefined : { date: day, close: this.decimal(close) };
  }

  /** The close of the trading day before `date`'s last close (for a day change). */
  previousClose(symbol: string, date: string): Decimal | undefined {
    const series = this.prices.get(symbol);
    const close = series?.close(series.indexOnOrBefore(date) - 1);
    return close === undefined ? undefined : this.decimal(close);
  }

  adjCloseOnOrBefore(symbol: string, date: string): Decimal | undefined {
    const series = this.prices.get(symbol);
    const adj = series?.adjClose(series.indexOnOrBefore(date));
    return adj === undefined ? undefined : this.decimal(adj);
  }

  firstAdjClose(symbol: string): { date: string; adjClose: Decimal } | undefined {
    const series = this.prices.get(symbol);
    const adj = series?.adjClose(0);
    const day = series?.dates[0];
    return adj === undefined || day === undefined ? undefined : { date: day, adjClose: this.decimal(adj) };
  }

  /** Units of `to` per unit of `from` on `date` (the last published rate on or before it). */
  fxRate(from: string, to: string, date: string): Decimal {
    if (from === to || this.input.ignoreFx === true) return ONE;
    const compute = (): Decimal => this.usdPerUnit(from, date).div(this.usdPerUnit(to, date));
    // Keyed by the rate rows used, on a non-USD side's series (USD has none: its rate is 1).
    const owner = from === 'USD' ? to : from;
    const series = this.fx.get(owner);
    if (series === undefined) return compute(); // throws the missing-rate error
    const i = from === 'USD' ? -1 : this.fxIndex(from, date);
    const j = to === 'USD' ? -1 : this.fxIndex(to, date);
    return series.crossRate(`${from}>${to}@${i}:${j}`, compute);
  }

  /** The index of `currency`'s rate for `date` in its series; a 422 naming both when there is none. */
  fxIndex(currency: string, date: string): number {
    const i = this.fx.get(currency)?.indexOnOrBefore(date) ?? -1;
    if (i < 0) throw missingFx(currency, date);
    return i;
  }

  private usdPerUnit(currency: string, date: string): Decimal {
    if (currency === 'USD') return ONE;
    const rate = this.fx.get(currency)?.usdPerUnit(this.fxIndex(currency, date));
    if (rate === undefined) throw missingFx(currency, date);
    return this.decimal(rate);
  }

  private decimal(text: string): Decimal {
    let value = this.decimals.get(text);
    if (value === undefined) {
      value = new Decimal(text);
      this.decimals.set(text, value);
    }
    return value;
  }
}

export function missingFx(currency: string, date: string): AppError {
  return new AppError('UNPROCESSABLE', `No FX rate for ${currency} on or before ${date} in gold.fx_rates`, {
    details: [
      {
        message: `gold.fx_rates has no ${currency} rate on or before ${date}; load FX history that covers it`,
      },
    ],
  });
}
