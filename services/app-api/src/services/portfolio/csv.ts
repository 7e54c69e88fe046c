/**
 * CSV import/export of transactions (docs/csv-format.md). Columns: date,type,symbol,quantity,price,
 * fee,amount,currency with a header row, in any order. A file is validated as a whole: every problem
 * is reported with its line, column and reason, and nothing is imported unless all rows are valid.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ErrorDetail } from '../../http/errors.ts';
import type { NewTransaction } from '../../db/portfolios.repository.ts';
import { Decimal } from './decimal.ts';
import { toInputShape, toNewTransaction, transactionInputSchema } from './transaction-input.ts';

export const CSV_COLUMNS = [
  'date',
  'type',
  'symbol',
  'quantity',
  'price',
  'fee',
  'amount',
  'currency',
] as const;
export const MAX_IMPORT_ROWS = 100_000;

export interface ParsedRow extends NewTransaction {
  readonly line: number;
  /** content hash + occurrence number: the same file imported twice yields the same keys */
  readonly importKey: string;
}

export function parseTransactionsCsv(text: string): { rows: ParsedRow[]; errors: ErrorDetail[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    return {
      rows: [],
      errors: [
        {
          ...(lines === undefined ? {} : { line: lines }),
          message: `not a readable CSV file: ${(error as Error).message}`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      errors: [
        { line: 1, message: `empty file; the first line must be the header ${CSV_COLUMNS.join(',')}` },
      ],
    };
  const names = header.map((h) => h.toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (missing.length > 0 || unknown.length > 0) {
    return {
      rows: [],
      errors: [
        ...missing.map((c) => ({
          line: 1,
          column: c,
          message: `missing column "${c}"; the header must be ${CSV_COLUMNS.join(',')}`,
        })),
        ...unknown.map((c) => ({ line: 1, column: c, message: `unknown column "${c}"` })),
      ],
    };
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      errors: [{ message: `${body.length} rows; at most ${MAX_IMPORT_ROWS} per file, split the file` }],
    };
  }

  const errors: ErrorDetail[] = [];
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const line = index + 2; // the header is line 1 (blank lines skipped are not counted)
    const raw: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = record[i] ?? '';
      if (value !== '') raw[name] = name === 'type' || name === 'currency' ? value.toUpperCase() : value;
    });
    const parsed = transactionInputSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
        const message =
          issue.code === 'unrecognized_keys'
            ? `${issue.keys.join(', ')} must be empty for a ${raw.type ?? ''} row`
            : issue.code === 'invalid_union'
              ? `type must be one of BUY, SELL, DIVIDEND, DEPOSIT, WITHDRAWAL, FEE, INTEREST`
              : issue.message;
        errors.push({ line, ...(column === undefined ? {} : { column }), message });
      }
      return;
    }
    const row = toNewTransaction(parsed.data);
    const content = canonical(row);
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    const importKey = createHash('sha256').update(`${content}#${occurrence}`).digest('hex');
    rows.push({ ...row, line, importKey });
  });
  return { rows, errors };
}

/** Numbers normalised (1.50 = 1.5) so that a reformatted but equal row gets the same key. */
function canonical(row: NewTransaction): string {
  const n = (v: string | null): string => (v === null ? '' : new Decimal(v).toString());
  return [
    row.date,
    row.type,
    row.symbol ?? '',
    n(row.quantity),
    n(row.price),
    n(row.fee),
    n(row.amount),
    row.currency ?? '',
  ].join('|');
}

export function formatTransactionsCsv(rows: readonly NewTransaction[]): string {
  return stringify(
    rows.map((row) => {
      const shape = toInputShape(row);
      return CSV_COLUMNS.map((c) => shape[c] ?? '');
    }),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
