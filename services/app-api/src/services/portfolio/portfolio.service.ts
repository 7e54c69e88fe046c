/**
 * Portfolios, their transactions and their numbers. Every method takes the user id first and
 * scopes by it: another user's portfolio or transaction is a 404, whatever the method.
 */
import type { Kysely, Transaction } from 'kysely';
import { AppError, notFound } from '../../http/errors.ts';
import * as repo from '../../db/portfolios.repository.ts';
import { findInstruments } from '../../db/market.repository.ts';
import type { AppDatabase, GoldDatabase } from '../../db/schema.ts';
import { formatTransactionsCsv, parseTransactionsCsv } from './csv.ts';
import { todayUtc } from './dates.ts';
import { GoldSeriesCache, type GoldVersionSource } from './gold-series-cache.ts';
import { ZERO, money, ratio, type Decimal } from './decimal.ts';
import { computeHoldings, type HoldingsResult } from './holdings.ts';
import { countryOfSymbol } from './country.ts';
import { computePerformance, type PerformanceResult } from './performance.ts';
import { loadMarketData, loadStructure, toLedgerTransactions } from './portfolio-data.ts';
import { replay } from './replay.ts';
import { TransactionsCache } from './transactions-cache.ts';
import type { LedgerTransaction } from './ledger.ts';
import {
  toInputShape,
  toNewTransaction,
  transactionInputSchema,
  type TransactionInput,
  type TransactionPatch,
} from './transaction-input.ts';
import { Decimal as Dec } from './decimal.ts';

export interface PortfolioServiceDeps {
  readonly app: Kysely<AppDatabase>;
  readonly gold: Kysely<GoldDatabase>;
  readonly clock: () => Date;
  readonly benchmarkSymbol: string;
  /** the gold load version: price and FX histories are cached per version */
  readonly goldVersion: GoldVersionSource;
}

export interface PortfolioDto {
  id: string;
  name: string;
  baseCurrency: string;
  createdAt: string;
}

export interface TransactionDto {
  id: string;
  type: repo.TransactionRow['type'];
  date: string;
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  currency: string | null;
  createdAt: string;
}

export type AllocationDimension = 'sector' | 'currency' | 'security_type' | 'country';

export interface AllocationResult {
  by: AllocationDimension;
  baseCurrency: string;
  asOf: string;
  slices: { label: string; valueBase: string; weight: number }[];
}

const toPortfolioDto = (row: {
  id: string;
  name: string;
  baseCurrency: string;
  createdAt: Date;
}): PortfolioDto => ({
  id: row.id,
  name: row.name,
  baseCurrency: row.baseCurrency,
  createdAt: row.createdAt.toISOString(),
});

const normalise = (value: string | null): string | null =>
  value === null ? null : new Dec(value).toString();

export function toTransactionDto(row: repo.TransactionRow): TransactionDto {
  const trade = row.type === 'BUY' || row.type === 'SELL';
  return {
    id: row.id,
    type: row.type,
    date: row.date,
    symbol: row.symbol,
    quantity: normalise(row.quantity),
    price: normalise(row.price),
    fee: trade ? normalise(row.fee) : null,
    amount: normalise(row.amount),
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
  };
}

export class PortfolioService {
  private readonly deps: PortfolioServiceDeps;
  private readonly series: GoldSeriesCache;
  private readonly transactions = new TransactionsCache();

  constructor(deps: PortfolioServiceDeps) {
    this.deps = deps;
    this.series = new GoldSeriesCache(deps.gold, deps.goldVersion);
  }

  async list(userId: string): Promise<PortfolioDto[]> {
    return (await repo.listPortfolios(this.deps.app, userId)).map(toPortfolioDto);
  }

  async create(userId: string, name: string, baseCurrency: string): Promise<PortfolioDto> {
    await this.assertCurrencyKnown(baseCurrency);
    return toPortfolioDto(await repo.insertPortfolio(this.deps.app, userId, name, baseCurrency));
  }

  async get(userId: string, id: string): Promise<PortfolioDto> {
    return toPortfolioDto(await this.owned(userId, id));
  }

