import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { listFrom } from '../../../lib/response.ts';
import type { Transaction, TransactionInput } from './types.ts';

const path = (id: string) => `/portfolios/${encodeURIComponent(id)}/transactions`;

export async function getTransactions(client: ApiClient, id: string): Promise<Transaction[]> {
  return listFrom<Transaction>(await client.request<unknown>(path(id)), 'transactions');
}

export const transactionsQueryOptions = (client: ApiClient, id: string) =>
  queryOptions({ queryKey: ['portfolios', id, 'transactions'], queryFn: () => getTransactions(client, id) });

export function useTransactions(id: string) {
  return useQuery(transactionsQueryOptions(useApiClient(), id));
}

/** A PATCH names every field: those the new type does not use are cleared (null), not left over. */
export function toPatch(input: TransactionInput): Record<string, string | null> {
  const cleared = { symbol: null, quantity: null, price: null, fee: null, amount: null, currency: null };
  return { ...cleared, ...input };
}

/** Everything derived from transactions (holdings, performance, allocation, dashboard) is stale after a change. */
function useInvalidatePortfolio(id: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['portfolios', id] }),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
  };
}

export function useCreateTransaction(portfolioId: string) {
  const client = useApiClient();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (input: TransactionInput) =>
      client.request<Transaction>(path(portfolioId), { method: 'POST', json: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateTransaction(portfolioId: string) {
  const client = useApiClient();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TransactionInput }) =>
      client.request<Transaction>(`${path(portfolioId)}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        json: toPatch(input),
      }),
    onSuccess: invalidate,
  });
}

export function useDeleteTransaction(portfolioId: string) {
  const client = useApiClient();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (id: string) =>
      client.request<undefined>(`${path(portfolioId)}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export interface ImportResult {
  imported?: number;
  skipped?: number;
  duplicates?: number;
}

/** Sends the CSV file as is (text/csv); the API validates every row and rejects a bad file as a whole. */
export function importTransactions(
  client: ApiClient,
  portfolioId: string,
  csv: string,
): Promise<ImportResult> {
  return client.request<ImportResult>(`${path(portfolioId)}/import`, {
    method: 'POST',
    body: { content: csv, contentType: 'text/csv' },
  });
}

export function useImportTransactions(portfolioId: string) {
  const client = useApiClient();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (csv: string) => importTransactions(client, portfolioId, csv),
    onSuccess: invalidate,
  });
}

export function exportTransactions(client: ApiClient, portfolioId: string) {
  return client.requestBlob(`${path(portfolioId)}/export`);
}
