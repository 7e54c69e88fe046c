/**
 * Price and FX histories for the portfolio calculator, loaded once per gold version and shared by
 * every request (gold changes once a day): a warm holdings or performance request reads no bar from
 * Postgres. Whole histories are kept (any window can be served); a new gold load (a new version)
 * drops everything. Concurrent requests for a missing symbol share one query.
 */
import type { Kysely } from 'kysely';
import { loadFxHistories, loadPriceHistories } from '../../db/market.repository.ts';
import type { GoldDatabase } from '../../db/schema.ts';
import { FxSeries, PriceSeries } from './market-data.ts';

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

  private async sync(): Promise<void> {
    const { version } = await this.versions.current();
    if (version === this.version && this.priceEntries.size + this.fxEntries.size < MAX_SERIES) return;
    this.version = version;
    this.priceEntries = new Map();
    this.fxEntries = new Map();
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
