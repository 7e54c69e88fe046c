// GET /dashboard (issue #5): portfolios with value, day change and total return; watchlists with metrics;
// the market overview (movers, benchmark, FX); data freshness. Read tolerantly: api-contract.md does not
// fix this envelope, so each part is normalised here and nowhere else.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { isRecord } from '../../../lib/api-error.ts';
import { isDecimalString, type DecimalString } from '../../../lib/decimal.ts';
import { listFrom } from '../../../lib/response.ts';
import { flattenItem, type Watchlist, type WatchlistItem } from '../../watchlists/api/watchlists.ts';

export interface PortfolioCard {
  id: string;
  name: string;
  baseCurrency: string;
  value: DecimalString | null;
  dayChange: DecimalString | null;
  dayChangePct: number | null;
  totalReturn: number | null;
}

export interface Mover {
  symbol: string;
  name?: string | null;
  currency?: string | null;
  close: number | null;
  ret1d: number | null;
}

export interface FxQuote {
  currency: string;
  /** Units of `currency` per one unit of `base`. */
  rate: number;
}

export interface Freshness {
  /** Latest gold trading date ("prices as of"). */
  asOf: string | null;
  loadedAt: string | null;
  sandbox: boolean;
}

export interface Dashboard {
  portfolios: PortfolioCard[];
  watchlists: Watchlist[];
  gainers: Mover[];
  losers: Mover[];
  fxBase: string;
  fx: FxQuote[];
  benchmark: Mover | null;
  freshness: Freshness;
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const dec = (value: unknown): DecimalString | null =>
  isDecimalString(value) ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
const ratio = (value: unknown): number | null => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
};

function toCard(raw: unknown): PortfolioCard {
  const r = record(raw);
  return {
    id: String(r.id),
    name: str(r.name) ?? 'Portfolio',
    baseCurrency: str(r.baseCurrency) ?? 'USD',
    value: dec(r.value ?? r.marketValueBase ?? r.valueBase),
    dayChange: dec(r.dayChange ?? r.dayChangeBase),
    dayChangePct: ratio(r.dayChangePct ?? r.dayChangeRatio ?? r.dayReturn),
    totalReturn: ratio(r.totalReturn),
  };
}

function toMover(raw: unknown): Mover {
  const r = { ...record(record(raw).snapshot), ...record(raw) };
  return {
    symbol: String(r.symbol),
    name: str(r.name),
    currency: str(r.currency),
    close: ratio(r.close ?? r.last),
    ret1d: ratio(r.ret1d),
  };
}

/** FX as a list of { currency, rate } or a map { EUR: 0.92 } (as GET /fx may send it). */
export function toFx(raw: unknown): { base: string; quotes: FxQuote[] } {
  const r = record(raw);
  const base = str(r.base) ?? 'USD';
  const rates = r.rates ?? r.fx ?? r.quotes ?? raw;
  if (Array.isArray(rates)) {
    const quotes = rates
      .map((entry) => {
        const e = record(entry);
        const rate = ratio(e.rate ?? e.value ?? e.perBase);
        const currency = str(e.currency) ?? str(e.quote);
        return currency && rate !== null ? { currency, rate } : null;
      })
      .filter((quote): quote is FxQuote => quote !== null);
    return { base, quotes };
  }
  const quotes = Object.entries(record(rates))
    .map(([currency, rate]) => ({ currency, rate: ratio(rate) }))
    .filter((quote): quote is FxQuote => /^[A-Z]{3}$/.test(quote.currency) && quote.rate !== null);
  return { base, quotes };
}

export function toDashboard(body: unknown): Dashboard {
  const root = record(body);
  const market = record(root.market ?? root.marketOverview ?? root.overview);
  const movers = market.movers ?? root.movers;
  // Gainers and losers may sit in the overview itself or under `movers`.
  const moverGroups = isRecord(movers) ? movers : market;
  const allMovers = Array.isArray(movers) ? movers.map(toMover) : [];
  const gainers = Array.isArray(moverGroups.gainers)
    ? moverGroups.gainers.map(toMover)
    : allMovers.filter((m) => (m.ret1d ?? 0) > 0);
  const losers = Array.isArray(moverGroups.losers)
    ? moverGroups.losers.map(toMover)
    : allMovers.filter((m) => (m.ret1d ?? 0) < 0);
  const fx = toFx(market.fx ?? root.fx ?? {});
  const freshness = record(root.freshness ?? root.data ?? market.freshness);
  const benchmark = market.benchmark ?? root.benchmark;
  return {
    portfolios: listFrom<unknown>(root.portfolios, 'portfolios').map(toCard),
    watchlists: listFrom<Watchlist>(root.watchlists, 'watchlists').map((list) => ({
      ...list,
      items: listFrom<WatchlistItem>(list.items, 'items').map(flattenItem),
    })),
    gainers: gainers.slice(0, 5),
    losers: losers.slice(0, 5),
    fxBase: fx.base,
    fx: fx.quotes,
    benchmark: isRecord(benchmark) ? toMover(benchmark) : null,
    freshness: {
      asOf: str(freshness.asOf ?? freshness.goldDate ?? freshness.latestDate ?? freshness.dt ?? market.asOf),
      loadedAt: str(freshness.loadedAt ?? freshness.loadTime ?? freshness.finishedAt),
      sandbox: freshness.sandbox === true || root.sandbox === true || freshness.source === 'sandbox',
    },
  };
}

export const dashboardQueryOptions = (client: ApiClient) =>
  queryOptions({
    queryKey: ['dashboard'],
    queryFn: async () => toDashboard(await client.request<unknown>('/dashboard')),
  });

export function useDashboard() {
  return useQuery(dashboardQueryOptions(useApiClient()));
}
