import { formatPrice } from '../../lib/format.ts';

/** Where the last price sits in its 52-week range: a bar from low to high with a marker. */
export function RangeBar({
  low,
  high,
  value,
  currency,
}: {
  low: number | null | undefined;
  high: number | null | undefined;
  value: number | null | undefined;
  currency?: string;
}) {
  if (low == null || high == null || value == null || high < low) return <span>—</span>;
  const position = high === low ? 50 : Math.min(100, Math.max(0, ((value - low) / (high - low)) * 100));
  const label = `52-week range ${formatPrice(low, currency)} to ${formatPrice(high, currency)}, last ${formatPrice(value, currency)} (${Math.round(position)}% of the range)`;
  return (
    <span className="range-bar" role="img" aria-label={label} title={label}>
      <span className="range-bar-low" aria-hidden="true">
        {formatPrice(low)}
      </span>
      <span className="range-bar-track" aria-hidden="true">
        <span className="range-bar-marker" style={{ left: `${position}%` }} />
      </span>
      <span className="range-bar-high" aria-hidden="true">
        {formatPrice(high)}
      </span>
    </span>
  );
}
