/**
 * Hand-worked scenarios (each expected value is derived in the comments, not taken from the code).
 * The same numbers are the worked examples of docs/portfolio-math.md.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { computeHoldings } from './holdings.ts';
import type { LedgerTransaction } from './ledger.ts';
import { MarketData, type FxPoint, type PricePoint } from './market-data.ts';
import { computePerformance } from './performance.ts';
import { addDays } from './dates.ts';

let seq = 0;
function tx(
  type: LedgerTransaction['type'],
  date: string,
  fields: {
    symbol?: string;
    quantity?: string;
    price?: string;
    fee?: string;
    amount?: string;
    currency?: string;
  } = {},
): LedgerTransaction {
  seq += 1;
  return {
    id: `t${seq}`,
    type,
    date,
    symbol: fields.symbol ?? null,
    quantity: fields.quantity === undefined ? null : new Decimal(fields.quantity),
    price: fields.price === undefined ? null : new Decimal(fields.price),
    fee: new Decimal(fields.fee ?? '0'),
    amount: fields.amount === undefined ? null : new Decimal(fields.amount),
    currency: fields.currency ?? null,
  };
}

const bars = (rows: [string, string][]): PricePoint[] =>
  rows.map(([date, close]) => ({ date, close, adjClose: close }));

/** One row per calendar day from `from` to `to`, each rate taken from the last change on or before it. */
function dailyFx(from: string, to: string, changes: [string, string][]): FxPoint[] {
  const out: FxPoint[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const rate = changes.filter(([start]) => start <= d).at(-1)?.[1];
    if (rate !== undefined) out.push({ date: d, usdPerUnit: rate });
  }
  return out;
}

describe('holdings: moving average cost with fees, a 2-for-1 split, a partial sale and a dividend', () => {
  // ACME (USD) splits 2-for-1 on 2024-01-10. Gold's closes are split-adjusted (the close of 01-02 is
  // 50 although the share traded at 100 that day); the user records what they actually paid.
  const market = (eurUsd: [string, string][]) =>
    new MarketData({
      currencies: new Map([['ACME', 'USD']]),
      prices: new Map([
        [
          'ACME',
          bars([
            ['2024-01-02', '50'],
            ['2024-01-05', '55'],
            ['2024-01-09', '56'],
            ['2024-01-10', '57'],
            ['2024-01-15', '60'],
            ['2024-01-19', '62'],
          ]),
        ],
      ]),
      splits: new Map([['ACME', [{ date: '2024-01-10', ratio: new Decimal(2) }]]]),
      fx: new Map([['EUR', dailyFx('2024-01-01', '2024-01-31', eurUsd)]]),
    });
  const transactions = [
    tx('BUY', '2024-01-02', { symbol: 'ACME', quantity: '10', price: '100', fee: '5' }), // cost 1005
    tx('BUY', '2024-01-05', { symbol: 'ACME', quantity: '10', price: '110', fee: '5' }), // cost 1105 → 2110 for 20
    // split: 40 shares, cost 2110, average 52.75
    tx('SELL', '2024-01-15', { symbol: 'ACME', quantity: '10', price: '60', fee: '4' }), // proceeds 596, cost out 2110/4 = 527.5
    tx('DIVIDEND', '2024-01-20', { symbol: 'ACME', amount: '15' }),
  ];

  it('in the instrument currency', () => {
    const result = computeHoldings({
      baseCurrency: 'USD',
      transactions,
      market: market([['2024-01-01', '1.1']]),
      asOf: '2024-01-20',
    });
    expect(result.holdings).toHaveLength(1);
    expect(result.holdings[0]).toMatchObject({
      symbol: 'ACME',
      currency: 'USD',
      quantity: '30', // 10 + 10, ×2 at the split, − 10
      averageCost: '52.75', // (2110 − 527.5) / 30
      costBasis: '1582.50',
      price: '62',
      priceDate: '2024-01-19',
      marketValue: '1860.00', // 30 × 62 (no split after 01-19, so no adjustment)
      unrealizedPnl: '277.50', // 1860 − 1582.5
      realizedPnl: '68.50', // 596 − 527.5
      dividends: '15.00',
      dayChange: '60.00', // 30 × (62 − 60)
      weight: 1,
    });
    expect(result.cash).toEqual([]); // no deposits recorded: cash is not tracked
    expect(result.totals.marketValueBase).toBe('1860.00');
  });

  it('in a base currency with FX at the transaction dates for cost and at the valuation date for value', () => {
    // EURUSD 1.10 until 01-10, 1.20 from 01-11: one USD is 1/1.1 EUR, then 1/1.2 EUR.
    const result = computeHoldings({
      baseCurrency: 'EUR',
      transactions,
      market: market([
        ['2024-01-01', '1.1'],
        ['2024-01-11', '1.2'],
      ]),
      asOf: '2024-01-20',
    });
    const h = result.holdings[0];
    // cost in EUR: 1005/1.1 + 1105/1.1 = 1918.181818…; the sale removes a quarter: 479.545454…
    expect(h?.costBasisBase).toBe('1438.64'); // 1918.181818… × 3/4 = 1438.636363…
    expect(h?.marketValueBase).toBe('1550.00'); // 1860 / 1.2
    expect(h?.unrealizedPnlBase).toBe('111.36'); // 1550 − 1438.636363…
    expect(h?.realizedPnlBase).toBe('17.12'); // 596/1.2 − 479.545454… = 496.666… − 479.545… = 17.1212…
    expect(h?.dividendsBase).toBe('12.50'); // 15 / 1.2
    expect(h?.dayChangeBase).toBe('50.00'); // 60 / 1.2
    expect(result.totals).toMatchObject({
      marketValueBase: '1550.00',
      costBasisBase: '1438.64',
      realizedPnlBase: '17.12',
    });
  });

  it('values a date before the split in the shares held then, with the adjusted close scaled back', () => {
    // On 01-09 the user holds 20 pre-split shares; gold's close 56 is post-split, i.e. 112 per old share.
    const result = computeHoldings({
      baseCurrency: 'USD',
      transactions,
      market: market([['2024-01-01', '1.1']]),
      asOf: '2024-01-09',
    });
    expect(result.holdings[0]).toMatchObject({
      quantity: '20',
      averageCost: '105.5',
      price: '112',
      marketValue: '2240.00',
    });
  });

  it('refuses a sale of more shares than held', () => {
    const oversold = [
      ...transactions,
      tx('SELL', '2024-01-25', { symbol: 'ACME', quantity: '31', price: '60' }),
    ];
    expect(() =>
      computeHoldings({
        baseCurrency: 'USD',
        transactions: oversold,
        market: market([['2024-01-01', '1.1']]),
        asOf: '2024-01-31',
      }),
    ).toThrow(/more ACME than held/);
  });
});

