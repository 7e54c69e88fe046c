import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from './schema.ts';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

const columns = ['id', 'email', 'password_hash as passwordHash', 'created_at as createdAt'] as const;

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app.users')
    .select(columns)
    .where('email_key', '=', emailKey(email))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app.users').select(columns).where('id', '=', id).executeTakeFirst();
}

/** Inserts the user; undefined when the email is taken (unique violation handled in SQL). */
export async function insertUser(db: Db, email: string, passwordHash: string): Promise<UserRow | undefined> {
  return db
    .insertInto('app.users')
    .values({ email: email.trim(), email_key: emailKey(email), password_hash: passwordHash })
    .onConflict((oc) => oc.column('email_key').doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function updatePasswordHash(db: Db, id: string, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable('app.users')
    .set({ password_hash: passwordHash, password_changed_at: now })
    .where('id', '=', id)
    .execute();
}
