// CSV import: the API validates every row and refuses a bad file as a whole; the row errors it sends
// are listed here by line so the user can fix the file and try again.
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { ApiError, describeError, isRecord } from '../../../lib/api-error.ts';
import { useImportTransactions } from '../api/transactions.ts';

export interface RowError {
  line: number | null;
  field: string | null;
  message: string;
}

/** Reads the API's error details whatever their exact field names (line/row, field/column, message/reason). */
export function rowErrorsFrom(error: unknown): RowError[] {
  if (!(error instanceof ApiError)) return [];
  return error.details.map((detail): RowError => {
    if (!isRecord(detail)) return { line: null, field: null, message: String(detail) };
    const line = detail.line ?? detail.row ?? detail.lineNumber;
    const field =
      detail.field ?? detail.column ?? (Array.isArray(detail.path) ? detail.path.join('.') : detail.path);
    const message = detail.message ?? detail.reason ?? detail.error;
    return {
      line:
        typeof line === 'number'
          ? line
          : typeof line === 'string' && /^\d+$/.test(line)
            ? Number(line)
            : null,
      field: typeof field === 'string' && field !== '' ? field : null,
      message: typeof message === 'string' ? message : JSON.stringify(detail),
    };
  });
}

export function CsvImportErrors({ error }: { error: unknown }) {
  const rows = rowErrorsFrom(error).sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>The file was not imported; nothing was added.</strong> {describeError(error)} Fix the rows
        below and import the file again.
      </p>
      {rows.length > 0 && (
        <table className="data-table import-errors">
          <caption>
            {rows.length} {rows.length === 1 ? 'problem' : 'problems'} in the file
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={`${row.line ?? 'x'}-${row.field ?? ''}-${index}`}>
                <td>{row.line ?? '—'}</td>
                <td>{row.field ?? '—'}</td>
                <td>{row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const CSV_COLUMNS = 'date,type,symbol,quantity,price,fee,amount,currency';

export function CsvImport({ portfolioId }: { portfolioId: string }) {
  const importer = useImportTransactions(portfolioId);
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const hintId = useId();

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setFileError('Choose a CSV file first.');
      return;
    }
    setFileError(null);
    importer.mutate(await file.text());
  }

  return (
    <form className="csv-import" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={`${hintId}-file`}>CSV file</label>
        <input
          id={`${hintId}-file`}
          ref={fileInput}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={() => importer.reset()}
        />
        <p id={hintId} className="hint">
          Header required. Columns: <code>{CSV_COLUMNS}</code>. Re-importing the same file adds nothing twice.
        </p>
      </div>
      <button type="submit" className="button" disabled={importer.isPending}>
        {importer.isPending ? 'Importing…' : 'Import'}
      </button>
      {fileError && (
        <p className="form-error" role="alert">
          {fileError}
        </p>
      )}
      {importer.isError && <CsvImportErrors error={importer.error} />}
      {importer.isSuccess && (
        <p className="form-success" role="status">
          Imported {importer.data.imported ?? 'all'}{' '}
          {importer.data.imported === 1 ? 'transaction' : 'transactions'}
          {importer.data.skipped || importer.data.duplicates
            ? ` (${importer.data.skipped ?? importer.data.duplicates} already there, skipped)`
            : ''}
          .
        </p>
      )}
    </form>
  );
}
