import { sql, type Kysely } from 'kysely';
import type { GoldDatabase } from './schema.ts';

export interface GoldStatus {
  /** id of the latest successful load: changes exactly when gold data changes */
  readonly version: string;
  readonly latestDate: string | null;
  readonly loadedAt: Date | null;
  readonly runId: string | null;
  /** The live gold came from the offline sandbox (sample data), per its latest load. */
  readonly sandbox: boolean;
}

export async function readGoldStatus(db: Kysely<GoldDatabase>): Promise<GoldStatus> {
  const row = await db
    .selectFrom('gold.load_log')
    .select(['id', 'dt', 'finished_at', 'run_id', 'sources'])
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const latestPrice = await db
    .selectFrom('gold.daily_prices')
    .select(sql<string | null>`max(dt)`.as('dt'))
    .executeTakeFirst();
  return {
    version: row?.id ?? '0',
    latestDate: latestPrice?.dt ?? null,
    loadedAt: row?.finished_at ?? null,
    runId: row?.run_id ?? null,
    sandbox: row?.sources === 'sandbox',
  };
}

/** Only the version (id of the latest succeeded load): one index lookup, cheap enough to poll. */
export async function readGoldVersion(db: Kysely<GoldDatabase>): Promise<string> {
  const row = await db
    .selectFrom('gold.load_log')
    .select('id')
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? '0';
}
