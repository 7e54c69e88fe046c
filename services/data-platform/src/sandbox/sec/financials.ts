// The synthetic filer's numbers: one seeded draw per fiscal quarter, summed into duration totals.
import { normal, roundTo } from '../prng.ts';
import { FIRST_FISCAL_YEAR, rngAt, type FilerProfile } from './filer.ts';

interface QuarterValues {
  readonly revenue: number;
  readonly netIncome: number;
  readonly dilutedShares: number;
  readonly assets: number;
  readonly equity: number;
  readonly sharesOutstanding: number;
}

/** Fiscal quarter k = (fy - FIRST_FISCAL_YEAR) * 4 + (q - 1), seeded per quarter. */
export function quarterValues(profile: FilerProfile, fy: number, q: number): QuarterValues {
  const k = (fy - FIRST_FISCAL_YEAR) * 4 + (q - 1);
  const rng = rngAt(profile, 2, k);
  const unit = profile.roundingUnit;
  const years = k / 4;
  const revenue =
    Math.round(
      (profile.revenueBase *
        (1 + profile.revenueGrowth) ** years *
        (profile.seasonality[q - 1] ?? 1) *
        (1 + 0.05 * normal(rng))) /
        unit,
    ) * unit;
  const netIncome = Math.round((revenue * (profile.margin + 0.04 * normal(rng))) / unit) * unit;
  const dilutedShares = Math.round((profile.sharesBase * (1 + profile.shareGrowth) ** years) / 1000) * 1000;
  const assets = Math.round((revenue * 4 * profile.assetsToRevenue * (1 + 0.02 * normal(rng))) / unit) * unit;
  const equity =
    Math.round((assets * Math.min(0.9, Math.max(0.05, profile.equityRatio + 0.03 * normal(rng)))) / unit) *
    unit;
  const sharesOutstanding = Math.round(dilutedShares * (0.985 + 0.004 * normal(rng)));
  return { revenue, netIncome, dilutedShares, assets, equity, sharesOutstanding };
}

/** Duration totals over fiscal quarters [fromQ..toQ] of fy (EPS from the summed income). */
export function durationTotals(profile: FilerProfile, fy: number, fromQ: number, toQ: number) {
  let revenue = 0;
  let netIncome = 0;
  let shares = 0;
  for (let q = fromQ; q <= toQ; q++) {
    const v = quarterValues(profile, fy, q);
    revenue += v.revenue;
    netIncome += v.netIncome;
    shares += v.dilutedShares;
  }
  const dilutedShares = Math.round(shares / (toQ - fromQ + 1));
  return {
    revenues: revenue,
    netIncome,
    dilutedShares,
    epsDiluted: roundTo(netIncome / dilutedShares, 2),
    epsBasic: roundTo(netIncome / (dilutedShares * 0.985), 2),
  };
}
