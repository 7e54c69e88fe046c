// Recorded payloads live next to the ingestion code that parses them
// (src/ingestion/<source>/fixtures/), copied verbatim from the shared fixtures beside the checkout (../shared/fixtures). The sandbox reads
// them at runtime and caches the bytes: several are served byte-for-byte, and the big ones
// (company_tickers.json, the ECB CSV) must be parsed only once per process.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type FixtureSource = 'yahoo' | 'sec' | 'fx' | 'openfigi';

const INGESTION_DIR = path.resolve(import.meta.dirname, '..', 'ingestion');

const bytesCache = new Map<string, Buffer>();

export function fixtureDir(source: FixtureSource): string {
  return path.join(INGESTION_DIR, source, 'fixtures');
}

export function fixtureBytes(source: FixtureSource, file: string): Buffer {
  const key = `${source}/${file}`;
  let bytes = bytesCache.get(key);
  if (!bytes) {
    bytes = readFileSync(path.join(fixtureDir(source), file));
    bytesCache.set(key, bytes);
  }
  return bytes;
}

export function fixtureText(source: FixtureSource, file: string): string {
  return fixtureBytes(source, file).toString('utf8');
}

export function fixtureNames(source: FixtureSource): string[] {
  return readdirSync(fixtureDir(source)).sort();
}

// ---------------------------------------------------------------------------------------------
// company_tickers.json: the SEC's ticker → CIK map. Also names synthetic Yahoo and OpenFIGI listings
// so the same ticker reads the same company everywhere in the sandbox.

export interface TickerCompany {
  readonly cik: number;
  readonly title: string;
  /** All tickers of this CIK in file order (BRK-B, BRK-A → 1067983). */
  readonly tickers: readonly string[];
}

export interface TickerIndex {
  readonly byCik: ReadonlyMap<number, TickerCompany>;
  readonly byTicker: ReadonlyMap<string, TickerCompany>;
}

let tickerIndex: TickerIndex | undefined;

function isTickerRow(value: unknown): value is { cik_str: number; ticker: string; title: string } {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.cik_str === 'number' && typeof row.ticker === 'string' && typeof row.title === 'string';
}

export function companyTickers(): TickerIndex {
  if (tickerIndex) return tickerIndex;
  const parsed: unknown = JSON.parse(fixtureText('sec', 'company_tickers.json'));
  const rows = typeof parsed === 'object' && parsed !== null ? Object.values(parsed) : [];
  const building = new Map<number, { cik: number; title: string; tickers: string[] }>();
  for (const row of rows) {
    if (!isTickerRow(row)) continue;
    let company = building.get(row.cik_str);
    if (!company) {
      company = { cik: row.cik_str, title: row.title, tickers: [] };
      building.set(row.cik_str, company);
    }
    company.tickers.push(row.ticker);
  }
  const byTicker = new Map<string, TickerCompany>();
  for (const company of building.values())
    for (const ticker of company.tickers) byTicker.set(ticker, company);
  tickerIndex = { byCik: building, byTicker };
  return tickerIndex;
}
