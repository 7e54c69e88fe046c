import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../testing/render.tsx';
import type { Holding } from '../api/types.ts';
import { HoldingsTable } from './holdings-table.tsx';

function holding(
  symbol: string,
  currency: string,
  marketValue: string,
  marketValueBase: string,
  extra: Partial<Holding> = {},
): Holding {
  return {
    symbol,
    currency,
    quantity: '10',
    averageCost: '1.00',
    costBasis: '10.00',
    marketValue,
    marketValueBase,
    unrealizedPnl: '0.00',
    unrealizedPnlBase: '0.00',
    realizedPnl: '0.00',
    dividends: '0.00',
    dayChange: '0.00',
    weight: 0.25,
    ...extra,
  };
}

// Values chosen so that every wrong comparison gives a different order: AAA and BBB differ only beyond
// float precision; CCC vs DDD sort the other way as text ("9.5" > "10.25"); instrument-currency values
// order differently from base values.
const HOLDINGS: Holding[] = [
  holding('CCC', 'USD', '11.00', '9.5', { unrealizedPnlBase: '-3.10', weight: 0.1 }),
  holding('AAA', 'GBP', '1.00', '12345678901234567.01', { unrealizedPnlBase: '2.00', weight: 0.4 }),
  holding('DDD', 'JPY', '5000', '10.25', { unrealizedPnlBase: '-3.2', weight: '0.05' }),
  holding('BBB', 'EUR', '2.00', '12345678901234567.02', { unrealizedPnlBase: '0.5', weight: 0.45 }),
];

function symbolsInOrder(): string[] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('rowheader').querySelector('.symbol')?.textContent ?? '');
}

describe('HoldingsTable', () => {
  it('starts sorted by value in the base currency, largest first, comparing decimals exactly', () => {
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    expect(symbolsInOrder()).toEqual(['BBB', 'AAA', 'DDD', 'CCC']);
    expect(screen.getByRole('columnheader', { name: /Value/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('reverses on a second click and announces the direction', async () => {
    const user = userEvent.setup();
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    await user.click(screen.getByRole('button', { name: /^Value/ }));
    expect(symbolsInOrder()).toEqual(['CCC', 'DDD', 'AAA', 'BBB']);
    expect(screen.getByRole('columnheader', { name: /Value/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('sorts signed P&L and weights given as numbers or strings', async () => {
    const user = userEvent.setup();
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    await user.click(screen.getByRole('button', { name: /Unrealized P&L/ }));
    // Descending: 2.00 > 0.5 > -3.10 > -3.2
    expect(symbolsInOrder()).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    await user.click(screen.getByRole('button', { name: /Weight/ }));
    // Descending: 0.45 > 0.4 > 0.1 > "0.05"
    expect(symbolsInOrder()).toEqual(['BBB', 'AAA', 'CCC', 'DDD']);
  });

  it('sorts by the instrument-currency value when amounts are shown in instrument currency', async () => {
    const user = userEvent.setup();
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    await user.click(screen.getByRole('radio', { name: 'Instrument currency' }));
    expect(symbolsInOrder()).toEqual(['DDD', 'CCC', 'BBB', 'AAA']);
    const firstRow = screen.getAllByRole('row')[1];
    expect(firstRow).toBeDefined();
    expect(within(firstRow as HTMLElement).getByText('¥5,000')).toBeInTheDocument();
  });

  it('sorts symbols alphabetically, ascending first', async () => {
    const user = userEvent.setup();
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    await user.click(screen.getByRole('button', { name: /Symbol/ }));
    expect(symbolsInOrder()).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
  });

  it('marks losses with a minus sign and a down arrow, not only colour', () => {
    renderWithApp(<HoldingsTable holdings={HOLDINGS} baseCurrency="EUR" />);
    const ccc = screen.getAllByRole('row').find((row) => row.textContent.includes('CCC'));
    expect(ccc?.textContent).toContain('−€3.10');
    expect(ccc?.textContent).toContain('▼');
    expect(ccc?.textContent).toContain('down');
  });
});
