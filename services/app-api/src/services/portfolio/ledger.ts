/**
 * Replays a portfolio's transactions (and gold's splits) into positions and cash, with the
 * moving-average cost method: a buy adds `quantity × price + fee` to the cost, a sell removes
 * `averageCost × quantity` from it and realises `proceeds − fee − that cost`. Amounts are kept in the
 * instrument's currency and, converted at each transaction date's FX rate, in the base currency.
 * docs/portfolio-math.md has the formulas and worked examples.
 */
import { AppError } from '../../http/errors.ts';
import type { TransactionType } from '../../db/schema.ts';
import { Decimal, ZERO } from './decimal.ts';

export interface LedgerTransaction {
  readonly id: string;
  readonly type: TransactionType;
  readonly date: string;
  readonly symbol: string | null;
  readonly quantity: Decimal | null;
  readonly price: Decimal | null;
  readonly fee: Decimal;
  readonly amount: Decimal | null;
  readonly currency: string | null;
}

export interface Position {
  readonly symbol: string;
  readonly currency: string;
  quantity: Decimal;
  /** cost basis of the shares held, instrument currency (fees included) */
  cost: Decimal;
  /** the same cost converted at each purchase date's rate */
  costBase: Decimal;
  realized: Decimal;
  realizedBase: Decimal;
  dividends: Decimal;
  dividendsBase: Decimal;
  /** last trade price per share in today's share units, a fallback when gold has no close */
  lastPrice: Decimal;
}

/** What one transaction does to the outside world, in the base currency. */
export interface TransactionEffect {
  /** money the investor put in (> 0) or took out (< 0); 0 for moves inside the portfolio */
  readonly externalFlow: Decimal;
  /** dividends and interest */
  readonly income: Decimal;
}

/** Small quantities left by rounding of fractional splits count as nothing. */
const QUANTITY_EPSILON = new Decimal('1e-9');

export class Ledger {
  readonly positions = new Map<string, Position>();
  readonly cash = new Map<string, Decimal>();
  readonly baseCurrency: string;
  /** true when the user records deposits/withdrawals: cash is then part of the portfolio */
  readonly tracksCash: boolean;
  private readonly currencyOf: (symbol: string) => string;

  constructor(baseCurrency: string, tracksCash: boolean, currencyOf: (symbol: string) => string) {
    this.baseCurrency = baseCurrency;
    this.tracksCash = tracksCash;
    this.currencyOf = currencyOf;
  }

  static tracksCash(transactions: readonly LedgerTransaction[]): boolean {
    return transactions.some((t) => t.type === 'DEPOSIT' || t.type === 'WITHDRAWAL');
  }

  /** A split multiplies the shares held; cost is unchanged, so the average cost divides. */
  applySplit(symbol: string, ratio: Decimal): void {
    const position = this.positions.get(symbol);
    if (!position || position.quantity.isZero()) return;
    position.quantity = position.quantity.mul(ratio);
    position.lastPrice = position.lastPrice.div(ratio);
  }

  /** Applies one transaction; `fx(currency)` converts 1 unit of currency into base on its date. */
  apply(tx: LedgerTransaction, fx: (currency: string) => Decimal): TransactionEffect {
    switch (tx.type) {
      case 'BUY':
        return this.buy(tx, fx);
      case 'SELL':
        return this.sell(tx, fx);
      case 'DIVIDEND': {
        const position = this.position(tx);
        const amount = required(tx.amount, tx, 'amount');
        const base = amount.mul(fx(position.currency));
        position.dividends = position.dividends.add(amount);
        position.dividendsBase = position.dividendsBase.add(base);
        this.addCash(position.currency, amount);
        return { externalFlow: this.tracksCash ? ZERO : base.neg(), income: base };
      }
      case 'DEPOSIT':
      case 'WITHDRAWAL':
      case 'FEE':
      case 'INTEREST': {
        const currency = tx.currency ?? this.baseCurrency;
        const amount = required(tx.amount, tx, 'amount');
        const signed = tx.type === 'DEPOSIT' || tx.type === 'INTEREST' ? amount : amount.neg();
        const base = signed.mul(fx(currency));
        this.addCash(currency, signed);
        if (tx.type === 'DEPOSIT' || tx.type === 'WITHDRAWAL') return { externalFlow: base, income: ZERO };
        const income = tx.type === 'INTEREST' ? base : ZERO;
        // Without cash: interest leaves the portfolio (an outflow), a fee is paid from outside (an inflow).
        return { externalFlow: this.tracksCash ? ZERO : base.neg(), income };
      }
    }
  }

