import { useId, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../../lib/api-error.ts';
import { useCreatePortfolio } from '../api/portfolios.ts';

export const BASE_CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'NZD',
  'AUD',
  'CAD',
  'SEK',
  'NOK',
  'DKK',
] as const;

export function CreatePortfolioForm() {
  const create = useCreatePortfolio();
  const navigate = useNavigate();
  const id = useId();
  const [name, setName] = useState('');
  const [baseCurrency, setBaseCurrency] = useState<string>('EUR');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === '') {
      setProblem('Give the portfolio a name.');
      return;
    }
    setProblem(null);
    create.mutate(
      { name: name.trim(), baseCurrency },
      { onSuccess: (portfolio) => void navigate(`/portfolios/${encodeURIComponent(portfolio.id)}`) },
    );
  }

  const error = problem ?? (create.isError ? describeError(create.error) : null);
  return (
    <form className="card create-portfolio" onSubmit={submit} noValidate>
      <h2>New portfolio</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-currency`}>Base currency</label>
          <select
            id={`${id}-currency`}
            value={baseCurrency}
            onChange={(event) => setBaseCurrency(event.target.value)}
          >
            {BASE_CURRENCIES.map((currency) => (
              <option key={currency}>{currency}</option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create portfolio'}
      </button>
    </form>
  );
}
