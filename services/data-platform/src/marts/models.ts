import path from 'node:path';
import type { Check, Model } from '../pipeline/model.ts';
import { goldTable } from './gold-tables.ts';

/**
 * A gold model: `<name>.sql` beside this file, the key from the contract (gold-tables.ts), a
 * not_null check per non-nullable contract column (so the checks cannot drift from the contract),
 * then the model's own checks.
 */
function goldModel(name: string, checks: readonly Check[]): Model {
  const table = goldTable(name);
  const notNull: Check[] = table.columns
    .filter((column) => !column.nullable && !table.key.includes(column.name))
    .map((column) => ({ kind: 'not_null', columns: [column.name] }));
  return {
    layer: 'gold',
    name,
    sqlFile: path.join(import.meta.dirname, `${name}.sql`),
    key: table.key,
    checks: [...notNull, ...checks],
  };
}

const expression = (name: string, condition: string): Check => ({ kind: 'expression', name, condition });
const toInstruments = (column = 'symbol'): Check => ({
  kind: 'relationship',
  column,
  to: 'gold.instruments',
  toColumn: 'symbol',
});

/** The gold marts in dependency order (each reads silver and the gold models listed before it). */
export const GOLD_MODELS: Model[] = [
  goldModel('instruments', [
    {
      kind: 'conservation',
      name: 'instruments: one row per silver instrument',
      sql: 'SELECT count(*) AS in_rows, 0 AS dropped_rows FROM silver.instruments',
    },
    expression('first_dt <= last_dt', 'first_dt IS NULL OR first_dt <= last_dt'),
    expression('cik is 10 digits', "cik IS NULL OR regexp_full_match(cik, '[0-9]{10}')"),
  ]),
  goldModel('fx_rates', [
    expression('usd_per_unit > 0', 'usd_per_unit > 0'),
    expression('eur_per_unit > 0', 'eur_per_unit > 0'),
    expression('rate_dt <= dt (never a later rate)', 'rate_dt <= dt'),
    expression('is_filled = (rate_dt < dt)', 'is_filled = (rate_dt < dt)'),
    expression('EUR: eur_per_unit = 1', "currency <> 'EUR' OR eur_per_unit = 1"),
    expression('USD: usd_per_unit = 1', "currency <> 'USD' OR usd_per_unit = 1"),
  ]),
  goldModel('corporate_actions', [
    { kind: 'accepted_values', column: 'kind', values: ['dividend', 'split'] },
    toInstruments(),
    {
      kind: 'conservation',
      name: 'corporate_actions: one row per silver action',
      sql: 'SELECT count(*) AS in_rows, 0 AS dropped_rows FROM silver.corporate_actions',
    },
    expression('dividend amount > 0', "kind <> 'dividend' OR amount > 0"),
    expression('split ratio > 0', "kind <> 'split' OR (numerator > 0 AND denominator > 0)"),
  ]),
  goldModel('daily_prices', [
    toInstruments(),
    {
      kind: 'conservation',
      name: 'daily_prices: one row per silver bar',
      sql: 'SELECT count(*) AS in_rows, 0 AS dropped_rows FROM silver.daily_bars',
    },
    expression('close > 0', 'close > 0'),
    expression('adj_close > 0', 'adj_close > 0'),
    expression('close_usd > 0', 'close_usd IS NULL OR close_usd > 0'),
    expression('volume >= 0', 'volume IS NULL OR volume >= 0'),
    expression('high_52w >= low_52w', 'high_52w >= low_52w'),
    expression('low_52w <= adj_close <= high_52w', 'adj_close BETWEEN low_52w AND high_52w'),
    expression('-1 <= drawdown <= 0', 'drawdown BETWEEN -1 AND 0'),
    expression('ret_1d > -1', 'ret_1d IS NULL OR ret_1d > -1'),
    expression('vol_30d >= 0', 'vol_30d IS NULL OR vol_30d >= 0'),
  ]),
  goldModel('fundamentals', [
    { kind: 'accepted_values', column: 'fiscal_period', values: ['Q1', 'Q2', 'Q3', 'Q4', 'FY'] },
    expression('period_start <= period_end', 'period_start IS NULL OR period_start <= period_end'),
    expression('cik is 10 digits', "regexp_full_match(cik, '[0-9]{10}')"),
    expression('shares_outstanding >= 0', 'shares_outstanding IS NULL OR shares_outstanding >= 0'),
  ]),
  goldModel('instrument_snapshot', [
    toInstruments(),
    expression('close > 0', 'close > 0'),
    expression('high_52w >= low_52w', 'high_52w IS NULL OR low_52w IS NULL OR high_52w >= low_52w'),
    expression('-1 <= max_drawdown_1y <= 0', 'max_drawdown_1y IS NULL OR max_drawdown_1y BETWEEN -1 AND 0'),
    expression('dividend_ttm >= 0', 'dividend_ttm IS NULL OR dividend_ttm >= 0'),
    expression('market_cap >= 0', 'market_cap IS NULL OR market_cap >= 0'),
    expression('pe_ttm > 0', 'pe_ttm IS NULL OR pe_ttm > 0'),
  ]),
];
