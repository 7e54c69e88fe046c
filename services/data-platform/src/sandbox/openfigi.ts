// OpenFIGI v3: `POST /v3/mapping` (array of jobs in, array of results out, same length and order).
//
// Recorded single-job responses are replayed for the exact jobs that were recorded; every other job
// gets a deterministic synthetic listing. Errors, limits and headers follow the recorded API:
// 401 `Invalid API key.` (text/html), 404 `Invalid url.`, per-job errors/warnings with HTTP 200,
// `ratelimit-*` headers (IETF draft) and 429 with `retry-after`.
import { companyTickers, fixtureBytes, fixtureText } from './fixtures.ts';
import { hashString, mulberry32 } from './prng.ts';
import { FixedWindowLimiter, type FixedWindowState } from './rate-window.ts';
import { header, respond, type SandboxRequest, type SandboxResponse } from './respond.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_JOBS_WITHOUT_KEY = 5; // sources conflict (5 vs 10); the Dec 2025 docs say 5
const MAX_JOBS_WITH_KEY = 100;
const REQUESTS_PER_WINDOW = 25;
const WINDOW_WITHOUT_KEY_MS = 60_000;
const WINDOW_WITH_KEY_MS = 6_000;

/** Rate windows: one for keyless traffic, one per API key (the real API limits per IP / per key). */
export class OpenFigiLimits {
  private readonly keyless = new FixedWindowLimiter(REQUESTS_PER_WINDOW, WINDOW_WITHOUT_KEY_MS);
  private readonly keyed = new Map<string, FixedWindowLimiter>();

  hit(apiKey: string | undefined): FixedWindowState {
    if (apiKey === undefined) return this.keyless.hit();
    let limiter = this.keyed.get(apiKey);
    if (!limiter) {
      limiter = new FixedWindowLimiter(REQUESTS_PER_WINDOW, WINDOW_WITH_KEY_MS);
      this.keyed.set(apiKey, limiter);
    }
    return limiter.hit();
  }
}

export interface OpenFigiContext {
  readonly limits: boolean;
  readonly windows: OpenFigiLimits;
}

type MappingResult = { data: FigiRecord[] } | { warning: string } | { error: string };

interface FigiRecord {
  figi: string;
  name: string;
  ticker: string;
  exchCode: string;
  compositeFIGI: string;
  securityType: string;
  marketSector: string;
  shareClassFIGI: string | null;
  securityType2: string;
  securityDescription: string;
}

// ---------------------------------------------------------------------------------------------
// Fixture-backed data.

let idTypes: ReadonlySet<string> | undefined;

function validIdTypes(): ReadonlySet<string> {
  if (!idTypes) {
    const parsed = JSON.parse(fixtureText('openfigi', 'v3_mapping_values_idType.json')) as {
      values?: unknown;
    };
    idTypes = new Set(
      Array.isArray(parsed.values) ? parsed.values.filter((v): v is string => typeof v === 'string') : [],
    );
  }
  return idTypes;
}

/** The jobs that were recorded (see PROVENANCE.md) → which file and which element answers them. */
const RECORDED_JOBS: readonly { job: Record<string, unknown>; file: string; index: number }[] = [
  {
    job: { idType: 'TICKER', idValue: 'AAPL', exchCode: 'US' },
    file: 'v3_mapping_TICKER_AAPL_exchCode_US_200.json',
    index: 0,
  },
  {
    job: { idType: 'ID_CUSIP', idValue: '459200101', exchCode: 'US' },
    file: 'v3_mapping_ID_CUSIP_459200101_exchCode_US.json',
    index: 0,
  },
  {
    job: { idType: 'ID_ISIN', idValue: 'US0378331005', currency: 'EUR', micCode: 'XETR' },
    file: 'v3_mapping_ID_ISIN_US0378331005_currency_EUR_micCode_XETR.json',
    index: 0,
  },
  {
    job: { idType: 'ID_ISIN', idValue: 'US4592001014' },
    file: 'v3_mapping_bulk_ISIN_US4592001014_plus_TICKER_AAPL_CommonStock.json',
    index: 0,
  },
  {
    job: { idType: 'TICKER', idValue: 'AAPL', securityType2: 'Common Stock' },
    file: 'v3_mapping_bulk_ISIN_US4592001014_plus_TICKER_AAPL_CommonStock.json',
    index: 1,
  },
  {
    job: {
      idType: 'TICKER',
      idValue: 'AAPL 01/17/25 C155',
      strike: [150.0, 160.0],
      expiration: ['2025-01-01', '2025-12-31'],
    },
    file: 'v3_mapping_TICKER_option_AAPL_strike_expiration_ranges.json',
    index: 0,
  },
];