describe('performance without cash records: trades are the external flows', () => {
  const market = new MarketData({
    currencies: new Map([
      ['ACME', 'USD'],
      ['SPY', 'USD'],
    ]),
    prices: new Map([
      [
        'ACME',
        bars([
          ['2024-03-01', '100'],
          ['2024-03-02', '110'],
          ['2024-03-03', '99'],
          ['2024-03-04', '120'],
        ]),
      ],
      [
        'SPY',
        bars([
          ['2024-03-01', '400'],
          ['2024-03-04', '420'],
        ]),
      ],
    ]),
    splits: new Map(),
    fx: new Map(),
  });
  const transactions = [
    tx('BUY', '2024-03-01', { symbol: 'ACME', quantity: '10', price: '100' }),
    tx('BUY', '2024-03-03', { symbol: 'ACME', quantity: '10', price: '99' }),
  ];
  const result = computePerformance({
    baseCurrency: 'USD',
    transactions,
    market,
    from: '2024-03-01',
    to: '2024-03-04',
    benchmark: 'SPY',
  });

  it('links daily returns with inflows at the start of the day', () => {
    // r1 = 1000/(0+1000) − 1 = 0; r2 = 1100/1000 − 1; r3 = 1980/(1100+990) − 1; r4 = 2400/1980 − 1
    // TWR = 1.1 × 1980/2090 × 2400/1980 − 1 = 2640/2090 − 1 = 55/209
    expect(result.twr).toBeCloseTo(55 / 209, 10);
    expect(result.series.map((p) => p.value)).toEqual(['1000.00', '1100.00', '1980.00', '2400.00']);
    expect(result.series.map((p) => p.netFlows)).toEqual(['1000.00', '0.00', '990.00', '0.00']);
    expect(result.series[1]?.twrIndex).toBeCloseTo(1.1, 10);
  });

  it('total return is the gain over the capital put in', () => {
    // gain = 2400 − 0 − 1990 = 410
    expect(result.gain).toBe('410.00');
    expect(result.totalReturn).toBeCloseTo(410 / 1990, 10);
    expect(result.contributions).toEqual({ price: result.totalReturn, income: 0, currency: 0 });
  });

  it('XIRR zeroes the net present value of the flows (Act/365)', () => {
    const r = result.xirr;
    expect(r).not.toBeNull();
    const npv = -1000 - 990 / Math.pow(1 + (r ?? 0), 2 / 365) + 2400 / Math.pow(1 + (r ?? 0), 3 / 365);
    expect(Math.abs(npv)).toBeLessThan(1e-6);
  });

  it('compares with the benchmark over the same dates', () => {
    expect(result.benchmark).toEqual({ symbol: 'SPY', twr: 0.05 }); // 420 / 400 − 1
  });
});

