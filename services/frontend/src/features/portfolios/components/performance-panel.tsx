// Performance for a chosen range: TWR, XIRR and total return from the API, and the portfolio's
// time-weighted growth drawn against the benchmark's (both rebased to 0 % at the range's first day).
import { useState } from 'react';
import { LineChart } from '../../../components/charts/line-chart.tsx';
import { Change } from '../../../components/ui/change.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { RANGES, rangeStart, todayIso, type RangeKey } from '../../../lib/dates.ts';
import { formatPercent } from '../../../lib/format.ts';
import { usePrices } from '../../instruments/api/get-prices.ts';
import type { Bar } from '../../instruments/api/types.ts';
import { usePerformance } from '../api/performance.ts';
import type { Performance } from '../api/types.ts';

/** Benchmark growth on the portfolio's dates, carrying the last close over non-trading days. */
export function benchmarkGrowth(dates: readonly string[], bars: readonly Bar[]): (number | null)[] {
  const sorted = [...bars].sort((a, b) => a.date.localeCompare(b.date));
  let index = 0;
  let last: number | null = null;
  let base: number | null = null;
  return dates.map((date) => {
    while (index < sorted.length && (sorted[index]?.date ?? '') <= date) {
      last = sorted[index]?.adjClose ?? last;
      index += 1;
    }
    if (last === null) return null;
    base ??= last;
    return last / base - 1;
  });
}

function Stats({ data }: { data: Performance }) {
  return (
    <dl className="stats-grid">
      <div>
        <dt>Time-weighted return</dt>
        <dd>
          <Change ratio={data.twr} />
        </dd>
      </div>
      <div>
        <dt>Money-weighted (XIRR, annual)</dt>
        <dd>
          {data.xirr === null ? (
            <span title="No cash flows in this range">n/a</span>
          ) : (
            <Change ratio={data.xirr} />
          )}
        </dd>
      </div>
      <div>
        <dt>Total return</dt>
        <dd>
          <Change ratio={data.totalReturn} />
        </dd>
      </div>
      {data.benchmark && (
        <div>
          <dt>Benchmark {data.benchmark.symbol}</dt>
          <dd>
            <Change ratio={data.benchmark.twr} />
          </dd>
        </div>
      )}
      {data.contributions && (
        <div className="stats-wide">
          <dt>Return from price · income · currency</dt>
          <dd>
            {formatPercent(data.contributions.price, { sign: 'always' })} ·{' '}
            {formatPercent(data.contributions.income, { sign: 'always' })} ·{' '}
            {formatPercent(data.contributions.currency, { sign: 'always' })}
          </dd>
        </div>
      )}
    </dl>
  );
}

export function PerformancePanel({ portfolioId }: { portfolioId: string }) {
  const [range, setRange] = useState<RangeKey>('1Y');
  const from = rangeStart(range, todayIso());
  const performance = usePerformance(portfolioId, from, 'SPY');
  const benchmarkSymbol = performance.data?.benchmark?.symbol ?? 'SPY';
  const benchmark = usePrices(benchmarkSymbol, performance.data?.from ?? from, performance.data?.to);
  return (
    <div>
      <Segmented label="Performance range" options={RANGES} value={range} onChange={setRange} />
      <QueryView query={performance} what="the performance">
        {(data) => {
          const dates = data.series.map((point) => point.date);
          const firstIndex = data.series[0]?.twrIndex ?? 1;
          return (
            <>
              <p className="muted">
                {data.from} to {data.to}, in {data.baseCurrency}
              </p>
              <Stats data={data} />
              {dates.length < 2 ? (
                <p className="muted">Not enough history in this range to draw a chart.</p>
              ) : (
                <LineChart
                  label={`Portfolio growth against ${benchmarkSymbol} from ${data.from} to ${data.to}`}
                  dates={dates}
                  formatTick={(value) => formatPercent(value, { fractionDigits: 0 })}
                  series={[
                    {
                      name: 'Portfolio (TWR)',
                      values: data.series.map((point) => point.twrIndex / firstIndex - 1),
                      lastText: formatPercent(data.twr, { sign: 'always' }),
                    },
                    ...(benchmark.data
                      ? [
                          {
                            name: benchmarkSymbol,
                            values: benchmarkGrowth(dates, benchmark.data.bars),
                            lastText: formatPercent(data.benchmark?.twr, { sign: 'always' }),
                            variant: 'secondary' as const,
                          },
                        ]
                      : []),
                  ]}
                />
              )}
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