  private buy(tx: LedgerTransaction, fx: (currency: string) => Decimal): TransactionEffect {
    const position = this.position(tx);
    const quantity = required(tx.quantity, tx, 'quantity');
    const price = required(tx.price, tx, 'price');
    const cost = quantity.mul(price).add(tx.fee);
    const costBase = cost.mul(fx(position.currency));
    position.quantity = position.quantity.add(quantity);
    position.cost = position.cost.add(cost);
    position.costBase = position.costBase.add(costBase);
    position.lastPrice = price;
    this.addCash(position.currency, cost.neg());
    return { externalFlow: this.tracksCash ? ZERO : costBase, income: ZERO };
  }

  private sell(tx: LedgerTransaction, fx: (currency: string) => Decimal): TransactionEffect {
    const position = this.position(tx);
    const quantity = required(tx.quantity, tx, 'quantity');
    const price = required(tx.price, tx, 'price');
    if (quantity.sub(position.quantity).gt(QUANTITY_EPSILON)) {
      throw new AppError('UNPROCESSABLE', `A sale of more ${position.symbol} than held on ${tx.date}`, {
        details: [
          {
            path: `transactions.${tx.id}`,
            message: `sells ${quantity.toString()} ${position.symbol} on ${tx.date} but only ${position.quantity.toString()} are held then (splits included); short positions are not supported`,
          },
        ],
      });
    }
    const rate = fx(position.currency);
    const proceeds = quantity.mul(price).sub(tx.fee);
    const closesPosition = position.quantity.sub(quantity).abs().lte(QUANTITY_EPSILON);
    const share = closesPosition ? new Decimal(1) : quantity.div(position.quantity);
    const soldCost = position.cost.mul(share);
    const soldCostBase = position.costBase.mul(share);
    position.realized = position.realized.add(proceeds.sub(soldCost));
    position.realizedBase = position.realizedBase.add(proceeds.mul(rate).sub(soldCostBase));
    position.quantity = closesPosition ? ZERO : position.quantity.sub(quantity);
    position.cost = closesPosition ? ZERO : position.cost.sub(soldCost);
    position.costBase = closesPosition ? ZERO : position.costBase.sub(soldCostBase);
    position.lastPrice = price;
    this.addCash(position.currency, proceeds);
    return { externalFlow: this.tracksCash ? ZERO : proceeds.mul(rate).neg(), income: ZERO };
  }

  private position(tx: LedgerTransaction): Position {
    const symbol = required(tx.symbol, tx, 'symbol');
    let position = this.positions.get(symbol);
    if (!position) {
      position = {
        symbol,
        currency: this.currencyOf(symbol),
        quantity: ZERO,
        cost: ZERO,
        costBase: ZERO,
        realized: ZERO,
        realizedBase: ZERO,
        dividends: ZERO,
        dividendsBase: ZERO,
        lastPrice: ZERO,
      };
      this.positions.set(symbol, position);
    }
    return position;
  }

  private addCash(currency: string, amount: Decimal): void {
    if (!this.tracksCash) return;
    this.cash.set(currency, (this.cash.get(currency) ?? ZERO).add(amount));
  }
}

function required<T>(value: T | null, tx: LedgerTransaction, field: string): T {
  if (value === null) throw new Error(`Transaction ${tx.id} (${tx.type}) has no ${field}`);
  return value;
}
