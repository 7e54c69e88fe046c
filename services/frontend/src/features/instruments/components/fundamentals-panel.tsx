// Reported fundamentals (SEC filings): the last quarters as a table and as small bar charts.
import { BarChart } from '../../../components/charts/bar-chart.tsx';
import { EmptyState, QueryView } from '../../../components/ui/states.tsx';
import { formatCompact, formatDate, formatPrice } from '../../../lib/format.ts';
import { useFundamentals } from '../api/get-fundamentals.ts';
import { num, type FundamentalsRow } from '../api/types.ts';

const QUARTERS = 8;

function lastQuarters(rows: readonly FundamentalsRow[]): FundamentalsRow[] {
  return rows
    .filter((row) => /^Q[1-4]$/.test(row.fiscalPeriod))
    .sort((a, b) => a.fiscalYear - b.fiscalYear || a.fiscalPeriod.localeCompare(b.fiscalPeriod))
    .slice(-QUARTERS);
}

const periodLabel = (row: FundamentalsRow) => `${row.fiscalPeriod} ${String(row.fiscalYear).slice(-2)}`;

export function FundamentalsPanel({ symbol }: { symbol: string }) {
  const fundamentals = useFundamentals(symbol);
  return (
    <QueryView query={fundamentals} what="the fundamentals">
      {(rows) => {
        const quarters = lastQuarters(rows);
        if (quarters.length === 0) return <EmptyState title="No reported fundamentals for this listing" />;
        const currency = quarters.find((row) => row.currency)?.currency ?? undefined;
        const bars = (key: 'revenue' | 'netIncome') =>
          quarters.flatMap((row) => {
            const value = num(row[key]);
            return value === null
              ? []
              : [{ label: periodLabel(row), value, valueText: formatCompact(row[key] ?? null, currency) }];
          });
        return (
          <>
            <div className="two-columns">
              <div>
                <h3>Revenue by quarter</h3>
                <BarChart
                  bars={bars('revenue')}
                  label={`${symbol} revenue for the last ${quarters.length} quarters`}
                />
              </div>
              <div>
                <h3>Net income by quarter</h3>
                <BarChart
                  bars={bars('netIncome')}
                  label={`${symbol} net income for the last ${quarters.length} quarters`}
                />
              </div>
            </div>
            <div className="table-scroll">
              <table className="data-table">
                <caption>Quarterly figures{currency ? ` in ${currency}` : ''}, as reported</caption>
                <thead>
                  <tr>
                    <th scope="col">Quarter</th>
                    <th scope="col">Period end</th>
                    <th scope="col" className="num">
                      Revenue
                    </th>
                    <th scope="col" className="num">
                      Net income
                    </th>
                    <th scope="col" className="num">
                      EPS (diluted)
                    </th>
                    <th scope="col" className="num hide-narrow">
                      Operating cash flow
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...quarters].reverse().map((row) => (
                    <tr key={`${row.fiscalYear}-${row.fiscalPeriod}`}>
                      <th scope="row">{periodLabel(row)}</th>
                      <td>{formatDate(row.periodEnd)}</td>
                      <td className="num">{formatCompact(row.revenue ?? null, currency)}</td>
                      <td className="num">{formatCompact(row.netIncome ?? null, currency)}</td>
                      <td className="num">{formatPrice(num(row.epsDiluted), currency)}</td>
                      <td className="num hide-narrow">
                        {formatCompact(row.operatingCashFlow ?? null, currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </QueryView>
  );
}
