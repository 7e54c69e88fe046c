import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from './schema.ts';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

export interface RefreshTokenRow {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

export async function insertRefreshToken(
  db: Db,
  token: {
    userId: string;
    familyId: string;
    parentId: string | null;
    tokenHash: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('app.refresh_tokens')
    .values({
      user_id: token.userId,
      family_id: token.familyId,
      parent_id: token.parentId,
      token_hash: token.tokenHash,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** Locks the row: two concurrent refreshes with one token are serialised, the second sees it used. */
export async function findRefreshTokenForUpdate(
  db: Db,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  return db
    .selectFrom('app.refresh_tokens')
    .select([
      'id',
      'user_id as userId',
      'family_id as familyId',
      'expires_at as expiresAt',
      'used_at as usedAt',
      'revoked_at as revokedAt',
    ])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markRefreshTokenUsed(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('app.refresh_tokens').set({ used_at: now }).where('id', '=', id).execute();
}

export async function revokeFamily(db: Db, familyId: string, reason: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('app.refresh_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function revokeAllForUser(db: Db, userId: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('app.refresh_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
