/**
 * Price and FX histories for the portfolio calculator, loaded once per gold version and shared by
 * every request (gold changes once a day): a warm holdings or performance request reads no bar from
 * Postgres. Whole histories are kept (any window can be served); a new gold load (a new version)
 * drops everything. Concurrent requests for a missing symbol share one query.
 */
import type { Kysely } from 'kysely';
import {
  loadFxHistories,
  loadInstrumentCurrencies,
  loadPriceHistories,
  loadSplits,
} from '../../db/market.repository.ts';
import type { GoldDatabase } from '../../db/schema.ts';
import { Decimal } from './decimal.ts';
import { FxSeries, PriceSeries, type SplitEvent } from './market-data.ts';

/** What every calculation looks up besides histories: small enough to hold whole per gold load. */
export interface GoldReference {
  /** symbol → its currency (USD when gold has none) for every instrument */
  readonly currencies: ReadonlyMap<string, string>;
  /** symbol → its splits, oldest first (symbols without splits are absent) */
  readonly splits: ReadonlyMap<string, readonly SplitEvent[]>;
}

/** What the portfolio code needs to know about gold: the id of its latest load and its latest date. */
export interface GoldVersionSource {
  current(): Promise<{ readonly version: string; readonly latestDate: string | null }>;
}

/** Far above a universe of a few hundred listings; past it the cache starts over (bounded memory). */
const MAX_SERIES = 5_000;

export class GoldSeriesCache {
  private readonly gold: Kysely<GoldDatabase>;
  private readonly versions: GoldVersionSource;
  private version: string | undefined;
  private priceEntries = new Map<string, Promise<PriceSeries | undefined>>();
  private fxEntries = new Map<string, Promise<FxSeries | undefined>>();
  private referenceEntry: Promise<GoldReference> | undefined;

  constructor(gold: Kysely<GoldDatabase>, versions: GoldVersionSource) {
    this.gold = gold;
    this.versions = versions;
  }

  async prices(symbols: Iterable<string>): Promise<Map<string, PriceSeries>> {
    await this.sync();
    const wanted = [...new Set(symbols)];
    const missing = wanted.filter((s) => !this.priceEntries.has(s));
    if (missing.length > 0) {
      const loaded = loadPriceHistories(this.gold, missing).then(
        (rows) =>
          new Map(
            rows.map((r) => [
              r.symbol,
              new PriceSeries(r.dates.split(','), r.closes.split(','), r.adj_closes.split(',')),
            ]),
          ),
      );
      this.remember(this.priceEntries, missing, loaded);
    }
    return collect(wanted, this.priceEntries);
  }

  async fxRates(currencies: Iterable<string>): Promise<Map<string, FxSeries>> {
    await this.sync();
    const wanted = [...new Set(currencies)].filter((c) => c !== 'USD');
    const missing = wanted.filter((c) => !this.fxEntries.has(c));
    if (missing.length > 0) {
      const loaded = loadFxHistories(this.gold, missing).then(
        (rows) =>
          new Map(rows.map((r) => [r.currency, new FxSeries(r.dates.split(','), r.rates.split(','))])),
      );
      this.remember(this.fxEntries, missing, loaded);
    }
    return collect(wanted, this.fxEntries);
  }

  /** Instruments' currencies and all splits, one query each per gold version (was three per request). */
  async reference(): Promise<GoldReference> {
    await this.sync();
    if (this.referenceEntry === undefined) {
      const loading = loadReference(this.gold);
      this.referenceEntry = loading;
      void loading.catch(() => {
        if (this.referenceEntry === loading) this.referenceEntry = undefined; // the next request retries
      });
    }
    return this.referenceEntry;
  }

  private async sync(): Promise<void> {
    const { version } = await this.versions.current();
    if (version === this.version && this.priceEntries.size + this.fxEntries.size < MAX_SERIES) return;
    this.version = version;
    this.priceEntries = new Map();
    this.fxEntries = new Map();
    this.referenceEntry = undefined;
  }

  /** Stores one promise per key; a failed load is forgotten so the next request retries it. */
  private remember<T>(
    target: Map<string, Promise<T | undefined>>,
    keys: readonly string[],
    loaded: Promise<Map<string, T>>,
  ): void {
    for (const key of keys) {
      const one = loaded.then((m) => m.get(key));
      void one.catch(() => {
        if (target.get(key) === one) target.delete(key);
      });
      target.set(key, one);
    }
  }
}

async function collect<T>(
  keys: readonly string[],
  from: Map<string, Promise<T | undefined>>,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const key of keys) {
    const value = await from.get(key);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

async function loadReference(gold: Kysely<GoldDatabase>): Promise<GoldReference> {
  const [instruments, splitRows] = await Promise.all([loadInstrumentCurrencies(gold), loadSplits(gold)]);
  const splits = new Map<string, SplitEvent[]>();
  for (const row of splitRows) {
    if (row.numerator === null || row.denominator === null || !new Decimal(row.denominator).gt(0)) continue;
    const event = { date: row.dt, ratio: new Decimal(row.numerator).div(row.denominator) };
    const list = splits.get(row.symbol);
    if (list) list.push(event);
    else splits.set(row.symbol, [event]);
  }
  return { currencies: new Map(instruments.map((i) => [i.symbol, i.currency ?? 'USD'])), splits };
}
