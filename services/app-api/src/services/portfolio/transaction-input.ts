/**
 * The transaction shapes of api-contract.md, as zod schemas shared by the JSON routes and the CSV
 * import. Objects are strict: an unknown field (an owner id, a portfolio id, …) is refused, never bound.
 */
import { z } from 'zod';
import type { NewTransaction } from '../../db/portfolios.repository.ts';

export const decimalString = z
  .string()
  .regex(
    /^\d{1,20}(\.\d{1,12})?$/,
    'must be a non-negative decimal string like "12.5" (at most 12 decimals)',
  );
export const positiveDecimal = decimalString.refine((v) => /[1-9]/.test(v), 'must be greater than 0');
export const isoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
export const symbolSchema = z
  .string()
  .min(1)
  .max(24)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.\-=^]*$/, 'must be a listing symbol like AAPL, BRK-B or VOD.L');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');

const trade = z.strictObject({
  type: z.enum(['BUY', 'SELL']),
  date: isoDate,
  symbol: symbolSchema,
  quantity: positiveDecimal,
  price: decimalString,
  fee: decimalString.optional(),
});
const dividend = z.strictObject({
  type: z.literal('DIVIDEND'),
  date: isoDate,
  symbol: symbolSchema,
  amount: decimalString,
});
const cash = z.strictObject({
  type: z.enum(['DEPOSIT', 'WITHDRAWAL', 'FEE', 'INTEREST']),
  date: isoDate,
  amount: decimalString,
  currency: currencySchema.optional(),
});

export const transactionInputSchema = z.discriminatedUnion('type', [trade, dividend, cash]);
export type TransactionInput = z.infer<typeof transactionInputSchema>;

/** PATCH: any subset of the fields; the merged result must again be a valid transaction. */
export const transactionPatchSchema = z.strictObject({
  type: z.enum(['BUY', 'SELL', 'DIVIDEND', 'DEPOSIT', 'WITHDRAWAL', 'FEE', 'INTEREST']).optional(),
  date: isoDate.optional(),
  symbol: symbolSchema.nullable().optional(),
  quantity: positiveDecimal.nullable().optional(),
  price: decimalString.nullable().optional(),
  fee: decimalString.nullable().optional(),
  amount: decimalString.nullable().optional(),
  currency: currencySchema.nullable().optional(),
});
export type TransactionPatch = z.infer<typeof transactionPatchSchema>;

export function toNewTransaction(input: TransactionInput): NewTransaction {
  switch (input.type) {
    case 'BUY':
    case 'SELL':
      return {
        type: input.type,
        date: input.date,
        symbol: input.symbol.toUpperCase(),
        quantity: input.quantity,
        price: input.price,
        fee: input.fee ?? '0',
        amount: null,
        currency: null,
      };
    case 'DIVIDEND':
      return {
        type: 'DIVIDEND',
        date: input.date,
        symbol: input.symbol.toUpperCase(),
        quantity: null,
        price: null,
        fee: '0',
        amount: input.amount,
        currency: null,
      };
    case 'DEPOSIT':
    case 'WITHDRAWAL':
    case 'FEE':
    case 'INTEREST':
      return {
        type: input.type,
        date: input.date,
        symbol: null,
        quantity: null,
        price: null,
        fee: '0',
        amount: input.amount,
        currency: input.currency ?? null,
      };
  }
}

/** The stored transaction as the input shape (for PATCH merges and the CSV export). */
export function toInputShape(row: NewTransaction): Record<string, string> {
  const out: Record<string, string> = { type: row.type, date: row.date };
  const set = (key: string, value: string | null): void => {
    if (value !== null) out[key] = value;
  };
  if (row.type === 'BUY' || row.type === 'SELL') {
    set('symbol', row.symbol);
    set('quantity', row.quantity);
    set('price', row.price);
    if (row.fee !== '0') set('fee', row.fee);
  } else if (row.type === 'DIVIDEND') {
    set('symbol', row.symbol);
    set('amount', row.amount);
  } else {
    set('amount', row.amount);
    set('currency', row.currency);
  }
  return out;
}
