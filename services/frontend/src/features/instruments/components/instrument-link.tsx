import { Link } from 'react-router';

export function InstrumentLink({ symbol, name }: { symbol: string; name?: string | null | undefined }) {
  return (
    <Link to={`/instruments/${encodeURIComponent(symbol)}`} className="instrument-link">
      <span className="symbol">{symbol}</span>
      {name ? <span className="instrument-name">{name}</span> : null}
    </Link>
  );
}
