import { Link } from 'react-router';
import { Change } from '../../../components/ui/change.tsx';
import { EmptyState } from '../../../components/ui/states.tsx';
import { formatMoney } from '../../../lib/format.ts';
import type { PortfolioCard } from '../api/dashboard.ts';

export function PortfolioCards({ portfolios }: { portfolios: readonly PortfolioCard[] }) {
  if (portfolios.length === 0) {
    return (
      <EmptyState title="No portfolios yet">
        <p>
          <Link to="/portfolios" className="button button-primary">
            Create a portfolio
          </Link>
        </p>
      </EmptyState>
    );
  }
  return (
    <ul className="card-grid">
      {portfolios.map((portfolio) => (
        <li key={portfolio.id} className="card portfolio-card">
          <h3>
            <Link to={`/portfolios/${encodeURIComponent(portfolio.id)}`}>{portfolio.name}</Link>
          </h3>
          <p className="big-number">{formatMoney(portfolio.value, portfolio.baseCurrency)}</p>
          <dl className="inline-stats">
            <div>
              <dt>Today</dt>
              <dd>
                <Change
                  amount={portfolio.dayChange}
                  ratio={portfolio.dayChangePct}
                  currency={portfolio.baseCurrency}
                />
              </dd>
            </div>
            <div>
              <dt>Total return</dt>
              <dd>
                <Change ratio={portfolio.totalReturn} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
