import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { Performance } from './types.ts';

export function getPerformance(
  client: ApiClient,
  id: string,
  range: { from?: string | undefined; to?: string | undefined; benchmark?: string },
): Promise<Performance> {
  return client.request<Performance>(`/portfolios/${encodeURIComponent(id)}/performance`, {
    query: { from: range.from, to: range.to, benchmark: range.benchmark },
  });
}

export const performanceQueryOptions = (
  client: ApiClient,
  id: string,
  from: string | undefined,
  benchmark = 'SPY',
) =>
  queryOptions({
    queryKey: ['portfolios', id, 'performance', from ?? 'start', benchmark],
    queryFn: () => getPerformance(client, id, { from, benchmark }),
  });

export function usePerformance(id: string, from: string | undefined, benchmark = 'SPY', enabled = true) {
  return useQuery({
    ...performanceQueryOptions(useApiClient(), id, from, benchmark),
    placeholderData: keepPreviousData,
    enabled,
  });
}
