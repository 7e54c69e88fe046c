// Frankfurter v1 (ECB reference rates): `/latest`, `/{date}`, `/{start}..{end}`, `/{start}..`.
//
// Values are the real ECB history (eurofxref-hist.csv, 1999-01-04..2025-05-09) for the dates it
// covers. After that each currency continues as a deterministic random walk from its last real value,
// on ECB working days only, up to today (UTC). No rate limit: Frankfurter documents none.
import { isEcbWorkingDay, isoDate, parseIsoDate, todayUtcDay } from './calendar.ts';
import { fixtureText } from './fixtures.ts';
import { hashString, mulberry32, normal, roundTo, type Rng } from './prng.ts';
import { respond, type SandboxRequest, type SandboxResponse } from './respond.ts';

const HISTORY_FILE = 'ecb_eurofxref-hist_1999-01-04_to_2025-05-09.csv';
const JSON_TYPE = 'application/json';
const OK_HEADERS = { 'cache-control': 'public, max-age=86400' };
const ERROR_HEADERS = { 'cache-control': 'no-store' };

/** One published day: currencies in alphabetical order (Frankfurter's order), EUR never included. */
interface RateDay {
  readonly day: number;
  readonly date: string;
  readonly rates: readonly (readonly [currency: string, rate: number])[];
}

interface Walker {
  readonly currency: string;
  readonly decimals: number;
  readonly sigma: number;
  readonly drift: number;
  readonly rng: Rng;
  value: number;
}

interface History {
  readonly days: RateDay[];
  readonly currencies: ReadonlySet<string>;
  readonly walkers: Walker[];
  /** Last day number already generated (real or synthetic). */
  generatedThrough: number;
}

let history: History | undefined;

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Daily volatility/drift of the synthetic continuation; pegged currencies barely move. */
function walkShape(currency: string): { sigma: number; drift: number } {
  switch (currency) {
    case 'BGN': // currency board at 1.95583
      return { sigma: 0, drift: 0 };
    case 'DKK': // ERM II, tight band around 7.46038
      return { sigma: 0.0002, drift: 0 };
    case 'TRY': // steady depreciation
      return { sigma: 0.004, drift: 0.0004 };
    default:
      return { sigma: 0.003, drift: 0 };
  }
}

function loadHistory(): History {
  if (history) return history;
  const lines = fixtureText('fx', HISTORY_FILE)
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
  // Every line ends with a trailing comma, so the last field is always empty.
  const header = (lines[0] ?? '')
    .split(',')
    .slice(1)
    .filter((name) => name !== '');
  const days: RateDay[] = [];
  let newestFields: string[] = [];
  for (let i = lines.length - 1; i >= 1; i--) {
    // The CSV is newest first; build ascending.
    const fields = (lines[i] ?? '').split(',');
    const day = parseIsoDate(fields[0] ?? '');
    if (day === undefined) continue;
    const rates: [string, number][] = [];
    header.forEach((currency, index) => {
      const text = fields[index + 1] ?? '';
      if (text !== '' && text !== 'N/A') rates.push([currency, Number(text)]);
    });
    rates.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    days.push({ day, date: isoDate(day), rates });
    newestFields = fields;
  }
  const walkers: Walker[] = [];
  header.forEach((currency, index) => {
    const text = newestFields[index + 1] ?? '';
    if (text === '' || text === 'N/A') return; // discontinued (CYP, HRK, RUB, …): stays discontinued
    walkers.push({
      currency,
      decimals: decimalsOf(text),
      ...walkShape(currency),
      rng: mulberry32(hashString(`fx|${currency}`)),
      value: Number(text),
    });
  });
  walkers.sort((a, b) => (a.currency < b.currency ? -1 : 1));
  const last = days[days.length - 1]?.day ?? 0;
  history = { days, currencies: new Set(header), walkers, generatedThrough: last };
  return history;
}

/** Extend the synthetic tail up to `through`; sequential from the last real day, so deterministic. */
function extendThrough(h: History, through: number): void {
  for (let day = h.generatedThrough + 1; day <= through; day++) {
    if (!isEcbWorkingDay(day)) continue;
    const rates: [string, number][] = [];
    for (const walker of h.walkers) {
      const step = walker.sigma === 0 ? 0 : walker.drift + walker.sigma * normal(walker.rng);
      walker.value = Math.max(
        10 ** -walker.decimals,
        roundTo(walker.value * Math.exp(step), walker.decimals),
      );
      rates.push([walker.currency, walker.value]);
    }
    h.days.push({ day, date: isoDate(day), rates });
  }
  h.generatedThrough = Math.max(h.generatedThrough, through);
}

