import { describe, expect, it } from 'vitest';
import { xirr } from './xirr.ts';

describe('xirr', () => {
  it("matches the published example of Microsoft's XIRR function documentation (0.373362535)", () => {
    // support.microsoft.com, "XIRR function": −10,000 on 2008-01-01, 2,750 on 2008-03-01, 4,250 on
    // 2008-10-30, 3,250 on 2009-02-15, 2,750 on 2009-04-01 → 0.373362535 (37.34 %).
    const rate = xirr([
      { date: '2008-01-01', amount: -10_000 },
      { date: '2008-03-01', amount: 2_750 },
      { date: '2008-10-30', amount: 4_250 },
      { date: '2009-02-15', amount: 3_250 },
      { date: '2009-04-01', amount: 2_750 },
    ]);
    expect(rate).toBeCloseTo(0.373362535, 8);
  });

  it('is exactly 10 % for 100 that grows to 110 in 365 days, and handles losses', () => {
    expect(
      xirr([
        { date: '2023-01-01', amount: -100 },
        { date: '2024-01-01', amount: 110 },
      ]),
    ).toBeCloseTo(0.1, 10);
    expect(
      xirr([
        { date: '2023-01-01', amount: -100 },
        { date: '2024-01-01', amount: 50 },
      ]),
    ).toBeCloseTo(-0.5, 10);
  });

  it('is null when every flow has the same sign or there are none', () => {
    expect(xirr([])).toBeNull();
    expect(
      xirr([
        { date: '2023-01-01', amount: -100 },
        { date: '2023-06-01', amount: -50 },
      ]),
    ).toBeNull();
  });
});
