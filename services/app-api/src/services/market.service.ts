/** Market data from gold, shaped for the API (camelCase; prices and ratios as numbers: market data). */
import type { Kysely } from 'kysely';
import { notFound } from '../http/errors.ts';
import * as market from '../db/market.repository.ts';
import type { GoldDatabase, GoldFundamentalsTable, GoldSnapshotTable } from '../db/schema.ts';
import { countryOfSymbol } from './portfolio/country.ts';
import { Decimal } from './portfolio/decimal.ts';

const num = (value: string | null): number | null => (value === null ? null : Number(value));

export function snapshotDto(s: GoldSnapshotTable) {
  return {
    asOf: s.as_of_dt,
    close: Number(s.close),
    currency: s.currency,
    ret1d: s.ret_1d,
    ret1w: s.ret_1w,
    ret1m: s.ret_1m,
    ret3m: s.ret_3m,
    ret1y: s.ret_1y,
    retYtd: s.ret_ytd,
    vol30d: s.vol_30d,
    high52w: num(s.high_52w),
    low52w: num(s.low_52w),
    maxDrawdown1y: s.max_drawdown_1y,
    beta1y: s.beta_1y,
    dividendTtm: num(s.dividend_ttm),
    dividendYieldTtm: s.dividend_yield_ttm,
    sharesOutstanding: num(s.shares_outstanding),
    marketCap: num(s.market_cap),
    epsTtm: num(s.eps_ttm),
    peTtm: s.pe_ttm,
  };
}

/** Company financials keep gold's exact decimals (they are amounts, not chart points). */
function fundamentalsDto(f: GoldFundamentalsTable) {
  const dec = (value: string | null): string | null =>
    value === null ? null : new Decimal(value).toString();
  return {
    fiscalYear: f.fiscal_year,
    fiscalPeriod: f.fiscal_period,
    periodStart: f.period_start,
    periodEnd: f.period_end,
    form: f.form,
    filed: f.filed,
    currency: f.currency,
    revenue: dec(f.revenue),
    netIncome: dec(f.net_income),
    epsDiluted: dec(f.eps_diluted),
    operatingCashFlow: dec(f.operating_cash_flow),
    totalAssets: dec(f.total_assets),
    totalLiabilities: dec(f.total_liabilities),
    stockholdersEquity: dec(f.stockholders_equity),
    sharesOutstanding: dec(f.shares_outstanding),
  };
}

export class MarketService {
  private readonly gold: Kysely<GoldDatabase>;
  private readonly benchmarkSymbol: string;

  constructor(gold: Kysely<GoldDatabase>, benchmarkSymbol: string) {
    this.gold = gold;
    this.benchmarkSymbol = benchmarkSymbol;
  }

  async search(q: string | undefined, limit: number) {
    const rows =
      q === undefined || q.trim() === ''
        ? await market.listInstruments(this.gold, limit)
        : await market.searchInstruments(this.gold, q.trim(), limit);
    return {
      items: rows.map((r) => ({
        symbol: r.symbol,
        name: r.name,
        exchange: r.exchange,
        currency: r.currency,
        securityType: r.security_type,
        sector: r.sector,
      })),
    };
  }

  async instrument(symbol: string) {
    const i = await market.findInstrument(this.gold, symbol);
    if (!i) throw notFound(`Instrument ${symbol}`);
    const [snapshot] = await market.findSnapshots(this.gold, [symbol]);
    const fundamentals = i.cik === null ? [] : await market.listFundamentals(this.gold, i.cik);
    return {
      symbol: i.symbol,
      name: i.name,
      exchange: i.exchange,
      currency: i.currency,
      securityType: i.security_type,
      sector: i.sector,
      country: countryOfSymbol(i.symbol),
      figi: i.figi,
      compositeFigi: i.composite_figi,
      shareClassFigi: i.share_class_figi,
      cik: i.cik,
      firstDt: i.first_dt,
      lastDt: i.last_dt,
      snapshot: snapshot === undefined ? null : snapshotDto(snapshot),
      fundamentals: fundamentals[0] === undefined ? null : fundamentalsDto(fundamentals[0]),
    };
  }

  async prices(symbol: string, from: string | undefined, to: string | undefined) {
    const i = await market.findInstrument(this.gold, symbol);
    if (!i) throw notFound(`Instrument ${symbol}`);
    const rows = await market.listPrices(this.gold, symbol, from, to);
    return {
      symbol,
      currency: i.currency,
      bars: rows.map((r) => ({
        date: r.dt,
        open: num(r.open),
        high: num(r.high),
        low: num(r.low),
        close: Number(r.close),
        adjClose: Number(r.adj_close),
        volume: num(r.volume),
        ret1d: r.ret_1d,
        sma20: r.sma_20,
        sma50: r.sma_50,
        sma200: r.sma_200,
        vol30d: r.vol_30d,
        drawdown: r.drawdown,
      })),
    };
  }

  async fundamentals(symbol: string) {
    const i = await market.findInstrument(this.gold, symbol);
    if (!i) throw notFound(`Instrument ${symbol}`);
    const rows = i.cik === null ? [] : await market.listFundamentals(this.gold, i.cik);
    return { symbol, cik: i.cik, periods: rows.map(fundamentalsDto) };
  }

  /** Units of each currency per one unit of `base`, on the last day ≤ date (gold.fx_rates is daily). */
  async fx(base: string, date: string | undefined) {
    const { dt, rows } = await market.fxOn(this.gold, date);
    const usd = new Map(rows.map((r) => [r.currency, new Decimal(r.usd_per_unit)]));
    usd.set('USD', new Decimal(1));
    const basePerUsd = usd.get(base);
    if (dt === null || basePerUsd === undefined)
      throw notFound(`FX rates for ${base}${date === undefined ? '' : ` on or before ${date}`}`);
    const rateDates = new Map(rows.map((r) => [r.currency, r.rate_dt]));
    return {
      base,
      date: dt,
      rates: [...usd]
        .filter(([currency]) => currency !== base)
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([currency, usdPerUnit]) => ({
          currency,
          // units of `currency` for one `base`: (USD per base) / (USD per currency)
          rate: basePerUsd.div(usdPerUnit).toDecimalPlaces(10).toNumber(),
          rateDate: rateDates.get(currency) ?? dt,
        })),
    };
  }

  async overview() {
    const snapshots = await market.latestSnapshots(this.gold);
    const movers = snapshots
      .map((s) => ({
        symbol: s.symbol,
        name: s.name,
        currency: s.currency,
        close: Number(s.close),
        ret1d: s.ret_1d ?? 0,
      }))
      .sort((a, b) => b.ret1d - a.ret1d || a.symbol.localeCompare(b.symbol));
    const [benchmark] = await market.findSnapshots(this.gold, [this.benchmarkSymbol]);
    const fx = await this.fx('USD', undefined).catch(() => null);
    const major = new Set(['EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'HKD', 'SEK']);
    return {
      asOf: snapshots[0]?.as_of_dt ?? null,
      gainers: movers.filter((m) => m.ret1d > 0).slice(0, 5),
      losers: movers
        .filter((m) => m.ret1d < 0)
        .reverse()
        .slice(0, 5),
      benchmark: benchmark === undefined ? null : { symbol: benchmark.symbol, ...snapshotDto(benchmark) },
      fx: fx === null ? null : { ...fx, rates: fx.rates.filter((r) => major.has(r.currency)) },
    };
  }
}