function canonical(job: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(job)
      .sort()
      .map((key) => [key, job[key]]),
  );
}

let recordedResults: Map<string, unknown> | undefined;

function recordedResult(job: Record<string, unknown>): unknown {
  if (!recordedResults) {
    recordedResults = new Map();
    for (const entry of RECORDED_JOBS) {
      const parsed = JSON.parse(fixtureText('openfigi', entry.file)) as unknown;
      if (Array.isArray(parsed)) recordedResults.set(canonical(entry.job), parsed[entry.index]);
    }
  }
  return recordedResults.get(canonical(job));
}

// ---------------------------------------------------------------------------------------------
// Synthetic FIGIs: "BBG" + 8 characters from digits and consonants + the FIGI check digit.

const FIGI_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXYZ';

/** The FIGI check digit: Luhn over the first 11 characters with letters A=10 … Z=35. */
export function figiCheckDigit(first11: string): number {
  let sum = 0;
  for (let i = 0; i < first11.length; i++) {
    const c = first11.charCodeAt(i);
    let value = c >= 48 && c <= 57 ? c - 48 : c - 55;
    if (i % 2 === 1) value *= 2;
    sum += Math.floor(value / 10) + (value % 10);
  }
  return (10 - (sum % 10)) % 10;
}

function makeFigi(key: string, prefix = 'BBG'): string {
  const rng = mulberry32(hashString(`openfigi|${key}`));
  let body = prefix;
  while (body.length < 11) body += FIGI_ALPHABET[Math.floor(rng() * FIGI_ALPHABET.length)] ?? '0';
  return `${body}${figiCheckDigit(body)}`;
}

/** Bloomberg exchange code → the country composite it rolls up to. */
const COMPOSITES: Readonly<Record<string, string>> = {
  US: 'US',
  UN: 'US',
  UW: 'US',
  UQ: 'US',
  UA: 'US',
  UR: 'US',
  UP: 'US',
  UV: 'US',
  LN: 'LN',
  GY: 'GR',
  GR: 'GR',
  GF: 'GR',
  GD: 'GR',
  JT: 'JP',
  JP: 'JP',
  NZ: 'NZ',
};
const MIC_TO_EXCH: Readonly<Record<string, string>> = {
  XNYS: 'UN',
  XNAS: 'UW',
  ARCX: 'UP',
  XLON: 'LN',
  XETR: 'GY',
  XFRA: 'GF',
  XTKS: 'JT',
  XNZE: 'NZ',
};
const TICKER_ID_TYPES = new Set([
  'TICKER',
  'BASE_TICKER',
  'ID_EXCH_SYMBOL',
  'ID_FULL_EXCHANGE_SYMBOL',
  'TRADEBOOK_TICKER',
]);

