/**
 * The end-of-day value of a portfolio for consecutive calendar days, incrementally: per position it
 * keeps the quantity in today's share units (Q = quantity × later split factor, which only changes
 * when a transaction changes the quantity) and a cursor into the symbol's closes, and updates the
 * per-currency sums only by what changed. Amounts are fixed-point BigInt (fixed.ts): Q × close and
 * their sums are exact; the conversion to the base currency divides once per day:
 *   V_t = Σ_c L_c,t × usd_c,t / usd_base,t          (L_c: positions + cash in currency c)
 *   currency effect_t = Σ_{c ≠ base} L_c,t−1 × (usd_c,t / usd_base,t − usd_c,t−1 / usd_base,t−1)
 * the second as one fraction per day, rounded once.
 */
import type { Decimal } from './decimal.ts';
import { FX_SCALE, QUANTITY_SCALE, VALUE_SCALE, divRound, fromDecimal, pow10 } from './fixed.ts';
import { toEpochDay } from './dates.ts';
import type { Ledger, Position } from './ledger.ts';
import { missingFx, type MarketData } from './market-data.ts';

interface Tracked {
  readonly position: Position;
  readonly currency: Currency;
  quantityRef: Decimal | undefined;
  lastPriceRef: Decimal | undefined;
  /** quantity in today's share units × 10^QUANTITY_SCALE */
  todayUnits: bigint;
  readonly days: Int32Array;
  readonly closes: readonly bigint[];
  /** index of the last close on or before the current day (−1: none yet) */
  cursor: number;
  /** this position's part of its currency's local value × 10^VALUE_SCALE */
  contribution: bigint;
}

interface Currency {
  readonly code: string;
  /** positions' local value × 10^VALUE_SCALE, kept up to date by deltas */
  positions: bigint;
  cashRef: Decimal | undefined;
  cash: bigint;
  /** USD per unit × 10^FX_SCALE on the current and the previous day (0n: not needed that day) */
  usd: bigint;
  previousUsd: bigint;
  /** positions + cash at the end of the previous day */
  previousTotal: bigint;
  fx: { readonly days: Int32Array; readonly rates: readonly bigint[]; cursor: number } | undefined;
}

const ONE_USD = pow10(FX_SCALE);

export class DailyValuer {
  private readonly market: MarketData;
  private readonly tracked: Tracked[] = [];
  private readonly trackedSymbols = new Set<string>();
  private readonly currencies: Currency[] = [];
  private readonly currencyIds = new Map<string, number>();
  private readonly base: Currency;
  private previousBaseUsd = 0n;
  private previousValue = 0n;
  private first = true;

  constructor(baseCurrency: string, market: MarketData) {
    this.market = market;
    this.base = this.currency(baseCurrency);
  }

  /**
   * Base-currency value of the ledger at the end of `date` and the day's currency effect, both
   * × 10^VALUE_SCALE. Days must be passed in increasing order.
   */
  valueOn(date: string, ledger: Ledger): { value: bigint; currencyEffect: bigint } {
    const today = toEpochDay(date);
    if (ledger.positions.size !== this.tracked.length) this.track(ledger, date);
    let changed = this.first;
    for (const t of this.tracked) if (this.revalue(t, date, today)) changed = true;
    for (const [code, amount] of ledger.cash) {
      const c = this.currency(code);
      if (c.cashRef !== amount) {
        c.cashRef = amount;
        c.cash = fromDecimal(amount, VALUE_SCALE);
        changed = true;
      }
    }
    // Weekends and holidays: no close moved, nothing traded, and gold's calendar-filled FX repeats
    // the last rates, so the value is yesterday's and there is no currency effect.
    if (!changed && this.ratesUnchanged(date, today))
      return { value: this.previousValue, currencyEffect: 0n };

    const baseUsd = this.usdPerUnit(this.base, date, today);
    let numerator = 0n;
    let effect = 0n;
    for (const c of this.currencies) {
      const total = c.positions + c.cash;
      const needed = total !== 0n || (c.previousTotal !== 0n && !this.first);
      c.usd = !needed ? 0n : c === this.base ? baseUsd : this.usdPerUnit(c, date, today);
      numerator += total * c.usd;
      // L × (u_t / b_t − u_{t−1} / b_{t−1}) = L × (u_t·b_{t−1} − u_{t−1}·b_t) / (b_t·b_{t−1})
      if (!this.first && c !== this.base && c.previousTotal !== 0n)
        effect += c.previousTotal * (c.usd * this.previousBaseUsd - c.previousUsd * baseUsd);
      c.previousTotal = total;
      c.previousUsd = c.usd;
    }
    const value = divRound(numerator, baseUsd);
    const currencyEffect = effect === 0n ? 0n : divRound(effect, baseUsd * this.previousBaseUsd);
    this.previousBaseUsd = baseUsd;
    this.previousValue = value;
    this.first = false;
    return { value, currencyEffect };
  }

