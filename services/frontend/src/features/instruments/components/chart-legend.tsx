import { formatCompact, formatDate, formatPrice } from '../../../lib/format.ts';
import type { Bar } from '../api/types.ts';
import { SMA_KEYS, SMA_LABEL, type SmaKey } from './chart-types.ts';

/** The values under the crosshair (or of the last bar), as text: the chart's numbers without the picture. */
export function ChartLegend({
  bar,
  currency,
  overlays,
}: {
  bar: Bar | undefined;
  currency: string;
  overlays: Record<SmaKey, boolean>;
}) {
  if (!bar) return <p className="chart-legend-values muted">No prices in this range.</p>;
  return (
    <dl className="chart-legend-values" aria-label="Values at the crosshair">
      <div>
        <dt>Date</dt>
        <dd>{formatDate(bar.date)}</dd>
      </div>
      <div>
        <dt>Open</dt>
        <dd>{formatPrice(bar.open, currency)}</dd>
      </div>
      <div>
        <dt>High</dt>
        <dd>{formatPrice(bar.high, currency)}</dd>
      </div>
      <div>
        <dt>Low</dt>
        <dd>{formatPrice(bar.low, currency)}</dd>
      </div>
      <div>
        <dt>Close</dt>
        <dd>{formatPrice(bar.close, currency)}</dd>
      </div>
      <div>
        <dt>Volume</dt>
        <dd>{formatCompact(bar.volume)}</dd>
      </div>
      {SMA_KEYS.filter((key) => overlays[key]).map((key) => (
        <div key={key} className={`legend-${key}`}>
          <dt>{SMA_LABEL[key]}</dt>
          <dd>{formatPrice(bar[key], currency)}</dd>
        </div>
      ))}
    </dl>
  );
}
