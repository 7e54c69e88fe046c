import { Link } from 'react-router';
import { PageTitle } from '../../components/ui/page-title.tsx';
import { EmptyState, QueryView } from '../../components/ui/states.tsx';
import { usePortfolios } from '../../features/portfolios/api/portfolios.ts';
import { CreatePortfolioForm } from '../../features/portfolios/components/create-portfolio-form.tsx';
import { formatDate } from '../../lib/format.ts';

export function Component() {
  const portfolios = usePortfolios();
  return (
    <>
      <PageTitle title="Portfolios">Portfolios</PageTitle>
      <div className="two-columns">
        <section aria-labelledby="list-heading" className="section">
          <h2 id="list-heading">Your portfolios</h2>
          <QueryView query={portfolios} what="your portfolios">
            {(list) =>
              list.length === 0 ? (
                <EmptyState title="No portfolios yet">
                  <p>Create your first one with the form.</p>
                </EmptyState>
              ) : (
                <ul className="link-list">
                  {list.map((portfolio) => (
                    <li key={portfolio.id} className="card">
                      <Link to={`/portfolios/${encodeURIComponent(portfolio.id)}`}>{portfolio.name}</Link>
                      <span className="muted">
                        {portfolio.baseCurrency}
                        {portfolio.createdAt ? ` · created ${formatDate(portfolio.createdAt)}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </section>
        <section aria-label="Create a portfolio" className="section">
          <CreatePortfolioForm />
        </section>
      </div>
    </>
  );
}
