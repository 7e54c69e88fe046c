import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Check, Model, ModelBatch } from '../pipeline/model.ts';

/**
 * The silver layer, in build order (a model may read bronze and the silver models before it; checks
 * run right after their model is built, so a relationship points only at earlier models).
 * Each model is one SELECT in `<name>.sql` beside this file; README.md describes grain and drop rules.
 */

const modelFile = (name: string): string => path.join(import.meta.dirname, `${name}.sql`);
const checkSql = (name: string): string =>
  readFileSync(path.join(import.meta.dirname, 'checks', `${name}.sql`), 'utf8');

const silver = (
  name: string,
  key: readonly string[],
  checks: readonly Check[],
  batch?: ModelBatch,
): Model => ({
  layer: 'silver',
  name,
  sqlFile: modelFile(name),
  key,
  checks,
  ...(batch === undefined ? {} : { batch }),
});

/**
 * Yahoo payloads are parsed a batch of symbols at a time (every output row depends on one symbol's
 * payloads): a few hundred symbols x a few MB keeps DuckDB inside its memory limit on full histories.
 * Each batch also costs its queries' fixed part (binding, scheduling, the threads' tail): 300 rather
 * than 200 took daily_bars from 13.8 to 11.8 s on 5,000 symbols x 4 years (bench), at the same
 * peak RSS (1.1-1.2 GiB); 400 was no faster.
 */
const BY_SYMBOL: ModelBatch = { source: 'yahoo', dataset: 'prices', keysPerBatch: 300 };

/** A currency column holds an ISO 4217 code from silver.currencies (the one list of accepted codes). */
const isoCurrency = (column: string): Check[] => [
  { kind: 'not_null', columns: [column] },
  { kind: 'relationship', column, to: 'silver.currencies', toColumn: 'currency' },
];

const instrument = (column: string): Check => ({
  kind: 'relationship',
  column,
  to: 'silver.instruments',
  toColumn: 'symbol',
});

export const SILVER_MODELS: readonly Model[] = [
  silver(
    'currencies',
    ['code'],
    [
      { kind: 'not_null', columns: ['currency', 'to_major', 'is_minor_unit'] },
      {
        kind: 'expression',
        name: 'currency_is_iso_code',
        condition: `regexp_full_match(currency, '[A-Z]{3}')`,
      },
      { kind: 'relationship', column: 'currency', to: 'silver.currencies', toColumn: 'code' },
    ],
  ),

  silver(
    'instruments',
    ['symbol'],
    [
      {
        kind: 'expression',
        name: 'cik_is_10_digits',
        condition: `cik IS NULL OR regexp_full_match(cik, '[0-9]{10}')`,
      },
      {
        kind: 'expression',
        name: 'figis_are_bbg_ids',
        condition: `(figi IS NULL OR regexp_full_match(figi, 'BBG[0-9A-Z]{9}'))
        AND (composite_figi IS NULL OR regexp_full_match(composite_figi, 'BBG[0-9A-Z]{9}'))
        AND (share_class_figi IS NULL OR regexp_full_match(share_class_figi, 'BBG[0-9A-Z]{9}'))`,
      },
      { kind: 'relationship', column: 'currency', to: 'silver.currencies', toColumn: 'currency' },
    ],
  ),

  silver(
    'daily_bars',
    ['symbol', 'dt'],
    [
      {
        kind: 'not_null',
        columns: [
          'close',
          'source_currency',
          'exchange_timezone',
          'fetched_at',
          'bronze_object',
          'bronze_sha256',
        ],
      },
      ...isoCurrency('currency'),
      instrument('symbol'),
      { kind: 'expression', name: 'high_gte_low', condition: 'high IS NULL OR low IS NULL OR high >= low' },
      { kind: 'expression', name: 'close_positive', condition: 'close > 0' },
      { kind: 'expression', name: 'adj_close_positive', condition: 'adj_close > 0' },
      { kind: 'expression', name: 'volume_non_negative', condition: 'volume IS NULL OR volume >= 0' },
      {
        kind: 'conservation',
        name: 'conservation(timestamps = bars + null closes + superseded)',
        sql: checkSql('daily_bars_conservation'),
      },
    ],
    BY_SYMBOL,
  ),

  silver(
    'corporate_actions',
    ['symbol', 'dt', 'kind'],
    [
      { kind: 'accepted_values', column: 'kind', values: ['dividend', 'split'] },
      { kind: 'not_null', columns: ['fetched_at', 'bronze_sha256'] },
      instrument('symbol'),
      { kind: 'relationship', column: 'currency', to: 'silver.currencies', toColumn: 'currency' },
      {
        kind: 'expression',
        name: 'fields_match_kind',
        condition: `CASE kind
        WHEN 'dividend' THEN amount > 0 AND currency IS NOT NULL AND numerator IS NULL AND denominator IS NULL
        WHEN 'split' THEN numerator > 0 AND denominator > 0 AND amount IS NULL
      END`,
      },
      {
        // A dividend as large as the share price means a unit mix-up (e.g. pence taken as pounds).
        kind: 'expression',
        name: 'dividend_below_close',
        condition: `kind <> 'dividend' OR amount < coalesce(
        (SELECT arg_max(b.close, b.dt) FROM silver.daily_bars b WHERE b.symbol = t.symbol AND b.dt <= t.dt),
        amount + 1)`,
      },
      {
        // Yahoo's prices are split-adjusted as of the fetch: a bar fetched before a split that silver
        // also knows post-split prices for is on the wrong scale. Re-fetch the symbol's full history
        // (delete its cursor) so a later capture supersedes the old bars.
        kind: 'expression',
        name: 'bars_fetched_after_split',
        condition: `kind <> 'split' OR NOT EXISTS (
        SELECT 1 FROM silver.daily_bars b
        WHERE b.symbol = t.symbol AND b.dt < t.dt AND b.fetched_at < t.dt::TIMESTAMPTZ)`,
      },
      {
        kind: 'conservation',
        name: 'conservation(events = actions + superseded)',
        sql: checkSql('corporate_actions_conservation'),
      },
    ],
    BY_SYMBOL,
  ),

  silver(
    'fx_rates',
    ['dt', 'currency'],
    [
      { kind: 'not_null', columns: ['units_per_eur', 'fetched_at', 'bronze_sha256'] },
      { kind: 'expression', name: 'units_per_eur_positive', condition: 'units_per_eur > 0' },
      {
        kind: 'expression',
        name: 'currency_three_letters',
        condition: `regexp_full_match(currency, '[A-Z]{3}')`,
      },
      {
        kind: 'conservation',
        name: 'conservation(rates = silver + superseded)',
        sql: checkSql('fx_rates_conservation'),
      },
    ],
  ),

  silver(
    'financial_facts',
    ['cik', 'taxonomy', 'concept', 'unit', 'period_end', 'period_start_key'],
    [
      { kind: 'not_null', columns: ['val', 'form', 'filed', 'accn'] },
      { kind: 'expression', name: 'cik_is_10_digits', condition: `regexp_full_match(cik, '[0-9]{10}')` },
      {
        kind: 'expression',
        name: 'period_start_not_after_end',
        condition: 'period_start IS NULL OR period_start <= period_end',
      },
      {
        kind: 'conservation',
        name: 'conservation(facts = silver + superseded by a later filing)',
        sql: checkSql('financial_facts_conservation'),
      },
    ],
  ),
];