function syntheticRecord(job: Record<string, unknown>, idType: string, idValue: string): FigiRecord {
  const str = (key: string): string | undefined => (typeof job[key] === 'string' ? job[key] : undefined);
  let ticker = idValue.toUpperCase();
  if (!TICKER_ID_TYPES.has(idType)) {
    // OpenFIGI never echoes ISIN/CUSIP/SEDOL values, so other identifiers get a made-up ticker.
    const rng = mulberry32(hashString(`openfigi|ticker|${idType}|${idValue}`));
    ticker = Array.from({ length: 4 }, () => String.fromCharCode(65 + Math.floor(rng() * 26))).join('');
  }
  const exchCode = str('exchCode') ?? MIC_TO_EXCH[str('micCode') ?? ''] ?? 'US';
  const composite = COMPOSITES[exchCode] ?? exchCode;
  const compositeFIGI = makeFigi(`composite|${ticker}|${composite}`);
  const title = companyTickers().byTicker.get(ticker)?.title;
  const name = title
    ? title.toUpperCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim()
    : `${ticker} SANDBOX CORP`;
  return {
    figi: exchCode === composite ? compositeFIGI : makeFigi(`listing|${ticker}|${exchCode}`),
    name,
    ticker,
    exchCode,
    compositeFIGI,
    securityType: str('securityType') ?? 'Common Stock',
    marketSector: 'Equity',
    shareClassFIGI: makeFigi(`share-class|${ticker}`, 'BBG001S'),
    securityType2: str('securityType2') ?? 'Common Stock',
    securityDescription: ticker,
  };
}

function mapJob(job: unknown): unknown {
  if (typeof job !== 'object' || job === null || Array.isArray(job))
    return { error: 'Invalid value for idType.' };
  const fields = job as Record<string, unknown>;
  const idType = fields.idType;
  if (typeof idType !== 'string' || !validIdTypes().has(idType))
    return { error: 'Invalid value for idType.' };
  const rawValue = fields.idValue;
  const idValue = typeof rawValue === 'number' ? String(rawValue) : rawValue;
  if (typeof idValue !== 'string' || idValue.trim() === '') return { error: 'Invalid idValue format.' };
  if (fields.exchCode !== undefined && fields.micCode !== undefined) {
    // Documented as mutually exclusive; the exact wording of the real error is unverified.
    return { error: 'Only one of exchCode or micCode may be specified.' };
  }
  if (idValue.toUpperCase().startsWith('NOTFOUND')) return { warning: 'No identifier found.' };
  const recorded = recordedResult(fields);
  if (recorded !== undefined) return recorded;
  const result: MappingResult = { data: [syntheticRecord(fields, idType, idValue)] };
  return result;
}

// ---------------------------------------------------------------------------------------------

function rateHeaders(state: FixedWindowState): Record<string, string> {
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(state.resetSeconds),
    'ratelimit-policy': state.policy,
  };
}

export function handleOpenFigi(request: SandboxRequest, context: OpenFigiContext): SandboxResponse {
  if (request.method === 'GET' && request.path === '/v3/mapping/values/idType') {
    return respond(200, JSON_TYPE, fixtureBytes('openfigi', 'v3_mapping_values_idType.json'));
  }
  if (request.method !== 'POST' || request.path !== '/v3/mapping') {
    return respond(404, 'text/html', fixtureBytes('openfigi', 'v3_invalid_endpoint_404.txt'));
  }
  const apiKey = header(request, 'x-openfigi-apikey');
  if (apiKey !== undefined && /^invalid/i.test(apiKey)) {
    return respond(401, 'text/html', fixtureBytes('openfigi', 'v3_mapping_invalid_apikey_401.txt'));
  }
  const state = context.windows.hit(apiKey);
  const headers = rateHeaders(state);
  if (context.limits && !state.allowed) {
    return respond(429, 'text/plain', 'Too Many Requests', {
      ...headers,
      'retry-after': String(state.resetSeconds),
    });
  }

  let jobs: unknown;
  try {
    jobs = JSON.parse(request.body.toString('utf8'));
  } catch {
    return respond(400, 'text/plain', 'Request body is not valid JSON.', headers);
  }
  if (!Array.isArray(jobs))
    return respond(400, 'text/plain', 'Request body must be a JSON array of mapping jobs.', headers);
  const max = apiKey === undefined ? MAX_JOBS_WITHOUT_KEY : MAX_JOBS_WITH_KEY;
  if (jobs.length > max) {
    return respond(
      413,
      'text/plain',
      `Too many mapping jobs in the request: ${jobs.length} (max ${max}).`,
      headers,
    );
  }
  return respond(200, JSON_TYPE, JSON.stringify(jobs.map(mapJob)), headers);
}
