/** Watchlists, scoped by owner like portfolios. */
import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from './schema.ts';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

const columns = ['id', 'name', 'created_at as createdAt'] as const;

export async function listWatchlists(db: Db, userId: string) {
  return db
    .selectFrom('app.watchlists')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function findWatchlist(db: Db, userId: string, id: string) {
  return db
    .selectFrom('app.watchlists')
    .select(columns)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertWatchlist(db: Db, userId: string, name: string) {
  return db
    .insertInto('app.watchlists')
    .values({ user_id: userId, name })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function renameWatchlist(db: Db, userId: string, id: string, name: string) {
  return db
    .updateTable('app.watchlists')
    .set({ name })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(columns)
    .executeTakeFirst();
}

export async function deleteWatchlist(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('app.watchlists')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listItems(db: Db, watchlistIds: readonly string[]) {
  if (watchlistIds.length === 0) return [];
  return db
    .selectFrom('app.watchlist_items')
    .select(['watchlist_id as watchlistId', 'symbol', 'added_at as addedAt'])
    .where('watchlist_id', 'in', [...watchlistIds])
    .orderBy('added_at')
    .orderBy('symbol')
    .execute();
}

export async function addItem(db: Db, watchlistId: string, symbol: string): Promise<void> {
  await db
    .insertInto('app.watchlist_items')
    .values({ watchlist_id: watchlistId, symbol })
    .onConflict((oc) => oc.columns(['watchlist_id', 'symbol']).doNothing())
    .execute();
}

export async function removeItem(db: Db, watchlistId: string, symbol: string): Promise<boolean> {
  const result = await db
    .deleteFrom('app.watchlist_items')
    .where('watchlist_id', '=', watchlistId)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
