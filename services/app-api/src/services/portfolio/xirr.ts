/**
 * Money-weighted return: the annual rate r with Σ amountᵢ · (1 + r)^(−daysᵢ/365) = 0, days counted
 * Act/365 from the first flow (Excel's XIRR convention). Solved by bisection inside a bracket where
 * the sum changes sign: slower than Newton but it cannot diverge or jump to a far root. Doubles are
 * enough here: the result is a rate reported as a JSON number, and the flows are exact decimals
 * converted once. Returns null when no rate exists (all flows of one sign) or none is bracketed.
 */
import { daysBetween } from './dates.ts';

export interface DatedAmount {
  readonly date: string;
  /** investor's view: money paid in < 0, money received (and the final value) > 0 */
  readonly amount: number;
}

// Short windows annualise into huge rates (20 % in 3 days is ~1e10 a year): the grid reaches far.
const GRID = [
  -0.999999, -0.9999, -0.99, -0.9, -0.5, -0.25, -0.1, 0, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1e3, 1e6, 1e9,
  1e12, 1e15,
];

export function xirr(flows: readonly DatedAmount[]): number | null {
  const nonZero = flows.filter((f) => f.amount !== 0);
  if (!nonZero.some((f) => f.amount > 0) || !nonZero.some((f) => f.amount < 0)) return null;
  const first = nonZero.reduce((min, f) => (f.date < min ? f.date : min), nonZero[0]?.date ?? '');
  const terms = nonZero.map((f) => ({ years: daysBetween(first, f.date) / 365, amount: f.amount }));
  const npv = (rate: number): number =>
    terms.reduce((sum, t) => sum + t.amount * Math.pow(1 + rate, -t.years), 0);

  // Of all sign changes on the grid, take the bracket closest to 0 (the economically sensible root).
  let best: [number, number] | undefined;
  for (let i = 0; i + 1 < GRID.length; i += 1) {
    const lo = GRID[i] ?? 0;
    const hi = GRID[i + 1] ?? 0;
    const fLo = npv(lo);
    const fHi = npv(hi);
    if (!Number.isFinite(fLo) || !Number.isFinite(fHi)) continue;
    if (fLo === 0) return lo;
    if (Math.sign(fLo) !== Math.sign(fHi)) {
      const distance = Math.min(Math.abs(lo), Math.abs(hi));
      if (best === undefined || distance < Math.min(Math.abs(best[0]), Math.abs(best[1]))) best = [lo, hi];
    }
  }
  if (best === undefined) return null;
  let [lo, hi] = best;
  let fLo = npv(lo);
  for (let i = 0; i < 400 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i += 1) {
    const mid = (lo + hi) / 2;
    const fMid = npv(mid);
    if (fMid === 0) return mid;
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}
