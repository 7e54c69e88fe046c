// Add or edit one transaction. Fields follow the transaction's type (api-contract.md): trades need
// symbol, quantity, price (in the instrument's currency) and an optional fee; dividends a symbol and an
// amount; cash movements an amount and an optional currency. Numbers stay decimal strings.
import { useId, useState, type SubmitEvent } from 'react';
import { ApiError, describeError } from '../../../lib/api-error.ts';
import { todayIso } from '../../../lib/dates.ts';
import { isDecimalString } from '../../../lib/decimal.ts';
import { InstrumentSearch } from '../../instruments/components/instrument-search.tsx';
import {
  TRANSACTION_TYPES,
  type Transaction,
  type TransactionInput,
  type TransactionType,
} from '../api/types.ts';

export interface TransactionDraft {
  type: TransactionType;
  date: string;
  symbol: string;
  quantity: string;
  price: string;
  fee: string;
  amount: string;
  currency: string;
}

export function draftFrom(transaction?: Partial<Transaction>): TransactionDraft {
  return {
    type: transaction?.type ?? 'BUY',
    date: transaction?.date ?? todayIso(),
    symbol: transaction?.symbol ?? '',
    quantity: transaction?.quantity ?? '',
    price: transaction?.price ?? '',
    fee: transaction?.fee ?? '',
    amount: transaction?.amount ?? '',
    currency: transaction?.currency ?? '',
  };
}

const POSITIVE = (value: string) =>
  isDecimalString(value) && !value.trim().startsWith('-') && Number(value) !== 0;

/** The request body for a draft, or the list of what is wrong with it. */
export function toInput(draft: TransactionDraft): { input: TransactionInput } | { problems: string[] } {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(/^\d{4}-\d{2}-\d{2}$/.test(draft.date), 'Date must be a date (YYYY-MM-DD).');
  const symbol = draft.symbol.trim().toUpperCase();
  switch (draft.type) {
    case 'BUY':
    case 'SELL':
      need(symbol !== '', 'Symbol is required for a trade.');
      need(POSITIVE(draft.quantity), 'Quantity must be a positive number such as 10 or 2.5.');
      need(
        isDecimalString(draft.price) && !draft.price.startsWith('-'),
        'Price must be a number such as 189.95.',
      );
      need(
        draft.fee.trim() === '' || (isDecimalString(draft.fee) && !draft.fee.startsWith('-')),
        'Fee must be empty or a number such as 1.00.',
      );
      if (problems.length > 0) return { problems };
      return {
        input: {
          type: draft.type,
          date: draft.date,
          symbol,
          quantity: draft.quantity.trim(),
          price: draft.price.trim(),
          ...(draft.fee.trim() === '' ? {} : { fee: draft.fee.trim() }),
        },
      };
    case 'DIVIDEND':
      need(symbol !== '', 'Symbol is required for a dividend.');
      need(POSITIVE(draft.amount), 'Amount must be a positive number.');
      if (problems.length > 0) return { problems };
      return { input: { type: 'DIVIDEND', date: draft.date, symbol, amount: draft.amount.trim() } };
    case 'DEPOSIT':
    case 'WITHDRAWAL':
    case 'FEE':
    case 'INTEREST': {
      need(POSITIVE(draft.amount), 'Amount must be a positive number.');
      const currency = draft.currency.trim().toUpperCase();
      need(
        currency === '' || /^[A-Z]{3}$/.test(currency),
        'Currency must be a three-letter code such as EUR, or empty for the base currency.',
      );
      if (problems.length > 0) return { problems };
      return {
        input: {
          type: draft.type,
          date: draft.date,
          amount: draft.amount.trim(),
          ...(currency ? { currency } : {}),
        },
      };
    }
  }
}

const TYPE_LABEL: Record<TransactionType, string> = {
  BUY: 'Buy',
  SELL: 'Sell',
  DIVIDEND: 'Dividend',
  DEPOSIT: 'Deposit',
  WITHDRAWAL: 'Withdrawal',
  FEE: 'Fee',
  INTEREST: 'Interest',
};

export function TransactionForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  busy,
  error,
}: {
  initial: TransactionDraft;
  submitLabel: string;
  onSubmit: (input: TransactionInput) => void;
  onCancel?: () => void;
  busy: boolean;
  error: unknown;
}) {
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const id = useId();
  const set = (field: keyof TransactionDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const isTrade = draft.type === 'BUY' || draft.type === 'SELL';
  const hasSymbol = isTrade || draft.type === 'DIVIDEND';

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toInput(draft);
    if ('problems' in result) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    onSubmit(result.input);
  }

  const field = (name: keyof TransactionDraft, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        inputMode="decimal"
        value={draft[name]}
        onChange={(event) => set(name)(event.target.value)}
        {...(hint ? { placeholder: hint } : {})}
      />
    </div>
  );

  const apiProblem = error
    ? error instanceof ApiError && error.details.length > 0
      ? `${error.message} ${error.details.map((d) => (typeof d === 'object' && d !== null && 'message' in d ? String(d.message) : '')).join(' ')}`
      : describeError(error)
    : null;

  return (
    <form className="transaction-form" onSubmit={submit} noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={draft.type} onChange={(event) => set('type')(event.target.value)}>
            {TRANSACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABEL[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            type="date"
            value={draft.date}
            onChange={(event) => set('date')(event.target.value)}
            required
          />
        </div>
        {hasSymbol && (
          <InstrumentSearch
            id={`${id}-symbol`}
            label="Symbol"
            value={draft.symbol}
            onChange={set('symbol')}
            required
          />
        )}
        {isTrade && field('quantity', 'Quantity', '10')}
        {isTrade && field('price', 'Price (instrument currency)', '189.95')}
        {isTrade && field('fee', 'Fee (optional)', '0.00')}
        {!isTrade && field('amount', 'Amount', '100.00')}
        {!hasSymbol && field('currency', 'Currency (optional)', 'EUR')}
      </div>
      {(problems.length > 0 || apiProblem) && (
        <div className="form-error" role="alert">
          {problems.length > 0 ? (
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : (
            <p>{apiProblem}</p>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
