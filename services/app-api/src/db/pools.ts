/**
 * Two connection pools on one database URL:
 * - `app`  reads and writes schema `app` (the connecting role, which owns it);
 * - `gold` reads financial data. Every connection of this pool starts as role `finplat_app` (set in
 *   the startup packet, so no query can ever run on it before the switch) in read-only transactions.
 *   finplat_app holds USAGE + SELECT on gold only (0001_gold_schema.sql): a bug or an injection in
 *   a market-data query can neither write gold nor read users' data.
 * The connecting role must be allowed to SET ROLE finplat_app (a superuser, or `GRANT finplat_app TO
 * <login role>`); `verifyGoldRole` checks that at start-up so a misconfiguration fails loudly.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppDatabase, GoldDatabase } from './schema.ts';

export const GOLD_ROLE = 'finplat_app';
const DATE_OID = 1082;

/** Dates stay 'YYYY-MM-DD' strings (pg would build local-time Date objects that shift by a day). */
function typeOverrides(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(DATE_OID, (value: string) => value);
  return types;
}

export interface DatabasePools {
  readonly app: pg.Pool;
  readonly gold: pg.Pool;
}

export interface Databases {
  readonly pools: DatabasePools;
  readonly app: Kysely<AppDatabase>;
  readonly gold: Kysely<GoldDatabase>;
}

export function createPools(url: string, options: { max?: number } = {}): DatabasePools {
  const max = options.max ?? 10;
  const app = new pg.Pool({
    connectionString: url,
    max,
    types: typeOverrides(),
    application_name: 'finplat-api',
  });
  const gold = new pg.Pool({
    connectionString: url,
    max,
    types: typeOverrides(),
    application_name: 'finplat-api-gold',
    options: `-c role=${GOLD_ROLE} -c default_transaction_read_only=on`,
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  app.on('error', () => undefined);
  gold.on('error', () => undefined);
  return { app, gold };
}

export function createDatabases(pools: DatabasePools): Databases {
  return {
    pools,
    app: new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool: pools.app }) }),
    gold: new Kysely<GoldDatabase>({ dialect: new PostgresDialect({ pool: pools.gold }) }),
  };
}

export async function closePools(pools: DatabasePools): Promise<void> {
  await Promise.all([pools.app.end(), pools.gold.end()]);
}

/** Fails with what to do when the gold pool does not run as the read-only role. */
export async function verifyGoldRole(pool: pg.Pool): Promise<void> {
  let user: string | undefined;
  try {
    const { rows } = await pool.query<{ current_user: string }>('select current_user');
    user = rows[0]?.current_user;
  } catch (error) {
    throw new Error(
      `Cannot open a read-only connection as role ${GOLD_ROLE}: ${error instanceof Error ? error.message : String(error)}. ` +
        `Run the gold migrations first (finplat load), and grant the API's login role membership: GRANT ${GOLD_ROLE} TO <login role>.`,
      { cause: error },
    );
  }
  if (user !== GOLD_ROLE)
    throw new Error(`Gold connections run as ${user ?? 'unknown'}, expected ${GOLD_ROLE}`);
}
