import { Link } from 'react-router';
import { PageTitle } from '../../components/ui/page-title.tsx';
import { EmptyState, QueryView } from '../../components/ui/states.tsx';
import { useDashboard } from '../../features/dashboard/api/dashboard.ts';
import { FxStrip } from '../../features/dashboard/components/fx-strip.tsx';
import { Movers } from '../../features/dashboard/components/movers.tsx';
import { PortfolioCards } from '../../features/dashboard/components/portfolio-cards.tsx';
import { ValueChart } from '../../features/dashboard/components/value-chart.tsx';
import { WatchlistTable } from '../../features/watchlists/components/watchlist-rows.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';

export function Component() {
  const dashboard = useDashboard();
  return (
    <>
      <PageTitle title="Dashboard">Dashboard</PageTitle>
      <QueryView query={dashboard} what="the dashboard">
        {(data) => (
          <>
            <p className="freshness">
              Prices as of <strong>{formatDate(data.freshness.asOf)}</strong>
              {data.freshness.loadedAt ? ` · loaded ${formatDateTime(data.freshness.loadedAt)}` : ''}
            </p>
            <section aria-labelledby="portfolios-heading" className="section">
              <h2 id="portfolios-heading">Portfolios</h2>
              <PortfolioCards portfolios={data.portfolios} />
            </section>
            <div className="two-columns">
              <section aria-labelledby="value-heading" className="section card">
                <h2 id="value-heading">Value over time</h2>
                <ValueChart portfolios={data.portfolios} />
              </section>
              <section aria-labelledby="watchlists-heading" className="section card">
                <h2 id="watchlists-heading">Watchlists</h2>
                {data.watchlists.length === 0 ? (
                  <EmptyState title="No watchlists yet">
                    <Link to="/watchlists">Create a watchlist</Link>
                  </EmptyState>
                ) : (
                  data.watchlists.map((list) => (
                    <div key={list.id} className="dashboard-watchlist">
                      <h3>
                        <Link to={`/watchlists?list=${encodeURIComponent(list.id)}`}>{list.name}</Link>
                      </h3>
                      {(list.items ?? []).length === 0 ? (
                        <p className="muted">No symbols yet.</p>
                      ) : (
                        <WatchlistTable items={list.items ?? []} caption={`Watchlist ${list.name}`} compact />
                      )}
                    </div>
                  ))
                )}
              </section>
            </div>
            <div className="two-columns">
              <section aria-labelledby="movers-heading" className="section card">
                <h2 id="movers-heading">Market movers</h2>
                <Movers gainers={data.gainers} losers={data.losers} />
              </section>
              <section aria-labelledby="fx-heading" className="section card">
                <h2 id="fx-heading">FX</h2>
                <FxStrip base={data.fxBase} quotes={data.fx} />
              </section>
            </div>
          </>
        )}
      </QueryView>
    </>
  );
}
