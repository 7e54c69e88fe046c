import { useParams } from 'react-router';
import { Change } from '../../components/ui/change.tsx';
import { PageTitle } from '../../components/ui/page-title.tsx';
import { QueryView } from '../../components/ui/states.tsx';
import { useInstrument } from '../../features/instruments/api/get-instrument.ts';
import { num, snapshotDate } from '../../features/instruments/api/types.ts';
import { FundamentalsPanel } from '../../features/instruments/components/fundamentals-panel.tsx';
import { InstrumentChartPanel } from '../../features/instruments/components/instrument-chart-panel.tsx';
import { SnapshotMetrics } from '../../features/instruments/components/snapshot-metrics.tsx';
import { QuickAddTransaction } from '../../features/portfolios/components/quick-add-transaction.tsx';
import { AddToWatchlist } from '../../features/watchlists/components/add-to-watchlist.tsx';
import { todayIso } from '../../lib/dates.ts';
import { formatDate, formatPrice } from '../../lib/format.ts';

export function Component() {
  const symbol = (useParams().symbol ?? '').toUpperCase();
  const instrument = useInstrument(symbol);
  return (
    <>
      <PageTitle title={symbol}>
        {symbol} {instrument.data?.name ? <span className="title-suffix">{instrument.data.name}</span> : null}
      </PageTitle>
      <QueryView query={instrument} what={`instrument ${symbol}`}>
        {(data) => {
          const currency = data.currency ?? data.snapshot?.currency ?? 'USD';
          const close = num(data.snapshot?.close);
          const asOf = snapshotDate(data.snapshot) ?? data.lastDt ?? todayIso();
          return (
            <>
              <div className="instrument-header">
                <p className="big-number">
                  {formatPrice(close, currency)} <Change ratio={data.snapshot?.ret1d} />
                </p>
                <p className="muted">
                  {[data.exchange, currency, data.securityType, data.sector].filter(Boolean).join(' · ')} ·
                  close of {formatDate(asOf)}
                </p>
                <AddToWatchlist symbol={symbol} />
              </div>
              <section aria-label="Price chart" className="section card">
                <InstrumentChartPanel symbol={symbol} currency={currency} lastDate={asOf} />
              </section>
              <div className="two-columns">
                <section aria-labelledby="metrics-heading" className="section card">
                  <h2 id="metrics-heading">Key metrics</h2>
                  {data.snapshot ? (
                    <SnapshotMetrics snapshot={data.snapshot} currency={currency} />
                  ) : (
                    <p className="muted">No snapshot for this listing yet.</p>
                  )}
                </section>
                <section aria-labelledby="trade-heading" className="section card">
                  <h2 id="trade-heading">Add transaction</h2>
                  <QuickAddTransaction
                    symbol={symbol}
                    lastClose={close === null ? undefined : close.toFixed(close < 1 ? 4 : 2)}
                  />
                </section>
              </div>
              <section aria-labelledby="fundamentals-heading" className="section card">
                <h2 id="fundamentals-heading">Fundamentals</h2>
                <FundamentalsPanel symbol={symbol} />
              </section>
            </>
          );
        }}
      </QueryView>
    </>
  );
}
