// Value over time of one portfolio (the first, or the one chosen), from the performance series.
import { useState } from 'react';
import { LineChart } from '../../../components/charts/line-chart.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { toPlotNumber } from '../../../lib/decimal.ts';
import { rangeStart, todayIso } from '../../../lib/dates.ts';
import { formatCompact, formatMoney } from '../../../lib/format.ts';
import { usePerformance } from '../../portfolios/api/performance.ts';
import type { PortfolioCard } from '../api/dashboard.ts';

export function ValueChart({ portfolios }: { portfolios: readonly PortfolioCard[] }) {
  const [chosen, setChosen] = useState(portfolios[0]?.id ?? '');
  const portfolio = portfolios.find((p) => p.id === chosen) ?? portfolios[0];
  const performance = usePerformance(
    portfolio?.id ?? '',
    rangeStart('1Y', todayIso()),
    'SPY',
    portfolio !== undefined,
  );
  if (!portfolio) return <p className="muted">Create a portfolio to see its value over time.</p>;
  return (
    <div>
      {portfolios.length > 1 && (
        <div className="field field-inline">
          <label htmlFor="value-chart-portfolio">Portfolio</label>
          <select
            id="value-chart-portfolio"
            value={portfolio.id}
            onChange={(event) => setChosen(event.target.value)}
          >
            {portfolios.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {performance.isPending ? (
        <Loading what="the value history" />
      ) : performance.isError ? (
        <ErrorState
          what="the value history"
          error={performance.error}
          onRetry={() => void performance.refetch()}
        />
      ) : performance.data.series.length < 2 ? (
        <p className="muted">Not enough history yet: add transactions to see the value over time.</p>
      ) : (
        <LineChart
          label={`${portfolio.name}: value over the last year in ${portfolio.baseCurrency}`}
          dates={performance.data.series.map((point) => point.date)}
          series={[
            {
              name: 'Value',
              values: performance.data.series.map((point) => toPlotNumber(point.value)),
              lastText: formatMoney(performance.data.series.at(-1)?.value, portfolio.baseCurrency),
            },
          ]}
          formatTick={(value) => formatCompact(value, portfolio.baseCurrency)}
        />
      )}
    </div>
  );
}
