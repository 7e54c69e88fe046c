// Calendar arithmetic on YYYY-MM-DD strings in UTC (dates are trading days, not instants).

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function todayIso(): string {
  return isoDate(new Date());
}

export const RANGES = ['1M', '3M', '6M', 'YTD', '1Y', '5Y', 'MAX'] as const;
export type RangeKey = (typeof RANGES)[number];

/** The first date of a range ending at `end` (YYYY-MM-DD); undefined for MAX (all history). */
export function rangeStart(range: RangeKey, end: string): string | undefined {
  const [y, m, d] = end.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const at = (years: number, months: number) => isoDate(new Date(Date.UTC(y - years, m - 1 - months, d)));
  switch (range) {
    case '1M':
      return at(0, 1);
    case '3M':
      return at(0, 3);
    case '6M':
      return at(0, 6);
    case 'YTD':
      return `${y}-01-01`;
    case '1Y':
      return at(1, 0);
    case '5Y':
      return at(5, 0);
    case 'MAX':
      return undefined;
  }
}
