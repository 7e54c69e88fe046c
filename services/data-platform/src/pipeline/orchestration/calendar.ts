/**
 * Logical dates. A business date is a weekday: exchange holidays differ per market (the universe
 * spans five) and a holiday run is harmless (no new bar; the run repeats the previous gold).
 */
const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isBusinessDate(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Every business date from `from` to `to`, both included, ascending. */
export function businessDates(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isBusinessDate(d)) dates.push(d);
  return dates;
}

/** The latest business date on or before `isoDate`. */
export function latestBusinessDate(isoDate: string): string {
  let d = isoDate;
  while (!isBusinessDate(d)) d = addDays(d, -1);
  return d;
}

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
export function dateIn(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}
