import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { PriceHistory } from './types.ts';

export function getPrices(
  client: ApiClient,
  symbol: string,
  from?: string,
  to?: string,
): Promise<PriceHistory> {
  return client.request<PriceHistory>(`/instruments/${encodeURIComponent(symbol)}/prices`, {
    query: { from, to },
  });
}

export const pricesQueryOptions = (client: ApiClient, symbol: string, from?: string, to?: string) =>
  queryOptions({
    queryKey: ['instruments', symbol, 'prices', from ?? 'start', to ?? 'end'],
    queryFn: () => getPrices(client, symbol, from, to),
    staleTime: 10 * 60_000,
  });

export function usePrices(symbol: string, from?: string, to?: string) {
  // Keep showing the previous range while the next one loads, so the chart does not flash empty.
  return useQuery({
    ...pricesQueryOptions(useApiClient(), symbol, from, to),
    placeholderData: keepPreviousData,
  });
}
