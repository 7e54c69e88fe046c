// Calendars for the sandbox: a fixed trading-day calendar shared by every synthetic exchange, session
// opens converted to UTC with the DST rules of each date (via Intl, so the tz database decides), and
// the ECB/TARGET working-day calendar used to extend the FX history.
//
// Dates are "day numbers": whole days since 1970-01-01 UTC. They are plain integers, so calendars are
// cheap arrays and comparisons need no Date objects.

export const DAY_MS = 86_400_000;

export interface Ymd {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export function dayFromYmd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function ymdFromDay(dayNumber: number): Ymd {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Strict YYYY-MM-DD that must name a real calendar date (2023-02-30 is rejected). */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = dayFromYmd(year, month, day);
  const back = ymdFromDay(dayNumber);
  if (back.year !== year || back.month !== month || back.day !== day) return undefined;
  return dayNumber;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** "Today" in UTC. Only ever used to cap ranges, never as a seed. */
export function todayUtcDay(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Trading days: every weekday except 1 January and 25 December, the same for all exchanges. Real
// exchange holiday calendars differ; a single fixed rule keeps synthetic history reproducible and is
// enough for pipelines that must not assume a particular holiday set.

export function isTradingDay(dayNumber: number): boolean {
  const dow = weekday(dayNumber);
  if (dow === 0 || dow === 6) return false;
  const { month, day } = ymdFromDay(dayNumber);
  return !((month === 1 && day === 1) || (month === 12 && day === 25));
}

/** The fixed calendar origin: synthetic walks start here so overlapping windows always agree. */
export const CALENDAR_START_DAY = dayFromYmd(1990, 1, 1);

const tradingDays: number[] = [];

/** Trading days from CALENDAR_START_DAY through `lastDay` inclusive (grown lazily, shared). */
export function tradingDaysThrough(lastDay: number): readonly number[] {
  let next = tradingDays.length === 0 ? CALENDAR_START_DAY : (tradingDays[tradingDays.length - 1] ?? 0) + 1;
  for (; next <= lastDay; next++) if (isTradingDay(next)) tradingDays.push(next);
  return tradingDays;
}

/** Index of the first element >= value in an ascending array (array length when none). */
export function lowerBound(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Time zones. Intl.DateTimeFormat is slow (microseconds per call) so formatters are reused and the
// per-exchange open timestamps are computed once per trading day and cached.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC, in seconds, at the instant `epochSeconds`. */
export function utcOffsetSeconds(timeZone: string, epochSeconds: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochSeconds * 1000))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return Math.round(wallAsUtc / 1000 - epochSeconds);
}

/** UTC epoch seconds of a local wall-clock time (minutes after local midnight) on `dayNumber`. */
export function zonedTimeToEpochSeconds(dayNumber: number, minutesOfDay: number, timeZone: string): number {
  const wallAsUtc = dayNumber * 86_400 + minutesOfDay * 60;
  const firstGuess = utcOffsetSeconds(timeZone, wallAsUtc);
  const candidate = wallAsUtc - firstGuess;
  // A second pass fixes the rare case where the guess instant and the real instant straddle a DST
  // change; sessions never open inside a DST gap, so two passes always converge.
  const offset = utcOffsetSeconds(timeZone, candidate);
  return wallAsUtc - offset;
}

const sessionOpenCache = new Map<string, number[]>();

/**
 * Epoch seconds of the regular-session open for each trading day (aligned with tradingDaysThrough),
 * e.g. New York 09:30 → 14:30Z in winter and 13:30Z in summer.
 */
export function sessionOpens(timeZone: string, openMinutes: number, lastDay: number): readonly number[] {
  const key = `${timeZone}|${openMinutes}`;
  let opens = sessionOpenCache.get(key);
  if (!opens) {
    opens = [];
    sessionOpenCache.set(key, opens);
  }
  const days = tradingDaysThrough(lastDay);
  // Offsets change at most twice a year and never twice within a month in these zones, so ask Intl
  // for the first and last day of each month, and binary-search the change inside the few months
  // where they differ.
  const wall = (k: number): number => (days[k] ?? 0) * 86_400 + openMinutes * 60;
  const offsetAt = (k: number): number =>
    wall(k) - zonedTimeToEpochSeconds(days[k] ?? 0, openMinutes, timeZone);
  let i = opens.length;
  while (i < days.length) {
    const month = ymdFromDay(days[i] ?? 0).month;
    let j = i;
    while (j + 1 < days.length && ymdFromDay(days[j + 1] ?? 0).month === month) j++;
    const firstOffset = offsetAt(i);
    const lastOffset = offsetAt(j);
    let change = j + 1; // first index that uses lastOffset
    if (firstOffset !== lastOffset) {
      let lo = i + 1;
      let hi = j;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (offsetAt(mid) === lastOffset) hi = mid;
        else lo = mid + 1;
      }
      change = lo;
    }
    for (let k = i; k <= j; k++) opens.push(wall(k) - (k < change ? firstOffset : lastOffset));
    i = j + 1;
  }
  return opens;
}

// ---------------------------------------------------------------------------------------------
// ECB working days: the ECB publishes reference rates on TARGET2 business days only, i.e. not on
// weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December.

/** Gregorian Easter Sunday (anonymous/Meeus algorithm) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromYmd(year, month, day);
}

export function isEcbWorkingDay(dayNumber: number): boolean {
  const dow = weekday(dayNumber);
  if (dow === 0 || dow === 6) return false;
  const { year, month, day } = ymdFromDay(dayNumber);
  if (month === 1 && day === 1) return false;
  if (month === 5 && day === 1) return false;
  if (month === 12 && (day === 25 || day === 26)) return false;
  const easter = easterSunday(year);
  return dayNumber !== easter - 2 && dayNumber !== easter + 1;
}
