// CSV import against a real HTTP server that validates the file the way the contract describes (every
// row checked, the whole file refused with line numbers and reasons) so the errors shown come from a
// real round trip of the file the user picked.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../lib/api-client.ts';
import { startAuthServer, TEST_USER, type AuthServer } from '../../../testing/auth-server.ts';
import { createCookieFetch } from '../../../testing/cookie-fetch.ts';
import { renderWithApp } from '../../../testing/render.tsx';
import { CsvImport } from './csv-import.tsx';

const HEADER = 'date,type,symbol,quantity,price,fee,amount,currency';

/** Validates like the API: header required, dates YYYY-MM-DD, trades need a positive quantity. */
function validate(csv: string): { status: number; body: unknown } {
  const lines = csv.trim().split(/\r?\n/);
  if (lines[0] !== HEADER)
    return {
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'The header row is missing or wrong.' } },
    };
  const details: { line: number; field: string; message: string }[] = [];
  lines.slice(1).forEach((line, index) => {
    const [date = '', type = '', , quantity = ''] = line.split(',');
    const lineNumber = index + 2;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      details.push({ line: lineNumber, field: 'date', message: `"${date}" is not a date (YYYY-MM-DD).` });
    if ((type === 'BUY' || type === 'SELL') && !/^\d+(\.\d+)?$/.test(quantity))
      details.push({
        line: lineNumber,
        field: 'quantity',
        message: `"${quantity}" is not a positive quantity.`,
      });
  });
  if (details.length > 0)
    return {
      status: 422,
      body: { error: { code: 'IMPORT_REJECTED', message: `${details.length} rows are invalid.`, details } },
    };
  return { status: 201, body: { imported: lines.length - 1, skipped: 0 } };
}

let server: AuthServer;

beforeEach(async () => {
  server = await startAuthServer((path, method, body, authorized) => {
    if (method === 'POST' && path === '/api/v1/portfolios/p1/transactions/import' && authorized)
      return validate(body);
    return undefined;
  });
});

afterEach(async () => {
  await server.close();
});

async function renderImport() {
  const client = createApiClient({ baseUrl: server.baseUrl, fetch: createCookieFetch().fetch });
  await client.login(TEST_USER.email, TEST_USER.password);
  renderWithApp(<CsvImport portfolioId="p1" />, { client });
  return client;
}

function csvFile(text: string) {
  return new File([text], 'history.csv', { type: 'text/csv' });
}

describe('CsvImport', () => {
  it('lists every row error of a refused file by line, and says nothing was imported', async () => {
    const user = userEvent.setup();
    const client = await renderImport();
    const file = csvFile(
      [
        HEADER,
        '2024-01-02,BUY,AAPL,10,185.2,1,,',
        '02/01/2024,BUY,MSFT,5,370,,,',
        '2024-01-03,SELL,AAPL,-3,190,,,',
      ].join('\n'),
    );
    await user.upload(screen.getByLabelText('CSV file'), file);
    await user.click(screen.getByRole('button', { name: 'Import' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file was not imported; nothing was added.');
    const rows = within(alert)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ['3', 'date', '"02/01/2024" is not a date (YYYY-MM-DD).'],
      ['4', 'quantity', '"-3" is not a positive quantity.'],
    ]);
    const sent = server.requests.find((r) => r.path.endsWith('/import'));
    expect(sent?.headers['content-type']).toBe('text/csv');
    expect(sent?.headers.authorization).toBe(`Bearer ${client.getSession()?.accessToken ?? ''}`);
    client.dispose();
  });

  it('confirms how many transactions a good file added', async () => {
    const user = userEvent.setup();
    const client = await renderImport();
    await user.upload(
      screen.getByLabelText('CSV file'),
      csvFile([HEADER, '2024-01-02,BUY,AAPL,10,185.2,1,,', '2024-02-01,DEPOSIT,,,,,1000,EUR'].join('\n')),
    );
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Imported 2 transactions.'));
    expect(screen.queryByRole('alert')).toBeNull();
    client.dispose();
  });

  it('asks for a file before sending anything', async () => {
    const user = userEvent.setup();
    const client = await renderImport();
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose a CSV file first.');
    expect(server.requests.some((r) => r.path.endsWith('/import'))).toBe(false);
    client.dispose();
  });
});
