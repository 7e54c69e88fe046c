/** Reads of gold (through the read-only pool). Column names follow data-contract.md. */
import { sql, type Kysely } from 'kysely';
import type { GoldDatabase } from './schema.ts';

type Gold = Kysely<GoldDatabase>;

export async function searchInstruments(db: Gold, query: string, limit: number) {
  const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`);
  const upper = query.toUpperCase();
  return (
    db
      .selectFrom('gold.instruments')
      .select(['symbol', 'name', 'exchange', 'currency', 'security_type', 'sector'])
      .where((eb) =>
        eb.or([eb('symbol', 'like', `${escaped.toUpperCase()}%`), eb('name', 'ilike', `%${escaped}%`)]),
      )
      // exact symbol first, then symbol prefix, then name matches; alphabetical within each
      .orderBy(
        sql`case when symbol = ${upper} then 0 when symbol like ${`${escaped.toUpperCase()}%`} then 1 else 2 end`,
      )
      .orderBy('symbol')
      .limit(limit)
      .execute()
  );
}

export async function listInstruments(db: Gold, limit: number) {
  return db
    .selectFrom('gold.instruments')
    .select(['symbol', 'name', 'exchange', 'currency', 'security_type', 'sector'])
    .orderBy('symbol')
    .limit(limit)
    .execute();
}

export async function findInstrument(db: Gold, symbol: string) {
  return db.selectFrom('gold.instruments').selectAll().where('symbol', '=', symbol).executeTakeFirst();
}

export async function findInstruments(db: Gold, symbols: readonly string[]) {
  if (symbols.length === 0) return [];
  return db
    .selectFrom('gold.instruments')
    .selectAll()
    .where('symbol', 'in', [...symbols])
    .execute();
}

export async function findSnapshots(db: Gold, symbols: readonly string[]) {
  if (symbols.length === 0) return [];
  return db
    .selectFrom('gold.instrument_snapshot')
    .selectAll()
    .where('symbol', 'in', [...symbols])
    .execute();
}

export async function listFundamentals(db: Gold, cik: string) {
  return db
    .selectFrom('gold.fundamentals')
    .selectAll()
    .where('cik', '=', cik)
    .orderBy('period_end', 'desc')
    .orderBy('fiscal_period', 'asc')
    .execute();
}

export async function listPrices(db: Gold, symbol: string, from: string | undefined, to: string | undefined) {
  let query = db
    .selectFrom('gold.daily_prices')
    .select([
      'dt',
      'open',
      'high',
      'low',
      'close',
      'adj_close',
      'volume',
      'ret_1d',
      'sma_20',
      'sma_50',
      'sma_200',
      'vol_30d',
      'drawdown',
    ])
    .where('symbol', '=', symbol);
  if (from !== undefined) query = query.where('dt', '>=', from);
  if (to !== undefined) query = query.where('dt', '<=', to);
  return query.orderBy('dt').execute();
}

/** Movers of the latest trading day among snapshots as of the newest date. */
export async function latestSnapshots(db: Gold) {
  return db
    .selectFrom('gold.instrument_snapshot as s')
    .innerJoin('gold.instruments as i', 'i.symbol', 's.symbol')
    .select(['s.symbol', 'i.name', 's.currency', 's.close', 's.ret_1d', 's.as_of_dt'])
    .where('s.ret_1d', 'is not', null)
    .where('s.as_of_dt', '=', (eb) =>
      eb.selectFrom('gold.instrument_snapshot').select(sql<string>`max(as_of_dt)`.as('d')),
    )
    .execute();
}

/** Rates of every currency on the last calendar day ≤ date (or the latest day when date is undefined). */
export async function fxOn(db: Gold, date: string | undefined) {
  const day = await db
    .selectFrom('gold.fx_rates')
    .select(sql<string | null>`max(dt)`.as('dt'))
    .$if(date !== undefined, (q) => q.where('dt', '<=', date ?? ''))
    .executeTakeFirst();
  if (!day?.dt) return { dt: null, rows: [] };
  const rows = await db
    .selectFrom('gold.fx_rates')
    .select(['currency', 'usd_per_unit', 'rate_dt', 'is_filled'])
    .where('dt', '=', day.dt)
    .orderBy('currency')
    .execute();
  return { dt: day.dt, rows };
}

export async function latestPriceDate(db: Gold): Promise<string | null> {
  const row = await db
    .selectFrom('gold.daily_prices')
    .select(sql<string | null>`max(dt)`.as('dt'))
    .executeTakeFirst();
  return row?.dt ?? null;
}

/**
 * Whole price histories of `symbols`, one row per symbol with its dates, closes and adjusted closes
 * as comma-separated text in date order: one aggregated row per symbol instead of one row per bar
 * (the driver's per-row cost dominated; the portfolio calculator caches the result per gold load).
 */
export async function loadPriceHistories(db: Gold, symbols: readonly string[]) {
  if (symbols.length === 0) return [];
  return db
    .selectFrom('gold.daily_prices')
    .select([
      'symbol',
      sql<string>`string_agg(to_char(dt, 'YYYY-MM-DD'), ',' order by dt)`.as('dates'),
      sql<string>`string_agg(close::text, ',' order by dt)`.as('closes'),
      sql<string>`string_agg(adj_close::text, ',' order by dt)`.as('adj_closes'),
    ])
    .where('symbol', 'in', [...symbols])
    .groupBy('symbol')
    .execute();
}

/** Whole USD-per-unit histories of `currencies` (gold.fx_rates has one row per calendar day), aggregated likewise. */
export async function loadFxHistories(db: Gold, currencies: readonly string[]) {
  if (currencies.length === 0) return [];
  return db
    .selectFrom('gold.fx_rates')
    .select([
      'currency',
      sql<string>`string_agg(to_char(dt, 'YYYY-MM-DD'), ',' order by dt)`.as('dates'),
      sql<string>`string_agg(usd_per_unit::text, ',' order by dt)`.as('rates'),
    ])
    .where('currency', 'in', [...currencies])
    .groupBy('currency')
    .execute();
}

/** Every instrument's currency: a few bytes per listing, cached per gold load by the portfolio code. */
export async function loadInstrumentCurrencies(db: Gold) {
  return db.selectFrom('gold.instruments').select(['symbol', 'currency']).execute();
}

/** Every split in gold (a few per listing over decades), oldest first. */
export async function loadSplits(db: Gold) {
  return db
    .selectFrom('gold.corporate_actions')
    .select(['symbol', 'dt', 'numerator', 'denominator'])
    .where('kind', '=', 'split')
    .orderBy('symbol')
    .orderBy('dt')
    .execute();
}