function publishedDays(): RateDay[] {
  const h = loadHistory();
  extendThrough(h, todayUtcDay());
  return h.days;
}

/** Index of the last published day on or before `day` (-1 when none). */
function lastOnOrBefore(days: readonly RateDay[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid]?.day ?? Infinity) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// ---------------------------------------------------------------------------------------------

function fxError(status: number, message: string): SandboxResponse {
  return respond(status, JSON_TYPE, JSON.stringify({ message }), ERROR_HEADERS);
}

function ratesObject(
  day: RateDay,
  symbols: ReadonlySet<string> | undefined,
): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  let any = false;
  for (const [currency, rate] of day.rates) {
    if (symbols && !symbols.has(currency)) continue;
    out[currency] = rate;
    any = true;
  }
  return any ? out : undefined;
}

/** Frankfurter prints `"amount":1.0`; JSON.stringify would print `1`. */
function withAmount(rest: Record<string, unknown>): string {
  return `{"amount":1.0,${JSON.stringify(rest).slice(1)}`;
}

export function handleFx(request: SandboxRequest): SandboxResponse {
  if (request.method !== 'GET') return fxError(404, 'not found');
  const route = /^\/(latest|\d{4}-\d{2}-\d{2}|[^/.]*\.\.[^/]*)$/.exec(request.path);
  if (!route) {
    // Something date-like but malformed (e.g. /2024-13-01 or /2024-1-1) is a validation error.
    return /^\/[\d-]+(\.\.[\d-]*)?$/.test(request.path)
      ? fxError(422, 'invalid date')
      : fxError(404, 'not found');
  }
  const base = (request.query.get('base') ?? 'EUR').toUpperCase();
  if (base !== 'EUR') {
    // Real Frankfurter rebases on any currency; the sandbox only serves the ECB's EUR base.
    return fxError(422, `base currency ${base} is not supported by the sandbox (EUR only)`);
  }
  const h = loadHistory();
  let symbols: Set<string> | undefined;
  const rawSymbols = request.query.get('symbols');
  if (rawSymbols !== null && rawSymbols.trim() !== '') {
    symbols = new Set(
      rawSymbols
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== ''),
    );
    for (const symbol of symbols)
      if (!h.currencies.has(symbol)) return fxError(422, `invalid currency: ${symbol}`);
  }

  const days = publishedDays();
  const today = todayUtcDay();
  const target = route[1] ?? '';
  if (target === 'latest' || !target.includes('..')) {
    let day = today;
    if (target !== 'latest') {
      const parsed = parseIsoDate(target);
      if (parsed === undefined) return fxError(422, 'invalid date');
      day = Math.min(parsed, today);
    }
    // Weekends and holidays answer with the previous working day's rates.
    const published = days[lastOnOrBefore(days, day)];
    const rates = published ? ratesObject(published, symbols) : undefined;
    if (published && rates) {
      return respond(200, JSON_TYPE, withAmount({ base: 'EUR', date: published.date, rates }), OK_HEADERS);
    }
    return fxError(404, 'not found');
  }

  const [startText = '', endText = ''] = target.split('..');
  const start = parseIsoDate(startText);
  const end = endText === '' ? today : parseIsoDate(endText);
  if (start === undefined || end === undefined) return fxError(422, 'invalid date');
  if (end < start) return fxError(404, 'not found');
  // start_date is the last working day on or before the requested start (per the Frankfurter docs).
  const first = Math.max(0, lastOnOrBefore(days, start));
  const last = lastOnOrBefore(days, Math.min(end, today));
  const series: Record<string, Record<string, number>> = {};
  let startDate: string | undefined;
  let endDate: string | undefined;
  for (let index = first; index <= last; index++) {
    const published = days[index];
    if (!published) continue;
    const rates = ratesObject(published, symbols);
    if (!rates) continue;
    series[published.date] = rates;
    startDate ??= published.date;
    endDate = published.date;
  }
  if (startDate === undefined || endDate === undefined) return fxError(404, 'not found');
  return respond(
    200,
    JSON_TYPE,
    withAmount({ base: 'EUR', start_date: startDate, end_date: endDate, rates: series }),
    OK_HEADERS,
  );
}
