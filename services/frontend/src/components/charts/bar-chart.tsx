// Small vertical bars (revenue, net income by quarter). Negative values hang below a zero line.
import { linear } from './scale.ts';

export interface Bar {
  label: string;
  value: number;
  valueText: string;
}

export function BarChart({
  bars,
  label,
  height = 140,
}: {
  bars: readonly Bar[];
  label: string;
  height?: number;
}) {
  if (bars.length === 0) return null;
  // Wide enough for a "Q4 24" label under each bar.
  const barWidth = 30;
  const gap = 10;
  const width = bars.length * (barWidth + gap) + gap;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const min = Math.min(0, ...bars.map((bar) => bar.value));
  const plotTop = 6;
  const plotBottom = height - 20;
  const y = linear([min, max === min ? min + 1 : max], [plotBottom, plotTop]);
  const zero = y(0);
  return (
    <figure className="bar-chart">
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={label}
      >
        <line x1="0" x2={width} y1={zero} y2={zero} className="axis" />
        {bars.map((bar, index) => {
          const top = Math.min(y(bar.value), zero);
          const barHeight = Math.max(Math.abs(y(bar.value) - zero), 1);
          const x = gap + index * (barWidth + gap);
          return (
            <g key={bar.label}>
              <rect
                x={x}
                y={top}
                width={barWidth}
                height={barHeight}
                className={bar.value < 0 ? 'bar bar-negative' : 'bar'}
              >
                <title>{`${bar.label}: ${bar.valueText}`}</title>
              </rect>
              <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="tick">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
