/** Portfolios and their transactions. Every query is scoped by the owner: another user's id finds nothing. */
import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase, TransactionType } from './schema.ts';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

const portfolioColumns = [
  'id',
  'name',
  'base_currency as baseCurrency',
  'created_at as createdAt',
  'revision',
] as const;

export async function listPortfolios(db: Db, userId: string) {
  return db
    .selectFrom('app.portfolios')
    .select(portfolioColumns)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function findPortfolio(db: Db, userId: string, id: string) {
  return db
    .selectFrom('app.portfolios')
    .select(portfolioColumns)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Locks the portfolio row: writes to one portfolio's transactions are serialised (validation replays them). */
export async function lockPortfolio(db: Db, userId: string, id: string) {
  return db
    .selectFrom('app.portfolios')
    .select(portfolioColumns)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

/** Marks a change to the portfolio's transactions (inside the transaction that makes it). */
export async function bumpRevision(db: Db, id: string): Promise<void> {
  await db
    .updateTable('app.portfolios')
    .set((eb) => ({ revision: eb('revision', '+', '1') }))
    .where('id', '=', id)
    .execute();
}

export async function insertPortfolio(db: Db, userId: string, name: string, baseCurrency: string) {
  return db
    .insertInto('app.portfolios')
    .values({ user_id: userId, name, base_currency: baseCurrency })
    .returning(portfolioColumns)
    .executeTakeFirstOrThrow();
}

export async function updatePortfolio(
  db: Db,
  userId: string,
  id: string,
  patch: { name?: string; baseCurrency?: string },
  now: Date,
) {
  return db
    .updateTable('app.portfolios')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.baseCurrency === undefined ? {} : { base_currency: patch.baseCurrency }),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(portfolioColumns)
    .executeTakeFirst();
}

export async function deletePortfolio(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('app.portfolios')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// ---------------------------------------------------------------------------------------------

export interface TransactionRow {
  id: string;
  type: TransactionType;
  date: string;
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  fee: string;
  amount: string | null;
  currency: string | null;
  createdAt: Date;
}

export interface NewTransaction {
  type: TransactionType;
  date: string;
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  fee: string;
  amount: string | null;
  currency: string | null;
}

const transactionColumns = [
  'id',
  'type',
  'date',
  'symbol',
  'quantity',
  'price',
  'fee',
  'amount',
  'currency',
  'created_at as createdAt',
] as const;

/** In ledger order: by date, then in the order they were entered. */
export async function listTransactions(db: Db, portfolioId: string): Promise<TransactionRow[]> {
  return db
    .selectFrom('app.transactions')
    .select(transactionColumns)
    .where('portfolio_id', '=', portfolioId)
    .orderBy('date')
    .orderBy('seq')
    .execute();
}

export async function insertTransaction(
  db: Db,
  portfolioId: string,
  row: NewTransaction,
): Promise<TransactionRow> {
  return db
    .insertInto('app.transactions')
    .values({
      type: row.type,
      date: row.date,
      symbol: row.symbol,
      quantity: row.quantity,
      price: row.price,
      fee: row.fee,
      amount: row.amount,
      currency: row.currency,
      portfolio_id: portfolioId,
    })
    .returning(transactionColumns)
    .executeTakeFirstOrThrow();
}

/** Inserts imported rows; rows whose import key already exists in the portfolio are skipped. */
export async function insertImported(
  db: Db,
  portfolioId: string,
  rows: readonly (NewTransaction & { importKey: string })[],
): Promise<number> {
  let inserted = 0;
  const chunk = 1_000;
  for (let i = 0; i < rows.length; i += chunk) {
    // Explicit columns: the parsed rows carry more (their line number) than the table has.
    const values = rows.slice(i, i + chunk).map((row) => ({
      type: row.type,
      date: row.date,
      symbol: row.symbol,
      quantity: row.quantity,
      price: row.price,
      fee: row.fee,
      amount: row.amount,
      currency: row.currency,
      portfolio_id: portfolioId,
      import_key: row.importKey,
    }));
    const result = await db
      .insertInto('app.transactions')
      .values(values)
      .onConflict((oc) => oc.columns(['portfolio_id', 'import_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

export async function updateTransaction(
  db: Db,
  portfolioId: string,
  id: string,
  row: NewTransaction,
): Promise<TransactionRow | undefined> {
  return db
    .updateTable('app.transactions')
    .set(row)
    .where('id', '=', id)
    .where('portfolio_id', '=', portfolioId)
    .returning(transactionColumns)
    .executeTakeFirst();
}

export async function findTransaction(
  db: Db,
  portfolioId: string,
  id: string,
): Promise<TransactionRow | undefined> {
  return db
    .selectFrom('app.transactions')
    .select(transactionColumns)
    .where('id', '=', id)
    .where('portfolio_id', '=', portfolioId)
    .executeTakeFirst();
}

export async function deleteTransaction(db: Db, portfolioId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('app.transactions')
    .where('id', '=', id)
    .where('portfolio_id', '=', portfolioId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
