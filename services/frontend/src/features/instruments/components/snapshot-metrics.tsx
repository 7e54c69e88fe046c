import { Change } from '../../../components/ui/change.tsx';
import { RangeBar } from '../../../components/charts/range-bar.tsx';
import { formatCompact, formatNumber, formatPercent, formatPrice } from '../../../lib/format.ts';
import { num, type Snapshot } from '../api/types.ts';

/** The gold snapshot: returns over several horizons, risk, 52-week range, valuation. */
export function SnapshotMetrics({ snapshot, currency }: { snapshot: Snapshot; currency: string }) {
  const returns: [string, number | null | undefined][] = [
    ['1 day', snapshot.ret1d],
    ['1 week', snapshot.ret1w],
    ['1 month', snapshot.ret1m],
    ['3 months', snapshot.ret3m],
    ['Year to date', snapshot.retYtd],
    ['1 year', snapshot.ret1y],
  ];
  const pe = num(snapshot.peTtm);
  return (
    <div className="snapshot">
      <h3>Returns</h3>
      <dl className="stats-grid">
        {returns.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <Change ratio={value ?? null} />
            </dd>
          </div>
        ))}
      </dl>
      <h3>Risk and valuation</h3>
      <dl className="stats-grid">
        <div>
          <dt>Volatility (30 days, annualized)</dt>
          <dd>{formatPercent(snapshot.vol30d)}</dd>
        </div>
        <div>
          <dt>Max drawdown (1 year)</dt>
          <dd>{formatPercent(snapshot.maxDrawdown1y)}</dd>
        </div>
        <div>
          <dt>Beta (1 year, vs SPY)</dt>
          <dd>{formatNumber(snapshot.beta1y)}</dd>
        </div>
        <div className="stats-wide">
          <dt>52-week range</dt>
          <dd>
            <RangeBar
              low={num(snapshot.low52w)}
              high={num(snapshot.high52w)}
              value={num(snapshot.close)}
              currency={currency}
            />
          </dd>
        </div>
        <div>
          <dt>Market cap</dt>
          <dd>{formatCompact(num(snapshot.marketCap), currency)}</dd>
        </div>
        <div>
          <dt>P/E (TTM)</dt>
          <dd title={pe === null ? 'Not meaningful when trailing earnings are zero or negative' : undefined}>
            {pe === null ? 'n/m' : formatNumber(pe, 1)}
          </dd>
        </div>
        <div>
          <dt>EPS (TTM)</dt>
          <dd>{formatPrice(num(snapshot.epsTtm), currency)}</dd>
        </div>
        <div>
          <dt>Dividend yield (TTM)</dt>
          <dd>{formatPercent(snapshot.dividendYieldTtm)}</dd>
        </div>
      </dl>
    </div>
  );
}
