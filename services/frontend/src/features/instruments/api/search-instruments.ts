import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { listFrom } from '../../../lib/response.ts';
import type { InstrumentSummary } from './types.ts';

export async function searchInstruments(
  client: ApiClient,
  q: string,
  limit = 8,
): Promise<InstrumentSummary[]> {
  const body = await client.request<unknown>('/instruments', { query: { q, limit } });
  return listFrom<InstrumentSummary>(body, 'instruments');
}

export const instrumentSearchQueryOptions = (client: ApiClient, q: string) =>
  queryOptions({
    queryKey: ['instruments', 'search', q],
    queryFn: () => searchInstruments(client, q),
    staleTime: 5 * 60_000,
  });

export function useInstrumentSearch(q: string) {
  return useQuery({ ...instrumentSearchQueryOptions(useApiClient(), q), enabled: q.trim().length > 0 });
}
