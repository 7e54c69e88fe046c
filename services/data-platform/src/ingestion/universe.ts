import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from './input-error.ts';

export const DEFAULT_UNIVERSE_FILE = path.join(import.meta.dirname, '..', '..', 'config', 'universe.json');

export interface Exchange {
  readonly suffix: string;
  readonly name: string;
  /** Bloomberg exchange code OpenFIGI expects in `exchCode`. */
  readonly openfigiExchCode: string;
  /** SEC EDGAR covers US registrants only. */
  readonly us: boolean;
}

// Yahoo's symbol suffix is the exchange. Keys are the suffix without the dot ('' = US).
const EXCHANGES: Readonly<Record<string, Exchange>> = {
  '': { suffix: '', name: 'US', openfigiExchCode: 'US', us: true },
  L: { suffix: 'L', name: 'London Stock Exchange', openfigiExchCode: 'LN', us: false },
  DE: { suffix: 'DE', name: 'Xetra (Frankfurt)', openfigiExchCode: 'GY', us: false },
  F: { suffix: 'F', name: 'Frankfurt Stock Exchange', openfigiExchCode: 'GF', us: false },
  T: { suffix: 'T', name: 'Tokyo Stock Exchange', openfigiExchCode: 'JT', us: false },
  NZ: { suffix: 'NZ', name: 'New Zealand Exchange', openfigiExchCode: 'NZ', us: false },
};

const SYMBOL = /^[A-Z0-9^][A-Z0-9^=-]*(\.[A-Z]{1,3})?$/;

export interface Listing {
  readonly symbol: string;
  readonly name?: string;
  readonly kind: 'equity' | 'etf';
}

const universeSchema = z.object({
  listings: z
    .array(
      z.object({
        symbol: z.string().regex(SYMBOL, 'must be an upper-case Yahoo symbol such as AAPL, BRK-B or HSBA.L'),
        name: z.string().optional(),
        kind: z.enum(['equity', 'etf']),
      }),
    )
    .min(1),
});

export function exchangeOf(symbol: string): Exchange {
  const dot = symbol.lastIndexOf('.');
  const suffix = dot === -1 ? '' : symbol.slice(dot + 1);
  const exchange = EXCHANGES[suffix];
  if (!exchange) {
    throw new InputError(
      `Unsupported exchange suffix ".${suffix}" in "${symbol}"; supported: ${Object.keys(EXCHANGES)
        .filter(Boolean)
        .map((s) => `.${s}`)
        .join(', ')} or none for US`,
    );
  }
  return exchange;
}

/** The ticker without the exchange suffix, e.g. 7203.T → 7203. */
export function baseTicker(symbol: string): string {
  const dot = symbol.lastIndexOf('.');
  return dot === -1 ? symbol : symbol.slice(0, dot);
}

export async function loadUniverse(file: string = DEFAULT_UNIVERSE_FILE): Promise<Listing[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`Universe file ${file} could not be read as JSON: ${(error as Error).message}`);
  }
  const parsed = universeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InputError(`Universe file ${file} is invalid: ${issues}`);
  }
  const seen = new Set<string>();
  for (const listing of parsed.data.listings) {
    exchangeOf(listing.symbol);
    if (seen.has(listing.symbol)) throw new InputError(`Universe file ${file} lists ${listing.symbol} twice`);
    seen.add(listing.symbol);
  }
  return parsed.data.listings;
}

/** `--tickers AAPL,msft,HSBA.L`: listings from the universe when known, else plain equities. */
export function listingsFromTickers(tickers: readonly string[], universe: readonly Listing[]): Listing[] {
  return tickers.map((raw) => {
    const symbol = raw.trim().toUpperCase();
    if (!SYMBOL.test(symbol))
      throw new InputError(`--tickers: "${raw}" is not a Yahoo symbol (e.g. AAPL, BRK-B, HSBA.L, 7203.T)`);
    exchangeOf(symbol);
    return universe.find((l) => l.symbol === symbol) ?? { symbol, kind: 'equity' };
  });
}
