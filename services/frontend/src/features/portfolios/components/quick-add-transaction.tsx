import { useId, useState } from 'react';
import { Link } from 'react-router';
import { usePortfolios } from '../api/portfolios.ts';
import { useCreateTransaction } from '../api/transactions.ts';
import { draftFrom, TransactionForm } from './transaction-form.tsx';

/** "Add transaction" from an instrument page: choose the portfolio; symbol and last close are prefilled. */
export function QuickAddTransaction({
  symbol,
  lastClose,
}: {
  symbol: string;
  lastClose: string | undefined;
}) {
  const portfolios = usePortfolios();
  const [chosen, setChosen] = useState('');
  const id = useId();
  const all = portfolios.data ?? [];
  const target = all.find((p) => p.id === chosen) ?? all[0];
  const create = useCreateTransaction(target?.id ?? '');
  if (portfolios.isPending) return null;
  if (!target) {
    return (
      <p>
        <Link to="/portfolios">Create a portfolio</Link> first to record a transaction.
      </p>
    );
  }
  return (
    <div>
      <div className="field field-inline">
        <label htmlFor={id}>Portfolio</label>
        <select id={id} value={target.id} onChange={(event) => setChosen(event.target.value)}>
          {all.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.baseCurrency})
            </option>
          ))}
        </select>
      </div>
      <TransactionForm
        key={target.id}
        initial={draftFrom({ symbol, type: 'BUY', ...(lastClose ? { price: lastClose } : {}) })}
        submitLabel="Add transaction"
        busy={create.isPending}
        error={create.error}
        onSubmit={(input) => create.mutate(input)}
      />
      {create.isSuccess && (
        <p role="status" className="form-success">
          Recorded in <Link to={`/portfolios/${encodeURIComponent(target.id)}`}>{target.name}</Link>.
        </p>
      )}
    </div>
  );
}
