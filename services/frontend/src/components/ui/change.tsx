// A signed figure that reads the same without colour: an explicit +/− sign, an arrow, and words for screen readers.
import { directionOf, formatMoney, formatPercent, type Direction } from '../../lib/format.ts';
import type { DecimalString } from '../../lib/decimal.ts';

const ARROW: Record<Direction, string> = { up: '▲', down: '▼', flat: '■' };
const SPOKEN: Record<Direction, string> = { up: 'up', down: 'down', flat: 'unchanged' };

export function Change({
  ratio,
  amount,
  currency,
}: {
  ratio?: number | null | undefined;
  amount?: DecimalString | null | undefined;
  currency?: string;
}) {
  const direction = directionOf(amount ?? ratio);
  const hasAmount = amount !== undefined && amount !== null && currency !== undefined;
  const hasRatio = ratio !== undefined && ratio !== null;
  if (!hasAmount && !hasRatio) return <span className="change change-flat">—</span>;
  return (
    <span className={`change change-${direction}`}>
      <span aria-hidden="true" className="change-arrow">
        {ARROW[direction]}
      </span>
      <span className="visually-hidden">{SPOKEN[direction]} </span>
      {hasAmount && <span>{formatMoney(amount, currency, { sign: 'always' })}</span>}
      {hasAmount && hasRatio && ' '}
      {hasRatio && (
        <span>
          {hasAmount
            ? `(${formatPercent(ratio, { sign: 'always' })})`
            : formatPercent(ratio, { sign: 'always' })}
        </span>
      )}
    </span>
  );
}
