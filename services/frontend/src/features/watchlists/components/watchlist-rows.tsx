// Watchlist rows: last price, day change (signed, with arrow), 52-week range bar and a sparkline.
import { Change } from '../../../components/ui/change.tsx';
import { RangeBar } from '../../../components/charts/range-bar.tsx';
import { Sparkline } from '../../../components/charts/sparkline.tsx';
import { formatPrice } from '../../../lib/format.ts';
import { InstrumentLink } from '../../instruments/components/instrument-link.tsx';
import { useSparkline } from '../../instruments/hooks/use-sparkline.ts';
import { num } from '../../instruments/api/types.ts';
import type { WatchlistItem } from '../api/watchlists.ts';

function ItemSparkline({ item }: { item: WatchlistItem }) {
  const values = useSparkline(item.symbol, item.sparkline);
  if (!values)
    return (
      <span className="sparkline-empty" aria-label="Trend loading">
        …
      </span>
    );
  return <Sparkline values={values} label={`${item.symbol}, last three months`} />;
}

export function WatchlistRow({
  item,
  onRemove,
  compact = false,
}: {
  item: WatchlistItem;
  onRemove?: () => void;
  compact?: boolean;
}) {
  const close = num(item.close);
  return (
    <tr>
      <th scope="row">
        <InstrumentLink symbol={item.symbol} name={compact ? undefined : item.name} />
      </th>
      <td className="num">{formatPrice(close, item.currency)}</td>
      <td className="num">
        <Change ratio={item.ret1d} />
      </td>
      {!compact && (
        <td className="hide-narrow">
          <RangeBar
            low={num(item.low52w)}
            high={num(item.high52w)}
            value={close}
            {...(item.currency ? { currency: item.currency } : {})}
          />
        </td>
      )}
      <td>
        <ItemSparkline item={item} />
      </td>
      {onRemove && (
        <td>
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={onRemove}
            aria-label={`Remove ${item.symbol} from the watchlist`}
          >
            Remove
          </button>
        </td>
      )}
    </tr>
  );
}

export function WatchlistTable({
  items,
  caption,
  onRemove,
  compact = false,
}: {
  items: readonly WatchlistItem[];
  caption: string;
  onRemove?: (symbol: string) => void;
  compact?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Last
            </th>
            <th scope="col" className="num">
              Day
            </th>
            {!compact && (
              <th scope="col" className="hide-narrow">
                52-week range
              </th>
            )}
            <th scope="col">3 months</th>
            {onRemove && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <WatchlistRow
              key={item.symbol}
              item={item}
              compact={compact}
              {...(onRemove ? { onRemove: () => onRemove(item.symbol) } : {})}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
