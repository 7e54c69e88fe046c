// An allocation donut with its legend. The legend is a real list with the figures, so the chart is
// readable without seeing it and without telling colours apart.
import { formatPercent } from '../../lib/format.ts';

export interface DonutSlice {
  label: string;
  /** Share of the whole, 0..1. */
  weight: number;
  /** Already formatted amount shown in the legend. */
  valueText?: string;
}

const PALETTE_SIZE = 8;

export function DonutChart({
  slices,
  label,
  size = 180,
}: {
  slices: readonly DonutSlice[];
  label: string;
  size?: number;
}) {
  const total = slices.reduce((sum, slice) => sum + Math.max(slice.weight, 0), 0) || 1;
  const radius = size / 2 - 12;
  const circumference = 2 * Math.PI * radius;
  // Each slice starts where the previous ones end: running sums of the dash lengths.
  const dashes = slices.map((slice) => (Math.max(slice.weight, 0) / total) * circumference);
  const offsets = dashes.map((_, index) => dashes.slice(0, index).reduce((sum, dash) => sum + dash, 0));
  return (
    <figure className="donut">
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
        <g transform={`rotate(-90 ${size / 2} ${size / 2})`}>
          {slices.map((slice, index) => {
            const dash = dashes[index] ?? 0;
            return (
              <circle
                key={slice.label}
                className={`slice-${index % PALETTE_SIZE}`}
                cx={size / 2}
                cy={size / 2}
                r={radius}
                fill="none"
                strokeWidth="22"
                strokeDasharray={`${dash} ${circumference - dash}`}
                strokeDashoffset={-(offsets[index] ?? 0)}
              />
            );
          })}
        </g>
      </svg>
      <figcaption>
        <ul className="legend">
          {slices.map((slice, index) => (
            <li key={slice.label}>
              <span className={`swatch slice-${index % PALETTE_SIZE}`} aria-hidden="true" />
              <span className="legend-label">{slice.label}</span>
              <span className="legend-value">
                {formatPercent(slice.weight, { fractionDigits: 1 })}
                {slice.valueText ? ` · ${slice.valueText}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
