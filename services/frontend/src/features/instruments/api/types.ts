// Market-data shapes. `prices` is fixed by api-contract.md; the others follow issue #5's routes with gold's
// column names in camelCase (data-contract.md), read tolerantly where the contract is silent.

export interface Bar {
  date: string;
  /** Null when the source had no open/high/low/volume for the day (the close is always there). */
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adjClose: number;
  volume: number | null;
  ret1d: number | null;
  sma20: number | null;
  sma50: number | null;
  sma200: number | null;
  vol30d: number | null;
  drawdown: number | null;
}

export interface PriceHistory {
  symbol: string;
  currency: string | null;
  bars: Bar[];
}

export interface InstrumentSummary {
  symbol: string;
  name?: string | null;
  exchange?: string | null;
  currency?: string | null;
  securityType?: string | null;
}

/** gold.instrument_snapshot in camelCase. Ratios are numbers; money-like fields may be strings. */
export interface Snapshot {
  asOfDt?: string;
  asOf?: string;
  close?: number | string | null;
  currency?: string;
  ret1d?: number | null;
  ret1w?: number | null;
  ret1m?: number | null;
  ret3m?: number | null;
  ret1y?: number | null;
  retYtd?: number | null;
  vol30d?: number | null;
  high52w?: number | string | null;
  low52w?: number | string | null;
  maxDrawdown1y?: number | null;
  beta1y?: number | null;
  dividendTtm?: number | string | null;
  dividendYieldTtm?: number | null;
  sharesOutstanding?: number | string | null;
  marketCap?: number | string | null;
  epsTtm?: number | string | null;
  peTtm?: number | string | null;
}

export interface FundamentalsRow {
  fiscalYear: number;
  fiscalPeriod: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  form?: string | null;
  filed?: string | null;
  currency?: string | null;
  revenue?: string | number | null;
  netIncome?: string | number | null;
  epsDiluted?: string | number | null;
  operatingCashFlow?: string | number | null;
  totalAssets?: string | number | null;
  totalLiabilities?: string | number | null;
  stockholdersEquity?: string | number | null;
  sharesOutstanding?: string | number | null;
}

export interface InstrumentDetail extends InstrumentSummary {
  sector?: string | null;
  country?: string | null;
  firstDt?: string | null;
  lastDt?: string | null;
  snapshot?: Snapshot | null;
  fundamentals?: FundamentalsRow | null;
}

/** A number for display from a field that may arrive as a number or a numeric string. */
export function num(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function snapshotDate(snapshot: Snapshot | null | undefined): string | undefined {
  return snapshot?.asOfDt ?? snapshot?.asOf;
}
