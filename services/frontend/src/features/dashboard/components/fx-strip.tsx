import { formatNumber } from '../../../lib/format.ts';
import type { FxQuote } from '../api/dashboard.ts';

/** Reference rates: one unit of the base in each currency (ECB rates through gold.fx_rates). */
export function FxStrip({ base, quotes }: { base: string; quotes: readonly FxQuote[] }) {
  if (quotes.length === 0) return <p className="muted">No FX rates loaded.</p>;
  return (
    <ul className="fx-strip" aria-label={`Exchange rates for one ${base}`}>
      {quotes.map((quote) => (
        <li key={quote.currency}>
          <span className="fx-pair">
            {base}/{quote.currency}
          </span>{' '}
          <span className="num">{formatNumber(quote.rate, quote.rate >= 100 ? 2 : 4)}</span>
        </li>
      ))}
    </ul>
  );
}
