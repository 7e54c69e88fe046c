// Portfolio shapes. Holdings, performance, transaction bodies and the CSV columns are fixed by
// api-contract.md; list envelopes and the allocation shape are read tolerantly (see response.ts).
import type { DecimalString } from '../../../lib/decimal.ts';

export interface Portfolio {
  id: string;
  name: string;
  baseCurrency: string;
  createdAt?: string;
}

export interface Holding {
  symbol: string;
  name?: string | null;
  currency: string;
  quantity: DecimalString;
  averageCost: DecimalString;
  costBasis: DecimalString;
  marketValue: DecimalString;
  marketValueBase: DecimalString;
  unrealizedPnl: DecimalString;
  unrealizedPnlBase: DecimalString;
  realizedPnl: DecimalString;
  dividends: DecimalString;
  dayChange: DecimalString | null;
  /** Base-currency amounts the API adds beside the contract's fields (used when present). */
  costBasisBase?: DecimalString;
  realizedPnlBase?: DecimalString;
  dividendsBase?: DecimalString;
  dayChangeBase?: DecimalString;
  /** Share of the portfolio, 0..1 (a number, or a decimal string). */
  weight: number | DecimalString | null;
}

export interface Holdings {
  baseCurrency: string;
  asOf: string;
  holdings: Holding[];
  cash: { currency: string; amount: DecimalString; amountBase?: DecimalString }[];
  totals: {
    marketValueBase: DecimalString;
    costBasisBase: DecimalString;
    unrealizedPnlBase: DecimalString;
    realizedPnlBase: DecimalString;
    dividendsBase: DecimalString;
  };
}

export interface PerformancePoint {
  date: string;
  value: DecimalString;
  netFlows: DecimalString;
  twrIndex: number;
}

export interface Performance {
  from: string;
  to: string;
  baseCurrency: string;
  twr: number | null;
  xirr: number | null;
  totalReturn: number | null;
  contributions?: { price: number | null; income: number | null; currency: number | null };
  series: PerformancePoint[];
  benchmark?: { symbol: string; twr: number | null } | null;
}

export const TRADE_TYPES = ['BUY', 'SELL'] as const;
export const CASH_TYPES = ['DEPOSIT', 'WITHDRAWAL', 'FEE', 'INTEREST'] as const;
export const TRANSACTION_TYPES = [...TRADE_TYPES, 'DIVIDEND', ...CASH_TYPES] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** The body of POST /portfolios/:id/transactions (api-contract.md). */
export type TransactionInput =
  | {
      type: 'BUY' | 'SELL';
      date: string;
      symbol: string;
      quantity: DecimalString;
      price: DecimalString;
      fee?: DecimalString;
    }
  | { type: 'DIVIDEND'; date: string; symbol: string; amount: DecimalString }
  | {
      type: 'DEPOSIT' | 'WITHDRAWAL' | 'FEE' | 'INTEREST';
      date: string;
      amount: DecimalString;
      currency?: string;
    };

export interface Transaction {
  id: string;
  type: TransactionType;
  date: string;
  symbol?: string | null;
  quantity?: DecimalString | null;
  price?: DecimalString | null;
  fee?: DecimalString | null;
  amount?: DecimalString | null;
  currency?: string | null;
}

export const ALLOCATION_DIMENSIONS = ['sector', 'currency', 'security_type', 'country'] as const;
export type AllocationDimension = (typeof ALLOCATION_DIMENSIONS)[number];

export interface AllocationSlice {
  label: string;
  weight: number;
  valueBase: DecimalString | null;
}
