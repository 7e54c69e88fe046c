import type { Databases } from '../db/pools.ts';
import type { GoldVersion, MarketCache } from '../http/market-cache.ts';
import type { AuthService } from '../services/auth/auth.service.ts';
import type { MarketService } from '../services/market.service.ts';
import type { PortfolioService } from '../services/portfolio/portfolio.service.ts';
import type { WatchlistService } from '../services/watchlist.service.ts';
import type { ApiSettings } from '../settings.ts';

/** What route handlers may use: small, explicit, built once in buildApp. */
export interface RouteContext {
  readonly dbs: Databases;
  readonly settings: ApiSettings;
  readonly clock: () => Date;
  readonly auth: AuthService;
  readonly market: MarketService;
  readonly marketCache: MarketCache;
  readonly goldVersion: GoldVersion;
  readonly portfolios: PortfolioService;
  readonly watchlists: WatchlistService;
}
