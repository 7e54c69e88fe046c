import { useParams } from 'react-router';
import { PageTitle } from '../../components/ui/page-title.tsx';
import { Change } from '../../components/ui/change.tsx';
import { EmptyState, QueryView } from '../../components/ui/states.tsx';
import { useHoldings } from '../../features/portfolios/api/holdings.ts';
import { usePortfolio } from '../../features/portfolios/api/portfolios.ts';
import type { Holdings } from '../../features/portfolios/api/types.ts';
import { AllocationPanel } from '../../features/portfolios/components/allocation-panel.tsx';
import { HoldingsTable } from '../../features/portfolios/components/holdings-table.tsx';
import { PerformancePanel } from '../../features/portfolios/components/performance-panel.tsx';
import { TransactionsPanel } from '../../features/portfolios/components/transactions-panel.tsx';
import { formatDate, formatMoney } from '../../lib/format.ts';

function Totals({ data }: { data: Holdings }) {
  const currency = data.baseCurrency;
  return (
    <dl className="stats-grid">
      <div>
        <dt>Market value</dt>
        <dd className="big-number">{formatMoney(data.totals.marketValueBase, currency)}</dd>
      </div>
      <div>
        <dt>Unrealized P&amp;L</dt>
        <dd>
          <Change amount={data.totals.unrealizedPnlBase} currency={currency} />
        </dd>
      </div>
      <div>
        <dt>Realized P&amp;L</dt>
        <dd>
          <Change amount={data.totals.realizedPnlBase} currency={currency} />
        </dd>
      </div>
      <div>
        <dt>Dividends</dt>
        <dd>{formatMoney(data.totals.dividendsBase, currency)}</dd>
      </div>
      {data.cash.map((cash) => (
        <div key={cash.currency}>
          <dt>Cash {cash.currency}</dt>
          <dd>{formatMoney(cash.amount, cash.currency)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Component() {
  const portfolioId = useParams().portfolioId ?? '';
  const portfolio = usePortfolio(portfolioId);
  const holdings = useHoldings(portfolioId);
  const name = portfolio.data?.name ?? 'Portfolio';
  const baseCurrency = portfolio.data?.baseCurrency ?? holdings.data?.baseCurrency ?? 'EUR';
  return (
    <>
      <PageTitle title={name}>
        {name} <span className="muted title-suffix">{portfolio.data?.baseCurrency}</span>
      </PageTitle>
      <section aria-labelledby="holdings-heading" className="section">
        <h2 id="holdings-heading">Holdings</h2>
        <QueryView query={holdings} what="the holdings">
          {(data) => (
            <>
              <p className="muted">Valued as of {formatDate(data.asOf)}</p>
              <Totals data={data} />
              {data.holdings.length === 0 ? (
                <EmptyState title="No holdings yet">
                  <p>Add a transaction or import a CSV file below.</p>
                </EmptyState>
              ) : (
                <HoldingsTable holdings={data.holdings} baseCurrency={data.baseCurrency} />
              )}
            </>
          )}
        </QueryView>
      </section>
      <div className="two-columns">
        <section aria-labelledby="allocation-heading" className="section card">
          <h2 id="allocation-heading">Allocation</h2>
          <AllocationPanel portfolioId={portfolioId} baseCurrency={baseCurrency} />
        </section>
        <section aria-labelledby="performance-heading" className="section card">
          <h2 id="performance-heading">Performance</h2>
          <PerformancePanel portfolioId={portfolioId} />
        </section>
      </div>
      <section aria-labelledby="transactions-heading" className="section">
        <h2 id="transactions-heading">Transactions</h2>
        <TransactionsPanel portfolioId={portfolioId} baseCurrency={baseCurrency} />
      </section>
    </>
  );
}
