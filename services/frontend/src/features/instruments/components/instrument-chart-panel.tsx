// Range, chart kind and overlay controls around the price chart, which loads lazily in its own chunk.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { RANGES, rangeStart, type RangeKey } from '../../../lib/dates.ts';
import { usePrices } from '../api/get-prices.ts';
import { SMA_KEYS, SMA_LABEL, type ChartKind, type SmaKey } from './chart-types.ts';

const PriceChart = lazy(() => import('./price-chart.tsx'));

export function InstrumentChartPanel({
  symbol,
  currency,
  lastDate,
}: {
  symbol: string;
  currency: string;
  lastDate: string;
}) {
  const [range, setRange] = useState<RangeKey>('1Y');
  const [kind, setKind] = useState<ChartKind>('candles');
  const [overlays, setOverlays] = useState<Record<SmaKey, boolean>>({
    sma20: true,
    sma50: true,
    sma200: false,
  });
  const prices = usePrices(symbol, rangeStart(range, lastDate));
  const bars = useMemo(() => prices.data?.bars ?? [], [prices.data]);
  return (
    <div className="chart-panel">
      <div className="chart-controls">
        <Segmented label="Chart range" options={RANGES} value={range} onChange={setRange} />
        <Segmented
          label="Chart type"
          options={['candles', 'line'] as const}
          value={kind}
          onChange={setKind}
          renderLabel={(k) => (k === 'candles' ? 'Candles' : 'Line')}
        />
        <fieldset className="checkbox-group">
          <legend className="visually-hidden">Moving averages</legend>
          {SMA_KEYS.map((key) => (
            <label key={key} className={`checkbox legend-${key}`}>
              <input
                type="checkbox"
                checked={overlays[key]}
                onChange={(event) => setOverlays((current) => ({ ...current, [key]: event.target.checked }))}
              />
              {SMA_LABEL[key]}
            </label>
          ))}
        </fieldset>
      </div>
      {prices.isPending ? (
        <Loading what={`${symbol} prices`} />
      ) : prices.isError ? (
        <ErrorState what={`${symbol} prices`} error={prices.error} onRetry={() => void prices.refetch()} />
      ) : bars.length === 0 ? (
        <p className="muted">No prices in this range.</p>
      ) : (
        <Suspense fallback={<Loading what="the chart" />}>
          <PriceChart
            bars={bars}
            currency={prices.data.currency ?? currency}
            kind={kind}
            overlays={overlays}
            label={`${symbol} daily prices, ${range} range, ${bars.length} trading days; values of the selected day are listed above the chart`}
          />
        </Suspense>
      )}
    </div>
  );
}
