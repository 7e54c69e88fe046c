// The synthetic filer behind a CIK from company_tickers.json: its fiscal calendar, the shape of its
// financials and its cover-page details, all drawn from a hash of the CIK.
import { dayFromYmd } from '../calendar.ts';
import type { TickerCompany } from '../fixtures.ts';
import { fmix32, hashString, intBetween, mulberry32, pick, uniform, type Rng } from '../prng.ts';
import { cik10 } from './identifiers.ts';

/** The first synthetic fiscal year: about ten years of filings up to today. */
export const FIRST_FISCAL_YEAR = 2016;

export interface FilerProfile {
  readonly company: TickerCompany;
  readonly seed: number;
  readonly cik10: string;
  /** Month (1-12) whose last day ends the fiscal year; fy is the calendar year of that day. */
  readonly fiscalYearEndMonth: number;
  readonly revenueBase: number;
  readonly revenueGrowth: number;
  readonly seasonality: readonly number[];
  readonly margin: number;
  readonly sharesBase: number;
  readonly shareGrowth: number;
  readonly assetsToRevenue: number;
  readonly equityRatio: number;
  readonly roundingUnit: number;
  readonly quarterlyLag: number;
  readonly annualLag: number;
  readonly industry: readonly [sic: string, description: string, ownerOrg: string];
  readonly exchange: string;
  readonly fileNumber: string;
  readonly city: readonly [city: string, state: string, zip: string];
  readonly street: string;
  readonly phone: string;
  readonly ein: string;
}

const INDUSTRIES: readonly (readonly [string, string, string])[] = [
  ['3674', 'Semiconductors & Related Devices', '04 Manufacturing'],
  ['7372', 'Services-Prepackaged Software', '06 Technology'],
  ['2834', 'Pharmaceutical Preparations', '03 Life Sciences'],
  ['6022', 'State Commercial Banks', '02 Finance'],
  ['3711', 'Motor Vehicles & Passenger Car Bodies', '04 Manufacturing'],
  ['5961', 'Retail-Catalog & Mail-Order Houses', '07 Trade & Services'],
  ['1311', 'Crude Petroleum & Natural Gas', '01 Energy & Transportation'],
  ['4911', 'Electric Services', '01 Energy & Transportation'],
];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['SANTA CLARA', 'CA', '95054'],
  ['NEW YORK', 'NY', '10001'],
  ['AUSTIN', 'TX', '78701'],
  ['CHICAGO', 'IL', '60601'],
  ['BOSTON', 'MA', '02110'],
  ['SEATTLE', 'WA', '98101'],
  ['ATLANTA', 'GA', '30303'],
];

export function profileFor(company: TickerCompany): FilerProfile {
  const seed = hashString(`sec|${company.cik}`);
  const rng = mulberry32(seed);
  const revenueBase = Math.exp(uniform(rng, Math.log(2e7), Math.log(1.5e10)));
  return {
    company,
    seed,
    cik10: cik10(company.cik),
    fiscalYearEndMonth: pick(rng, [12, 12, 12, 12, 12, 12, 9, 6, 3, 1]),
    revenueBase,
    revenueGrowth: uniform(rng, -0.04, 0.22),
    seasonality: [0, 1, 2, 3].map(() => 1 + uniform(rng, -0.08, 0.12)),
    margin: uniform(rng, -0.12, 0.28),
    sharesBase: Math.exp(uniform(rng, Math.log(3e7), Math.log(4e9))),
    shareGrowth: uniform(rng, -0.03, 0.04),
    assetsToRevenue: uniform(rng, 1.2, 4),
    equityRatio: uniform(rng, 0.2, 0.65),
    roundingUnit: revenueBase > 1e8 ? 100_000 : 1_000,
    quarterlyLag: intBetween(rng, 33, 44),
    annualLag: intBetween(rng, 50, 74),
    industry: pick(rng, INDUSTRIES),
    exchange: pick(rng, ['Nasdaq', 'NYSE']),
    fileNumber: `001-${intBetween(rng, 10000, 41999)}`,
    city: pick(rng, CITIES),
    street: `${intBetween(rng, 1, 9999)} ${pick(rng, ['MARKET', 'MAIN', 'MISSION', 'PARK', 'LAKE'])} STREET`,
    phone: `(${intBetween(rng, 201, 989)}) ${intBetween(rng, 200, 999)}-${String(intBetween(rng, 0, 9999)).padStart(4, '0')}`,
    ein: String(intBetween(rng, 100000000, 999999999)),
  };
}

export function monthEnd(year: number, month: number): number {
  return dayFromYmd(year, month + 1, 1) - 1; // Date.UTC rolls month 13 into January
}

/** Last day of fiscal quarter q (1-4) of fiscal year fy. */
export function quarterEnd(profile: FilerProfile, fy: number, q: number): number {
  const months = fy * 12 + (profile.fiscalYearEndMonth - 1) - 12 + 3 * q;
  return monthEnd(Math.floor(months / 12), (months % 12) + 1);
}

export function quarterStart(profile: FilerProfile, fy: number, q: number): number {
  return q === 1 ? quarterEnd(profile, fy - 1, 4) + 1 : quarterEnd(profile, fy, q - 1) + 1;
}

/** A per-(filer, purpose, index) generator, independent of how much history is requested. */
export function rngAt(profile: FilerProfile, purpose: number, index: number): Rng {
  return mulberry32(
    fmix32((profile.seed ^ Math.imul(purpose, 0x27d4eb2d) ^ Math.imul(index + 4096, 0x9e3779b1)) >>> 0),
  );
}
