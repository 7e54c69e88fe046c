// Yahoo Finance v8 chart endpoint: `GET /v8/finance/chart/{symbol}?period1&period2&interval=1d&events=…`.
//
// Recorded responses are served verbatim when the window lies inside a recorded range; everything
// else is a deterministic synthetic history with the real API's quirks: bars stamped at the
// regular-session open in UTC (DST-correct per date), float32 noise, split-adjusted OHLC with
// inversely scaled volume, dividend+split-adjusted adjclose, pence quotes on London, whole-row nulls,
// and events keyed by the timestamp string.
import { fixtureBytes, fixtureNames } from '../fixtures.ts';
import { throttled, type ThrottleContext } from '../rate-window.ts';
import { respond, type SandboxRequest, type SandboxResponse } from '../respond.ts';
import { syntheticChart, type WantedEvents } from './chart.ts';
import { profileFor } from './profile.ts';
import { badRequest, CACHE_HEADERS, JSON_TYPE, notFoundSymbol, yahooNotFound } from './responses.ts';

// ---------------------------------------------------------------------------------------------
// Recorded charts: `chart_{SYMBOL}_1d_{from}_to_{to}_….json`, range = [from 00:00Z, to 00:00Z], the
// period1/period2 of the recorded request.

interface RecordedChart {
  readonly file: string;
  readonly fromTs: number;
  readonly toTs: number;
}

let recordedCharts: Map<string, RecordedChart[]> | undefined;

function recorded(): Map<string, RecordedChart[]> {
  if (recordedCharts) return recordedCharts;
  recordedCharts = new Map();
  // Reverse name order: of the two WSU.DE recordings of one range, `…_rec2025` (null row backfilled)
  // is tried before `…_nullrow_rec2023`, as a live fetch today would return the backfilled bars.
  for (const file of fixtureNames('yahoo').reverse()) {
    const match = /^chart_(.+?)_1d_(\d{4})-(\d{2})-(\d{2})_to_(\d{4})-(\d{2})-(\d{2})_.*\.json$/.exec(file);
    if (!match) continue;
    const n = match.slice(2).map(Number);
    const fromTs = Date.UTC(n[0] ?? 0, (n[1] ?? 1) - 1, n[2] ?? 1) / 1000;
    const toTs = Date.UTC(n[3] ?? 0, (n[4] ?? 1) - 1, n[5] ?? 1) / 1000;
    const symbol = match[1] ?? '';
    const list = recordedCharts.get(symbol) ?? [];
    list.push({ file, fromTs, toTs });
    recordedCharts.set(symbol, list);
  }
  return recordedCharts;
}

function parseUnixSeconds(value: string | null): number | undefined {
  if (value === null || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

function wanted(events: string | null): WantedEvents {
  // yahoo-finance2 sends `div|split|earn`, yfinance `div,splits,capitalGains`.
  const kinds = new Set((events ?? '').split(/[|,]/).map((kind) => kind.trim().toLowerCase()));
  return {
    dividends: kinds.has('div') || kinds.has('dividends'),
    splits: kinds.has('split') || kinds.has('splits'),
  };
}

export function handleYahoo(request: SandboxRequest, context: ThrottleContext): SandboxResponse {
  // Yahoo's throttle: plain text, no Retry-After.
  if (throttled(context)) return respond(429, 'text/plain', 'Too Many Requests');
  const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(request.path);
  if (request.method !== 'GET' || !match) return yahooNotFound();
  let symbol: string;
  try {
    symbol = decodeURIComponent(match[1] ?? '')
      .trim()
      .toUpperCase();
  } catch {
    return notFoundSymbol();
  }

  const rawPeriod1 = request.query.get('period1');
  const rawPeriod2 = request.query.get('period2');
  const interval = request.query.get('interval');
  const period1 = parseUnixSeconds(rawPeriod1);
  const period2 = parseUnixSeconds(rawPeriod2);
  if (period1 === undefined)
    return badRequest(`Invalid input - period1=${rawPeriod1 ?? ''} is not a unix timestamp in seconds`);
  if (period2 === undefined)
    return badRequest(`Invalid input - period2=${rawPeriod2 ?? ''} is not a unix timestamp in seconds`);
  if (interval !== '1d') {
    // The real API accepts intraday and weekly intervals too; the sandbox only synthesises daily bars.
    return badRequest(`Invalid input - interval=${interval ?? ''} is not supported. Valid intervals: [1d]`);
  }
  if (period1 > period2) {
    return badRequest(
      `Invalid input - start date cannot be after end date. startDate = ${period1}, endDate = ${period2}`,
    );
  }
  if (symbol === '' || symbol === 'SI' || symbol.startsWith('NOTFOUND')) return notFoundSymbol();

  for (const record of recorded().get(symbol) ?? []) {
    if (period1 >= record.fromTs && period2 <= record.toTs) {
      return respond(200, JSON_TYPE, fixtureBytes('yahoo', record.file), CACHE_HEADERS);
    }
  }

  const profile = profileFor(symbol);
  if (!profile) return notFoundSymbol();
  return syntheticChart(profile, period1, period2, wanted(request.query.get('events')));
}
