import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { isRecord } from '../../../lib/api-error.ts';
import type { InstrumentDetail, Snapshot } from './types.ts';

export async function getInstrument(client: ApiClient, symbol: string): Promise<InstrumentDetail> {
  const body = await client.request<unknown>(`/instruments/${encodeURIComponent(symbol)}`);
  if (!isRecord(body)) throw new Error(`Unexpected answer for instrument ${symbol}`);
  // The profile may nest under `instrument`/`profile`; the snapshot may be nested or flat.
  const profile = isRecord(body.instrument) ? body.instrument : isRecord(body.profile) ? body.profile : body;
  const snapshot = (isRecord(body.snapshot) ? body.snapshot : null) as Snapshot | null;
  const fundamentals = isRecord(body.fundamentals)
    ? body.fundamentals
    : isRecord(body.latestFundamentals)
      ? body.latestFundamentals
      : null;
  return {
    ...(profile as unknown as InstrumentDetail),
    symbol: typeof profile.symbol === 'string' ? profile.symbol : symbol,
    snapshot,
    fundamentals: fundamentals as InstrumentDetail['fundamentals'],
  };
}

export const instrumentQueryOptions = (client: ApiClient, symbol: string) =>
  queryOptions({
    queryKey: ['instruments', symbol],
    queryFn: () => getInstrument(client, symbol),
    staleTime: 5 * 60_000,
  });

export function useInstrument(symbol: string) {
  return useQuery(instrumentQueryOptions(useApiClient(), symbol));
}
