// The portfolio's transactions: a table with edit and delete per row, a form to add one, CSV import and export.
import { useState } from 'react';
import { EmptyState, QueryView } from '../../../components/ui/states.tsx';
import { useApiClient } from '../../../lib/api-context.tsx';
import { describeError } from '../../../lib/api-error.ts';
import { saveBlob } from '../../../lib/download.ts';
import { formatDate, formatMoney, formatQuantity } from '../../../lib/format.ts';
import {
  exportTransactions,
  useCreateTransaction,
  useDeleteTransaction,
  useTransactions,
  useUpdateTransaction,
} from '../api/transactions.ts';
import type { Transaction } from '../api/types.ts';
import { CsvImport } from './csv-import.tsx';
import { draftFrom, TransactionForm } from './transaction-form.tsx';

function amountText(tx: Transaction, baseCurrency: string): string {
  if (tx.amount) return formatMoney(tx.amount, tx.currency ?? baseCurrency);
  return '—';
}

function TransactionRow({
  tx,
  portfolioId,
  baseCurrency,
}: {
  tx: Transaction;
  portfolioId: string;
  baseCurrency: string;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const update = useUpdateTransaction(portfolioId);
  const remove = useDeleteTransaction(portfolioId);
  const label = `${tx.type} ${tx.symbol ?? ''} on ${tx.date}`.replace(/\s+/g, ' ');
  if (mode === 'edit') {
    return (
      <tr>
        <td colSpan={8}>
          <TransactionForm
            initial={draftFrom(tx)}
            submitLabel="Save changes"
            busy={update.isPending}
            error={update.error}
            onCancel={() => setMode('view')}
            onSubmit={(input) => update.mutate({ id: tx.id, input }, { onSuccess: () => setMode('view') })}
          />
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td className="nowrap">{formatDate(tx.date)}</td>
      <td>{tx.type}</td>
      <td>{tx.symbol ?? '—'}</td>
      <td className="num">{tx.quantity ? formatQuantity(tx.quantity) : '—'}</td>
      <td className="num">{tx.price ? formatQuantity(tx.price) : '—'}</td>
      <td className="num">{tx.fee ? formatQuantity(tx.fee) : '—'}</td>
      <td className="num">{amountText(tx, baseCurrency)}</td>
      <td className="row-actions">
        {mode === 'confirm-delete' ? (
          <>
            <button
              type="button"
              className="button button-small button-danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate(tx.id)}
              aria-label={`Confirm delete of ${label}`}
            >
              Delete
            </button>
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setMode('view')}
            >
              Keep
            </button>
            {remove.isError && <span role="alert">{describeError(remove.error)}</span>}
          </>
        ) : (
          <>
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setMode('edit')}
              aria-label={`Edit ${label}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setMode('confirm-delete')}
              aria-label={`Delete ${label}`}
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

export function TransactionsPanel({
  portfolioId,
  baseCurrency,
}: {
  portfolioId: string;
  baseCurrency: string;
}) {
  const transactions = useTransactions(portfolioId);
  const create = useCreateTransaction(portfolioId);
  const client = useApiClient();
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [added, setAdded] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);

  async function download() {
    setExportError(null);
    try {
      const { blob, filename } = await exportTransactions(client, portfolioId);
      saveBlob(blob, filename ?? `transactions-${portfolioId}.csv`);
    } catch (error) {
      setExportError(`Export failed: ${describeError(error)}`);
    }
  }

  return (
    <div className="transactions-panel">
      <div className="toolbar">
        <button
          type="button"
          className="button button-primary"
          aria-expanded={adding}
          onClick={() => setAdding((open) => !open)}
        >
          {adding ? 'Close the form' : 'Add transaction'}
        </button>
        <button type="button" className="button" onClick={() => void download()}>
          Export CSV
        </button>
        {exportError && (
          <span role="alert" className="form-error">
            {exportError}
          </span>
        )}
      </div>
      {adding && (
        <div className="card">
          <h3>New transaction</h3>
          <TransactionForm
            key={formKey}
            initial={draftFrom()}
            submitLabel="Add transaction"
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) =>
              create.mutate(input, {
                onSuccess: () => {
                  // A fresh form for the next entry; the count keeps the confirmation visible.
                  setFormKey((key) => key + 1);
                  setAdded((count) => count + 1);
                },
              })
            }
          />
          {added > 0 && !create.isError && (
            <p role="status" className="form-success">
              Transaction added.{added > 1 ? ` (${added} this time)` : ''}
            </p>
          )}
        </div>
      )}
      <details className="card">
        <summary>Import transactions from CSV</summary>
        <CsvImport portfolioId={portfolioId} />
      </details>
      <QueryView query={transactions} what="the transactions">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="No transactions yet">
              <p>Add one above or import a CSV file.</p>
            </EmptyState>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">Transactions</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Type</th>
                    <th scope="col">Symbol</th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col" className="num">
                      Fee
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows]
                    .sort((a, b) => b.date.localeCompare(a.date))
                    .map((tx) => (
                      <TransactionRow
                        key={tx.id}
                        tx={tx}
                        portfolioId={portfolioId}
                        baseCurrency={baseCurrency}
                      />
                    ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}
