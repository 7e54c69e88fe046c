import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { isRecord } from '../../../lib/api-error.ts';
import { isDecimalString } from '../../../lib/decimal.ts';
import { listFrom } from '../../../lib/response.ts';
import type { AllocationDimension, AllocationSlice } from './types.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads one slice whatever the field names the API settles on (label/key/name, weight as number or string). */
function toSlice(raw: unknown): AllocationSlice | undefined {
  if (!isRecord(raw)) return undefined;
  const weight = Number(raw.weight ?? raw.share ?? NaN);
  if (!Number.isFinite(weight)) return undefined;
  const value = raw.marketValueBase ?? raw.valueBase ?? raw.value;
  return {
    label: text(raw.label) ?? text(raw.key) ?? text(raw.name) ?? text(raw.group) ?? 'Unknown',
    weight,
    valueBase: isDecimalString(value) ? value : null,
  };
}

export async function getAllocation(
  client: ApiClient,
  id: string,
  by: AllocationDimension,
): Promise<AllocationSlice[]> {
  const body = await client.request<unknown>(`/portfolios/${encodeURIComponent(id)}/allocation`, {
    query: { by },
  });
  return listFrom<unknown>(body, 'slices', 'allocation', 'groups', 'buckets')
    .map(toSlice)
    .filter((slice): slice is AllocationSlice => slice !== undefined)
    .sort((a, b) => b.weight - a.weight);
}

export const allocationQueryOptions = (client: ApiClient, id: string, by: AllocationDimension) =>
  queryOptions({
    queryKey: ['portfolios', id, 'allocation', by],
    queryFn: () => getAllocation(client, id, by),
  });

export function useAllocation(id: string, by: AllocationDimension) {
  return useQuery(allocationQueryOptions(useApiClient(), id, by));
}