  async update(
    userId: string,
    id: string,
    patch: { name?: string | undefined; baseCurrency?: string | undefined },
  ): Promise<PortfolioDto> {
    if (patch.baseCurrency !== undefined) await this.assertCurrencyKnown(patch.baseCurrency);
    const row = await repo.updatePortfolio(
      this.deps.app,
      userId,
      id,
      {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.baseCurrency === undefined ? {} : { baseCurrency: patch.baseCurrency }),
      },
      this.deps.clock(),
    );
    if (!row) throw notFound('Portfolio');
    return toPortfolioDto(row);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await repo.deletePortfolio(this.deps.app, userId, id))) throw notFound('Portfolio');
  }

  // -------------------------------------------------------------------------------------------
  // transactions

  async listTransactions(userId: string, id: string): Promise<TransactionDto[]> {
    await this.owned(userId, id);
    return (await repo.listTransactions(this.deps.app, id)).map(toTransactionDto);
  }

  async addTransaction(userId: string, id: string, input: TransactionInput): Promise<TransactionDto> {
    return this.write(userId, id, async (tx) =>
      toTransactionDto(await repo.insertTransaction(tx, id, toNewTransaction(input))),
    );
  }

  async updateTransaction(
    userId: string,
    id: string,
    txId: string,
    patch: TransactionPatch,
  ): Promise<TransactionDto> {
    return this.write(userId, id, async (tx) => {
      const existing = await repo.findTransaction(tx, id, txId);
      if (!existing) throw notFound('Transaction');
      // null in the patch clears a field; the merge must then be a valid transaction again
      const merged = Object.fromEntries(
        Object.entries({ ...toInputShape(existing), ...patch }).filter(([, value]) => value !== null),
      );
      const parsed = transactionInputSchema.safeParse(merged);
      if (!parsed.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          'The transaction would be invalid after this change; see details',
          {
            details: parsed.error.issues.map((issue) => ({
              path: `body.${issue.path.join('.')}`,
              message: issue.message,
            })),
          },
        );
      }
      const row = await repo.updateTransaction(tx, id, txId, toNewTransaction(parsed.data));
      if (!row) throw notFound('Transaction');
      return toTransactionDto(row);
    });
  }

  async removeTransaction(userId: string, id: string, txId: string): Promise<void> {
    await this.write(userId, id, async (tx) => {
      if (!(await repo.deleteTransaction(tx, id, txId))) throw notFound('Transaction');
    });
  }

  async importCsv(
    userId: string,
    id: string,
    text: string,
  ): Promise<{ imported: number; skipped: number; rows: number }> {
    await this.owned(userId, id);
    const { rows, errors } = parseTransactionsCsv(text);
    if (errors.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The file has ${errors.length} problem${errors.length > 1 ? 's' : ''}; nothing was imported`,
        {
          details: errors.slice(0, 200),
        },
      );
    }
    const symbols = new Set(rows.flatMap((r) => (r.symbol === null ? [] : [r.symbol])));
    const known = new Set((await findInstruments(this.deps.gold, [...symbols])).map((i) => i.symbol));
    const unknown = rows.filter((r) => r.symbol !== null && !known.has(r.symbol));
    if (unknown.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${unknown.length} row(s) name unknown symbols; nothing was imported`,
        {
          details: unknown.slice(0, 200).map((r) => ({
            line: r.line,
            column: 'symbol',
            message: `${r.symbol ?? ''} is not an instrument of the platform`,
          })),
        },
      );
    }
    const imported = await this.write(userId, id, (tx) => repo.insertImported(tx, id, rows));
    return { imported, skipped: rows.length - imported, rows: rows.length };
  }

  async exportCsv(userId: string, id: string): Promise<string> {
    await this.owned(userId, id);
    return formatTransactionsCsv(await repo.listTransactions(this.deps.app, id));
  }

  // -------------------------------------------------------------------------------------------
  // numbers

  async holdings(userId: string, id: string, date: string | undefined): Promise<HoldingsResult> {
    const portfolio = await this.owned(userId, id);
    const asOf = date ?? (await this.valuationDate());
    const transactions = await this.transactionsOf(portfolio);
    const market = await loadMarketData(this.series, {
      transactions,
      baseCurrency: portfolio.baseCurrency,
    });
    return computeHoldings({ baseCurrency: portfolio.baseCurrency, transactions, market, asOf });
  }

  async performance(
    userId: string,
    id: string,
    query: { from?: string | undefined; to?: string | undefined; benchmark?: string | undefined },
  ): Promise<PerformanceResult> {
    const portfolio = await this.owned(userId, id);
    const to = query.to ?? (await this.valuationDate());
    const transactions = await this.transactionsOf(portfolio);
    const from = query.from ?? transactions[0]?.date ?? to;
    if (from > to) {
      throw new AppError('VALIDATION_FAILED', `from (${from}) is after to (${to})`, {
        details: [{ path: 'querystring.from', message: 'must be on or before to' }],
      });
    }
    const benchmark = (query.benchmark ?? this.deps.benchmarkSymbol).toUpperCase();
    const market = await loadMarketData(this.series, {
      transactions,
      baseCurrency: portfolio.baseCurrency,
      extraSymbols: [benchmark],
    });
    return computePerformance({
      baseCurrency: portfolio.baseCurrency,
      transactions,
      market,
      from,
      to,
      benchmark,
    });
  }

  async allocation(
    userId: string,
    id: string,
    by: AllocationDimension,
    date: string | undefined,
  ): Promise<AllocationResult> {
    const holdings = await this.holdings(userId, id, date);
    const instruments = new Map(
      (
        await findInstruments(
          this.deps.gold,
          holdings.holdings.map((h) => h.symbol),
        )
      ).map((i) => [i.symbol, i]),
    );
    const buckets = new Map<string, Decimal>();
    const add = (label: string, value: Decimal): void => {
      buckets.set(label, (buckets.get(label) ?? ZERO).add(value));
    };
    for (const h of holdings.holdings) {
      if (h.quantity === '0') continue;
      const instrument = instruments.get(h.symbol);
      const label =
        by === 'currency'
          ? h.currency
          : by === 'country'
            ? countryOfSymbol(h.symbol)
            : by === 'sector'
              ? (instrument?.sector ?? 'Unknown')
              : (instrument?.security_type ?? 'Unknown');
      add(label, new Dec(h.marketValueBase));
    }
    for (const c of holdings.cash) add(by === 'currency' ? c.currency : 'Cash', new Dec(c.amountBase));
    const total = [...buckets.values()].reduce((a, b) => a.add(b), ZERO);
    return {
      by,
      baseCurrency: holdings.baseCurrency,
      asOf: holdings.asOf,
      slices: [...buckets]
        .sort((a, b) => b[1].cmp(a[1]) || a[0].localeCompare(b[0]))
        .map(([label, value]) => ({
          label,
          valueBase: money(value),
          weight: total.gt(0) ? ratio(value.div(total)) : 0,
        })),
    };
  }

  /** The latest gold trading date (today when gold is empty), known per gold version (no scan). */
  async valuationDate(): Promise<string> {
    return (await this.deps.goldVersion.current()).latestDate ?? todayUtc(this.deps.clock());
  }

  // -------------------------------------------------------------------------------------------

  /** The portfolio's transactions as the calculator takes them, cached per revision. */
  private transactionsOf(portfolio: { id: string; revision: string }): Promise<readonly LedgerTransaction[]> {
    return this.transactions.get(portfolio.id, portfolio.revision, async () =>
      toLedgerTransactions(await repo.listTransactions(this.deps.app, portfolio.id)),
    );
  }

  private async owned(userId: string, id: string) {
    const portfolio = await repo.findPortfolio(this.deps.app, userId, id);
    if (!portfolio) throw notFound('Portfolio');
    return portfolio;
  }

  /**
   * Runs a change to a portfolio's transactions in one database transaction, with the portfolio row
   * locked, then replays all of its transactions: a change that would sell more than is held (now or
   * later, splits included) is rolled back with a 422.
   */
  private async write<T>(
    userId: string,
    id: string,
    change: (tx: Transaction<AppDatabase>) => Promise<T>,
  ): Promise<T> {
    return this.deps.app.transaction().execute(async (tx) => {
      if (!(await repo.lockPortfolio(tx, userId, id))) throw notFound('Portfolio');
      const result = await change(tx);
      await repo.bumpRevision(tx, id);
      const transactions = toLedgerTransactions(await repo.listTransactions(tx, id));
      const structure = await loadStructure(this.series, transactions);
      replay({ baseCurrency: 'XXX', transactions, market: structure, until: '9999-12-31' });
      return result;
    });
  }

  private async assertCurrencyKnown(currency: string): Promise<void> {
    if (currency === 'USD') return;
    const row = await this.deps.gold
      .selectFrom('gold.fx_rates')
      .select('currency')
      .where('currency', '=', currency)
      .limit(1)
      .executeTakeFirst();
    if (!row) {
      throw new AppError(
        'UNPROCESSABLE',
        `${currency} has no FX rates in gold.fx_rates; choose a currency the ECB publishes`,
        {
          details: [{ path: 'body.baseCurrency', message: `no FX rates for ${currency}` }],
        },
      );
    }
  }
}
