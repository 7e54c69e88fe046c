/**
 * Row types of the tables the API touches, for Kysely. `numeric` arrives from pg as a decimal
 * string and `date` as 'YYYY-MM-DD' (see pools.ts): money never passes through a JS number here.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Decimal = string;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  email_key: string;
  password_hash: string;
  created_at: Timestamp;
  password_changed_at: Timestamp;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  parent_id: string | null;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
}

export interface PortfoliosTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  base_currency: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** bigint, as text: incremented with every change to the portfolio's transactions */
  revision: Generated<string>;
}

export type TransactionType = 'BUY' | 'SELL' | 'DIVIDEND' | 'DEPOSIT' | 'WITHDRAWAL' | 'FEE' | 'INTEREST';

export interface TransactionsTable {
  id: Generated<string>;
  portfolio_id: string;
  type: TransactionType;
  date: string;
  symbol: string | null;
  quantity: Decimal | null;
  price: Decimal | null;
  fee: ColumnType<Decimal, Decimal | undefined, Decimal>;
  amount: Decimal | null;
  currency: string | null;
  import_key: string | null;
  created_at: Timestamp;
  seq: ColumnType<string, never, never>;
}

export interface WatchlistsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  created_at: Timestamp;
}

export interface WatchlistItemsTable {
  watchlist_id: string;
  symbol: string;
  added_at: Timestamp;
}

export interface AppDatabase {
  'app.users': UsersTable;
  'app.refresh_tokens': RefreshTokensTable;
  'app.portfolios': PortfoliosTable;
  'app.transactions': TransactionsTable;
  'app.watchlists': WatchlistsTable;
  'app.watchlist_items': WatchlistItemsTable;
}

// ---------------------------------------------------------------------------------------------
// gold (read-only; the contract is ../shared/docs/data-contract.md)

export interface GoldInstrumentsTable {
  symbol: string;
  name: string | null;
  exchange: string | null;
  currency: string | null;
  security_type: string | null;
  figi: string | null;
  composite_figi: string | null;
  share_class_figi: string | null;
  cik: string | null;
  sector: string | null;
  first_dt: string | null;
  last_dt: string | null;
}

export interface GoldDailyPricesTable {
  symbol: string;
  dt: string;
  open: Decimal | null;
  high: Decimal | null;
  low: Decimal | null;
  close: Decimal;
  adj_close: Decimal;
  volume: string | null;
  currency: string;
  close_usd: Decimal | null;
  ret_1d: number | null;
  sma_20: number | null;
  sma_50: number | null;
  sma_200: number | null;
  vol_30d: number | null;
  drawdown: number;
  high_52w: Decimal;
  low_52w: Decimal;
}

export interface GoldCorporateActionsTable {
  symbol: string;
  dt: string;
  kind: string;
  amount: Decimal | null;
  currency: string | null;
  numerator: Decimal | null;
  denominator: Decimal | null;
}

export interface GoldFxRatesTable {
  dt: string;
  currency: string;
  usd_per_unit: Decimal;
  eur_per_unit: Decimal;
  rate_dt: string;
  is_filled: boolean;
}

export interface GoldFundamentalsTable {
  cik: string;
  fiscal_year: number;
  fiscal_period: string;
  period_start: string | null;
  period_end: string;
  form: string | null;
  filed: string | null;
  currency: string | null;
  revenue: Decimal | null;
  net_income: Decimal | null;
  eps_diluted: Decimal | null;
  operating_cash_flow: Decimal | null;
  total_assets: Decimal | null;
  total_liabilities: Decimal | null;
  stockholders_equity: Decimal | null;
  shares_outstanding: Decimal | null;
}

export interface GoldSnapshotTable {
  symbol: string;
  as_of_dt: string;
  close: Decimal;
  currency: string;
  ret_1d: number | null;
  ret_1w: number | null;
  ret_1m: number | null;
  ret_3m: number | null;
  ret_1y: number | null;
  ret_ytd: number | null;
  vol_30d: number | null;
  high_52w: Decimal | null;
  low_52w: Decimal | null;
  max_drawdown_1y: number | null;
  beta_1y: number | null;
  dividend_ttm: Decimal | null;
  dividend_yield_ttm: number | null;
  shares_outstanding: Decimal | null;
  market_cap: Decimal | null;
  eps_ttm: Decimal | null;
  pe_ttm: number | null;
}

export interface GoldLoadLogTable {
  id: string;
  run_id: string;
  dt: string;
  table_name: string;
  rows: string | null;
  checksum: string | null;
  started_at: Date;
  finished_at: Date;
  status: 'succeeded' | 'failed';
  error: string | null;
  /** gold migration 0003: 'sandbox' | 'live' (FINPLAT_SOURCES of the load), null before it. */
  sources: string | null;
}

export interface GoldDatabase {
  'gold.instruments': GoldInstrumentsTable;
  'gold.daily_prices': GoldDailyPricesTable;
  'gold.corporate_actions': GoldCorporateActionsTable;
  'gold.fx_rates': GoldFxRatesTable;
  'gold.fundamentals': GoldFundamentalsTable;
  'gold.instrument_snapshot': GoldSnapshotTable;
  'gold.load_log': GoldLoadLogTable;
}
