/**
 * The gold contract (../shared/docs/data-contract.md) as data: every gold table, its key and its
 * columns with their Parquet (DuckDB) and Postgres types. The marts write exactly these columns (in
 * this order) to `gold/<table>` Parquet; the loader's migrations create exactly these Postgres tables.
 * Money and quantities are decimals (DECIMAL / numeric); statistical ratios are doubles.
 */
export type ColumnType =
  'text' | 'date' | 'boolean' | 'integer' | 'bigint' | 'double' | 'money' | 'rate' | 'quantity';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

export interface GoldTable {
  readonly name: string;
  readonly key: readonly string[];
  readonly columns: readonly Column[];
}

/** DuckDB/Parquet and Postgres spellings of each logical type. */
export const TYPE_MAP: Readonly<Record<ColumnType, { duckdb: string; postgres: string }>> = {
  text: { duckdb: 'VARCHAR', postgres: 'text' },
  date: { duckdb: 'DATE', postgres: 'date' },
  boolean: { duckdb: 'BOOLEAN', postgres: 'boolean' },
  integer: { duckdb: 'INTEGER', postgres: 'integer' },
  bigint: { duckdb: 'BIGINT', postgres: 'bigint' },
  double: { duckdb: 'DOUBLE', postgres: 'double precision' },
  // Prices and amounts: 12 decimals keep float32-noisy source prices (129.0399932861328) exact to 1e-12.
  money: { duckdb: 'DECIMAL(38,12)', postgres: 'numeric(38,12)' },
  // FX rates: units per unit, up to 18 decimals.
  rate: { duckdb: 'DECIMAL(38,18)', postgres: 'numeric(38,18)' },
  // Share counts, volumes of financial statements: whole or fractional quantities.
  quantity: { duckdb: 'DECIMAL(38,6)', postgres: 'numeric(38,6)' },
};

const c = (name: string, type: ColumnType, nullable = true): Column => ({ name, type, nullable });
const RUN = c('_run_id', 'text', false);

export const GOLD_TABLES: readonly GoldTable[] = [
  {
    name: 'instruments',
    key: ['symbol'],
    columns: [
      c('symbol', 'text', false),
      c('name', 'text'),
      c('exchange', 'text'),
      c('currency', 'text'),
      c('security_type', 'text'),
      c('figi', 'text'),
      c('composite_figi', 'text'),
      c('share_class_figi', 'text'),
      c('cik', 'text'),
      c('sector', 'text'),
      c('first_dt', 'date'),
      c('last_dt', 'date'),
      RUN,
    ],
  },
  {
    name: 'daily_prices',
    key: ['symbol', 'dt'],
    columns: [
      c('symbol', 'text', false),
      c('dt', 'date', false),
      c('open', 'money'),
      c('high', 'money'),
      c('low', 'money'),
      c('close', 'money', false),
      c('adj_close', 'money', false),
      c('volume', 'bigint'),
      c('currency', 'text', false),
      c('close_usd', 'money'),
      c('ret_1d', 'double'),
      c('sma_20', 'double'),
      c('sma_50', 'double'),
      c('sma_200', 'double'),
      c('vol_30d', 'double'),
      c('drawdown', 'double', false),
      c('high_52w', 'money', false),
      c('low_52w', 'money', false),
      RUN,
    ],
  },
  {
    name: 'corporate_actions',
    key: ['symbol', 'dt', 'kind'],
    columns: [
      c('symbol', 'text', false),
      c('dt', 'date', false),
      c('kind', 'text', false),
      c('amount', 'money'),
      c('currency', 'text'),
      c('numerator', 'quantity'),
      c('denominator', 'quantity'),
      RUN,
    ],
  },
  {
    name: 'fx_rates',
    key: ['dt', 'currency'],
    columns: [
      c('dt', 'date', false),
      c('currency', 'text', false),
      c('usd_per_unit', 'rate', false),
      c('eur_per_unit', 'rate', false),
      c('rate_dt', 'date', false),
      c('is_filled', 'boolean', false),
      RUN,
    ],
  },
  {
    name: 'fundamentals',
    key: ['cik', 'fiscal_year', 'fiscal_period'],
    columns: [
      c('cik', 'text', false),
      c('fiscal_year', 'integer', false),
      c('fiscal_period', 'text', false),
      c('period_start', 'date'),
      c('period_end', 'date', false),
      c('form', 'text'),
      c('filed', 'date'),
      c('currency', 'text'),
      c('revenue', 'money'),
      c('net_income', 'money'),
      c('eps_diluted', 'money'),
      c('operating_cash_flow', 'money'),
      c('total_assets', 'money'),
      c('total_liabilities', 'money'),
      c('stockholders_equity', 'money'),
      c('shares_outstanding', 'quantity'),
      RUN,
    ],
  },
  {
    name: 'instrument_snapshot',
    key: ['symbol'],
    columns: [
      c('symbol', 'text', false),
      c('as_of_dt', 'date', false),
      c('close', 'money', false),
      c('currency', 'text', false),
      c('ret_1d', 'double'),
      c('ret_1w', 'double'),
      c('ret_1m', 'double'),
      c('ret_3m', 'double'),
      c('ret_1y', 'double'),
      c('ret_ytd', 'double'),
      c('vol_30d', 'double'),
      c('high_52w', 'money'),
      c('low_52w', 'money'),
      c('max_drawdown_1y', 'double'),
      c('beta_1y', 'double'),
      c('dividend_ttm', 'money'),
      c('dividend_yield_ttm', 'double'),
      c('shares_outstanding', 'quantity'),
      c('market_cap', 'money'),
      c('eps_ttm', 'money'),
      c('pe_ttm', 'double'),
      RUN,
    ],
  },
];

export function goldTable(name: string): GoldTable {
  const table = GOLD_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`Unknown gold table "${name}"`);
  return table;
}
