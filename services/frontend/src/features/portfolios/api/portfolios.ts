import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { listFrom } from '../../../lib/response.ts';
import type { Portfolio } from './types.ts';

export async function getPortfolios(client: ApiClient): Promise<Portfolio[]> {
  return listFrom<Portfolio>(await client.request<unknown>('/portfolios'), 'portfolios');
}

export const portfoliosQueryOptions = (client: ApiClient) =>
  queryOptions({ queryKey: ['portfolios'], queryFn: () => getPortfolios(client) });

export function usePortfolios() {
  return useQuery(portfoliosQueryOptions(useApiClient()));
}

export function getPortfolio(client: ApiClient, id: string): Promise<Portfolio> {
  return client.request<Portfolio>(`/portfolios/${encodeURIComponent(id)}`);
}

export function usePortfolio(id: string) {
  const client = useApiClient();
  return useQuery({ queryKey: ['portfolios', id], queryFn: () => getPortfolio(client, id) });
}

export function useCreatePortfolio() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; baseCurrency: string }) =>
      client.request<Portfolio>('/portfolios', { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portfolios'] }),
  });
}

export function useDeletePortfolio() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      client.request<undefined>(`/portfolios/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portfolios'] }),
  });
}
