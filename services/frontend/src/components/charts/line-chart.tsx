// A light SVG line chart for value-over-time and performance-vs-benchmark. Series share one y scale;
// the legend names each series with its last value so the picture is not the only carrier of the numbers.
import { extent, linear, linePath } from './scale.ts';

export interface LineSeries {
  name: string;
  values: readonly (number | null)[];
  lastText?: string;
  variant?: 'primary' | 'secondary';
}

export function LineChart({
  dates,
  series,
  label,
  formatTick,
  height = 220,
}: {
  dates: readonly string[];
  series: readonly LineSeries[];
  label: string;
  formatTick: (value: number) => string;
  height?: number;
}) {
  const width = 640;
  const padding = { top: 10, right: 12, bottom: 24, left: 64 };
  const all = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  if (dates.length < 2 || all.length === 0) return null;
  const [min, max] = extent(all);
  const x = linear([0, dates.length - 1], [padding.left, width - padding.right]);
  const y = linear([min, max], [height - padding.bottom, padding.top]);
  const ticks = [min, (min + max) / 2, max];
  const firstDate = dates[0] ?? '';
  const lastDate = dates[dates.length - 1] ?? '';
  return (
    <figure className="line-chart">
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={label}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={padding.left} x2={width - padding.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={padding.left - 6} y={y(tick) + 4} textAnchor="end" className="tick">
              {formatTick(tick)}
            </text>
          </g>
        ))}
        <text x={padding.left} y={height - 6} className="tick">
          {firstDate}
        </text>
        <text x={width - padding.right} y={height - 6} textAnchor="end" className="tick">
          {lastDate}
        </text>
        {series.map((line) => (
          <path
            key={line.name}
            d={linePath(line.values, x, y)}
            className={`line line-${line.variant ?? 'primary'}`}
            fill="none"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <figcaption className="chart-legend">
        {series.map((line) => (
          <span key={line.name} className={`legend-item line-${line.variant ?? 'primary'}`}>
            <span className="legend-line" aria-hidden="true" />
            {line.name}
            {line.lastText ? `: ${line.lastText}` : ''}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
