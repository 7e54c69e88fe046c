import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { listFrom } from '../../../lib/response.ts';
import type { FundamentalsRow } from './types.ts';

export async function getFundamentals(client: ApiClient, symbol: string): Promise<FundamentalsRow[]> {
  const body = await client.request<unknown>(`/instruments/${encodeURIComponent(symbol)}/fundamentals`);
  return listFrom<FundamentalsRow>(body, 'fundamentals', 'periods', 'rows');
}

export const fundamentalsQueryOptions = (client: ApiClient, symbol: string) =>
  queryOptions({
    queryKey: ['instruments', symbol, 'fundamentals'],
    queryFn: () => getFundamentals(client, symbol),
    staleTime: 30 * 60_000,
  });

export function useFundamentals(symbol: string) {
  return useQuery(fundamentalsQueryOptions(useApiClient(), symbol));
}
