import { Change } from '../../../components/ui/change.tsx';
import { formatPrice } from '../../../lib/format.ts';
import { InstrumentLink } from '../../instruments/components/instrument-link.tsx';
import type { Mover } from '../api/dashboard.ts';

function MoverList({ title, movers }: { title: string; movers: readonly Mover[] }) {
  return (
    <div className="movers-list">
      <h3>{title}</h3>
      {movers.length === 0 ? (
        <p className="muted">None today.</p>
      ) : (
        <ol>
          {movers.map((mover) => (
            <li key={mover.symbol}>
              <InstrumentLink symbol={mover.symbol} />
              <span className="num">{formatPrice(mover.close, mover.currency ?? undefined)}</span>
              <Change ratio={mover.ret1d} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function Movers({ gainers, losers }: { gainers: readonly Mover[]; losers: readonly Mover[] }) {
  return (
    <div className="movers">
      <MoverList title="Top gainers" movers={gainers} />
      <MoverList title="Top losers" movers={losers} />
    </div>
  );
}
