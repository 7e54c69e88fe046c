import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { Holdings } from './types.ts';

export function getHoldings(client: ApiClient, id: string, date?: string): Promise<Holdings> {
  return client.request<Holdings>(`/portfolios/${encodeURIComponent(id)}/holdings`, { query: { date } });
}

export const holdingsQueryOptions = (client: ApiClient, id: string) =>
  queryOptions({ queryKey: ['portfolios', id, 'holdings'], queryFn: () => getHoldings(client, id) });

export function useHoldings(id: string) {
  return useQuery(holdingsQueryOptions(useApiClient(), id));
}
