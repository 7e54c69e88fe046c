// Holdings, sortable by any column. Amounts are decimal strings: sorting compares them exactly
// (compareDecimal), never as floats; amounts show in the portfolio's base currency or each instrument's own.
import { useState } from 'react';
import { Change } from '../../../components/ui/change.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { compareDecimal, isDecimalString } from '../../../lib/decimal.ts';
import { formatMoney, formatPercent, formatQuantity } from '../../../lib/format.ts';
import { InstrumentLink } from '../../instruments/components/instrument-link.tsx';
import type { Holding } from '../api/types.ts';

export type CurrencyView = 'base' | 'instrument';

type ColumnKey =
  'symbol' | 'quantity' | 'averageCost' | 'value' | 'pnl' | 'realized' | 'dividends' | 'dayChange' | 'weight';

interface Column {
  key: ColumnKey;
  label: string;
  numeric: boolean;
  /** The decimal string (or text) this column sorts by, in the chosen currency view. */
  sortValue: (holding: Holding, view: CurrencyView) => string | number | null;
}

export function weightOf(holding: Holding): number | null {
  if (holding.weight === null) return null;
  const weight = typeof holding.weight === 'number' ? holding.weight : Number(holding.weight);
  return Number.isFinite(weight) ? weight : null;
}

type PairedField = 'realizedPnl' | 'dividends' | 'dayChange';
const BASE_FIELD = {
  realizedPnl: 'realizedPnlBase',
  dividends: 'dividendsBase',
  dayChange: 'dayChangeBase',
} as const;

/** An amount in the chosen view: the base-currency twin when shown in base and the API sent it. */
export function amountIn(
  holding: Holding,
  field: PairedField,
  view: CurrencyView,
): { amount: string | null; inBase: boolean } {
  const base = holding[BASE_FIELD[field]];
  if (view === 'base' && base !== undefined) return { amount: base, inBase: true };
  return { amount: holding[field], inBase: false };
}

const COLUMNS: readonly Column[] = [
  { key: 'symbol', label: 'Symbol', numeric: false, sortValue: (h) => h.symbol },
  { key: 'quantity', label: 'Quantity', numeric: true, sortValue: (h) => h.quantity },
  { key: 'averageCost', label: 'Average cost', numeric: true, sortValue: (h) => h.averageCost },
  {
    key: 'value',
    label: 'Value',
    numeric: true,
    sortValue: (h, view) => (view === 'base' ? h.marketValueBase : h.marketValue),
  },
  {
    key: 'pnl',
    label: 'Unrealized P&L',
    numeric: true,
    sortValue: (h, view) => (view === 'base' ? h.unrealizedPnlBase : h.unrealizedPnl),
  },
  {
    key: 'realized',
    label: 'Realized P&L',
    numeric: true,
    sortValue: (h, view) => amountIn(h, 'realizedPnl', view).amount,
  },
  {
    key: 'dividends',
    label: 'Dividends',
    numeric: true,
    sortValue: (h, view) => amountIn(h, 'dividends', view).amount,
  },
  {
    key: 'dayChange',
    label: 'Day change',
    numeric: true,
    sortValue: (h, view) => amountIn(h, 'dayChange', view).amount,
  },
  { key: 'weight', label: 'Weight', numeric: true, sortValue: (h) => weightOf(h) },
];

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (isDecimalString(a) && isDecimalString(b)) return compareDecimal(a, b);
    return a.localeCompare(b);
  }
  return 0;
}

/** Sorted copy; empty values last in either direction. */
export function sortHoldings(
  holdings: readonly Holding[],
  key: ColumnKey,
  direction: 'ascending' | 'descending',
  view: CurrencyView,
): Holding[] {
  const column = COLUMNS.find((candidate) => candidate.key === key) ?? COLUMNS[0];
  if (!column) return [...holdings];
  return [...holdings].sort((x, y) => {
    const a = column.sortValue(x, view);
    const b = column.sortValue(y, view);
    if (a === null || b === null) return compareValues(a, b);
    const order = compareValues(a, b);
    return direction === 'ascending' ? order : -order;
  });
}

function pnlRatio(pnl: string, cost: string): number | null {
  const ratio = Number(pnl) / Number(cost);
  return Number.isFinite(ratio) ? ratio : null;
}

export function HoldingsTable({
  holdings,
  baseCurrency,
}: {
  holdings: readonly Holding[];
  baseCurrency: string;
}) {
  const [sort, setSort] = useState<{ key: ColumnKey; direction: 'ascending' | 'descending' }>({
    key: 'value',
    direction: 'descending',
  });
  const [view, setView] = useState<CurrencyView>('base');
  const rows = sortHoldings(holdings, sort.key, sort.direction, view);

  function toggle(key: ColumnKey, numeric: boolean) {
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: numeric ? 'descending' : 'ascending' },
    );
  }

  const money = (amount: string | null, holding: Holding, inBase: boolean, signed = false) =>
    formatMoney(amount, inBase ? baseCurrency : holding.currency, signed ? { sign: 'always' } : {});

  return (
    <div>
      <Segmented
        label="Show amounts in"
        options={['base', 'instrument'] as const}
        value={view}
        onChange={setView}
        renderLabel={(option) =>
          option === 'base' ? `Base currency (${baseCurrency})` : 'Instrument currency'
        }
      />
      <div className="table-scroll">
        <table className="data-table holdings-table">
          <caption className="visually-hidden">
            Holdings, sorted by {COLUMNS.find((c) => c.key === sort.key)?.label} {sort.direction}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={sort.key === column.key ? sort.direction : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => toggle(column.key, column.numeric)}
                  >
                    {column.label}
                    <span aria-hidden="true" className="sort-indicator">
                      {sort.key === column.key ? (sort.direction === 'ascending' ? '↑' : '↓') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((holding) => {
              const inBase = view === 'base';
              const pnl = inBase ? holding.unrealizedPnlBase : holding.unrealizedPnl;
              const realized = amountIn(holding, 'realizedPnl', view);
              const dividends = amountIn(holding, 'dividends', view);
              const dayChange = amountIn(holding, 'dayChange', view);
              return (
                <tr key={holding.symbol}>
                  <th scope="row">
                    <InstrumentLink symbol={holding.symbol} name={holding.name} />
                  </th>
                  <td className="num">{formatQuantity(holding.quantity)}</td>
                  <td className="num">{money(holding.averageCost, holding, false)}</td>
                  <td className="num">
                    {money(inBase ? holding.marketValueBase : holding.marketValue, holding, inBase)}
                  </td>
                  <td className="num">
                    <Change
                      amount={pnl}
                      currency={inBase ? baseCurrency : holding.currency}
                      ratio={pnlRatio(holding.unrealizedPnl, holding.costBasis)}
                    />
                  </td>
                  <td className="num">{money(realized.amount, holding, realized.inBase, true)}</td>
                  <td className="num">{money(dividends.amount, holding, dividends.inBase)}</td>
                  <td className="num">
                    <Change
                      amount={dayChange.amount}
                      currency={dayChange.inBase ? baseCurrency : holding.currency}
                    />
                  </td>
                  <td className="num">{formatPercent(weightOf(holding), { fractionDigits: 1 })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