describe('performance with cash in a base currency: deposits are the flows; price, income and currency effects', () => {
  // Base EUR. EURUSD 1.25 until 03-02 (1 USD = 0.8 EUR), then 1.00.
  const market = new MarketData({
    currencies: new Map([['ACME', 'USD']]),
    prices: new Map([
      [
        'ACME',
        bars([
          ['2024-03-01', '100'],
          ['2024-03-02', '110'],
          ['2024-03-03', '99'],
          ['2024-03-04', '120'],
        ]),
      ],
    ]),
    splits: new Map(),
    fx: new Map([
      [
        'EUR',
        dailyFx('2024-02-01', '2024-03-31', [
          ['2024-02-01', '1.25'],
          ['2024-03-03', '1'],
        ]),
      ],
    ]),
  });
  const transactions = [
    tx('DEPOSIT', '2024-03-01', { amount: '1000', currency: 'EUR' }),
    tx('BUY', '2024-03-01', { symbol: 'ACME', quantity: '8', price: '100' }), // −800 USD cash
    tx('DIVIDEND', '2024-03-04', { symbol: 'ACME', amount: '8' }), // +8 USD cash
  ];
  const result = computePerformance({
    baseCurrency: 'EUR',
    transactions,
    market,
    from: '2024-03-01',
    to: '2024-03-04',
    benchmark: 'SPY',
  });

  it('values securities plus cash each day', () => {
    // 03-01: 640 + 1000 − 640 = 1000; 03-02: 704 + 1000 − 640 = 1064; 03-03 (fx 1): 792 + 1000 − 800 = 992;
    // 03-04: 960 + 1000 − 792 = 1168
    expect(result.series.map((p) => p.value)).toEqual(['1000.00', '1064.00', '992.00', '1168.00']);
    expect(result.twr).toBeCloseTo(0.168, 10); // one inflow at the start: the chain telescopes to 1168/1000
    expect(result.totalReturn).toBeCloseTo(0.168, 10);
  });

  it('splits the return into price, income and currency', () => {
    // income: 8 USD at 1.0 = 8 EUR → 0.008; currency: on 03-03 the USD bucket (880 − 800 = 80 USD) gains
    // 80 × (1.0 − 0.8) = 16 EUR → 0.016; price: USD gains 80×0.8 − 88 + 168 = 144 EUR → 0.144.
    expect(result.contributions.income).toBeCloseTo(0.008, 10);
    expect(result.contributions.currency).toBeCloseTo(0.016, 10);
    expect(result.contributions.price).toBeCloseTo(0.144, 10);
    expect(result.benchmark.twr).toBeNull(); // no SPY in this market
  });

  it('reports cash per currency in the holdings', () => {
    const holdings = computeHoldings({ baseCurrency: 'EUR', transactions, market, asOf: '2024-03-04' });
    expect(holdings.cash).toEqual([
      { currency: 'EUR', amount: '1000.00', amountBase: '1000.00' },
      { currency: 'USD', amount: '-792.00', amountBase: '-792.00' },
    ]);
    expect(holdings.totals.totalValueBase).toBe('1168.00');
    expect(holdings.holdings[0]).toMatchObject({
      costBasisBase: '640.00',
      marketValueBase: '960.00',
      unrealizedPnlBase: '320.00',
      unrealizedPnl: '160.00',
    });
  });
});

describe('performance over a window that starts after the first trade', () => {
  it('starts from the value at the end of the day before, which XIRR treats as the initial investment', () => {
    const market = new MarketData({
      currencies: new Map([['ACME', 'USD']]),
      prices: new Map([
        [
          'ACME',
          bars([
            ['2024-03-01', '100'],
            ['2024-03-02', '110'],
            ['2024-03-03', '121'],
          ]),
        ],
      ]),
      splits: new Map(),
      fx: new Map(),
    });
    const result = computePerformance({
      baseCurrency: 'USD',
      transactions: [tx('BUY', '2024-03-01', { symbol: 'ACME', quantity: '1', price: '100' })],
      market,
      from: '2024-03-03',
      to: '2024-03-03',
      benchmark: 'ACME',
    });
    expect(result.startValue).toBe('110.00');
    expect(result.twr).toBeCloseTo(0.1, 10);
    expect(result.totalReturn).toBeCloseTo(0.1, 10);
    expect(result.benchmark.twr).toBeCloseTo(0.1, 10);
  });
});
