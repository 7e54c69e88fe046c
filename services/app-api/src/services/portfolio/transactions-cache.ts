/**
 * A portfolio's transactions, parsed, per revision (app.portfolios.revision, incremented with every
 * change in the same database transaction). A warm holdings or performance request then skips
 * reading and parsing its rows: for 2,000 transactions ~11 ms of a ~35 ms holdings request.
 * Bounded: the least recently used portfolio goes first.
 */
import type { LedgerTransaction } from './ledger.ts';

const MAX_PORTFOLIOS = 256;

export class TransactionsCache {
  private readonly entries = new Map<
    string,
    { readonly revision: string; readonly transactions: Promise<readonly LedgerTransaction[]> }
  >();

  /** The transactions of `revision`, loaded by `load` unless already held. */
  get(
    portfolioId: string,
    revision: string,
    load: () => Promise<readonly LedgerTransaction[]>,
  ): Promise<readonly LedgerTransaction[]> {
    const held = this.entries.get(portfolioId);
    this.entries.delete(portfolioId); // re-inserted below: the Map's order is the recency order
    if (held?.revision === revision) {
      this.entries.set(portfolioId, held);
      return held.transactions;
    }
    const transactions = load();
    const entry = { revision, transactions };
    this.entries.set(portfolioId, entry);
    void transactions.catch(() => {
      if (this.entries.get(portfolioId) === entry) this.entries.delete(portfolioId); // retried next time
    });
    if (this.entries.size > MAX_PORTFOLIOS) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return transactions;
  }
}
