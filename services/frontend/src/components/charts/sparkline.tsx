import { extent, linear, linePath } from './scale.ts';

/** A tiny trend line; the label says what it shows, since a picture alone tells a screen reader nothing. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 28,
}: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <span className="sparkline-empty">—</span>;
  const first = values[0] ?? 0;
  const last = values[values.length - 1] ?? 0;
  const trend = last > first ? 'up' : last < first ? 'down' : 'flat';
  const x = linear([0, values.length - 1], [1, width - 1]);
  const y = linear(extent(values), [height - 2, 2]);
  return (
    <svg
      className={`sparkline sparkline-${trend}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <path d={linePath(values, x, y)} fill="none" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