  private ratesUnchanged(date: string, today: number): boolean {
    if (this.usdPerUnit(this.base, date, today) !== this.previousBaseUsd) return false;
    for (const c of this.currencies) {
      if (c.previousTotal !== 0n && c !== this.base && this.usdPerUnit(c, date, today) !== c.previousUsd)
        return false;
    }
    return true;
  }

  /** Starts following the positions the ledger opened since the last day (positions are never removed). */
  private track(ledger: Ledger, date: string): void {
    for (const position of ledger.positions.values()) {
      if (this.trackedSymbols.has(position.symbol)) continue;
      this.trackedSymbols.add(position.symbol);
      const series = this.market.priceSeries(position.symbol);
      this.tracked.push({
        position,
        currency: this.currency(position.currency),
        quantityRef: undefined,
        lastPriceRef: undefined,
        todayUnits: 0n,
        days: series?.epochDays() ?? new Int32Array(0),
        closes: series?.scaled() ?? [],
        cursor: series?.indexOnOrBefore(date) ?? -1,
        contribution: 0n,
      });
    }
  }

  /** Brings one position to `today`; true when its contribution changed. */
  private revalue(t: Tracked, date: string, today: number): boolean {
    const { position, days } = t;
    let moved = false;
    while (t.cursor + 1 < days.length && (days[t.cursor + 1] ?? 0) <= today) {
      t.cursor += 1;
      moved = true;
    }
    const quantityChanged = t.quantityRef !== position.quantity;
    if (quantityChanged) {
      t.quantityRef = position.quantity;
      t.todayUnits = position.quantity.isZero()
        ? 0n
        : fromDecimal(
            position.quantity.mul(this.market.splitFactorAfter(position.symbol, date)),
            QUANTITY_SCALE,
          );
    }
    let contribution: bigint;
    const close = t.closes[t.cursor];
    if (close !== undefined) {
      if (!moved && !quantityChanged) return false;
      contribution = t.todayUnits * close;
    } else {
      // No close on or before the day: the last trade price, in the shares held that day.
      if (!quantityChanged && t.lastPriceRef === position.lastPrice) return false;
      t.lastPriceRef = position.lastPrice;
      contribution = position.quantity.isZero()
        ? 0n
        : fromDecimal(position.quantity.mul(position.lastPrice), VALUE_SCALE);
    }
    if (contribution === t.contribution) return false;
    t.currency.positions += contribution - t.contribution;
    t.contribution = contribution;
    return true;
  }

  private currency(code: string): Currency {
    const id = this.currencyIds.get(code);
    const known = id === undefined ? undefined : this.currencies[id];
    if (known !== undefined) return known;
    const c: Currency = {
      code,
      positions: 0n,
      cashRef: undefined,
      cash: 0n,
      usd: 0n,
      previousUsd: 0n,
      previousTotal: 0n,
      fx: undefined,
    };
    this.currencyIds.set(code, this.currencies.length);
    this.currencies.push(c);
    return c;
  }

  /** USD per unit of `c` on `date` × 10^FX_SCALE: the last published rate on or before it. */
  private usdPerUnit(c: Currency, date: string, today: number): bigint {
    if (c.code === 'USD' || this.market.ignoresFx) return ONE_USD;
    if (c.fx === undefined) {
      const series = this.market.fxSeries(c.code);
      if (series === undefined) throw missingFx(c.code, date);
      c.fx = { days: series.epochDays(), rates: series.scaled(), cursor: series.indexOnOrBefore(date) };
    }
    const f = c.fx;
    while (f.cursor + 1 < f.days.length && (f.days[f.cursor + 1] ?? 0) <= today) f.cursor += 1;
    const rate = f.rates[f.cursor];
    if (rate === undefined) throw missingFx(c.code, date);
    return rate;
  }
}
