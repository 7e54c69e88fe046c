import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import { rangeStart, todayIso } from '../../../lib/dates.ts';
import { pricesQueryOptions } from '../api/get-prices.ts';

/** Closes of the last three months for a sparkline, unless the caller already has them. */
export function useSparkline(
  symbol: string,
  provided?: readonly number[] | null,
): readonly number[] | undefined {
  const from = rangeStart('3M', todayIso());
  const query = useQuery({
    ...pricesQueryOptions(useApiClient(), symbol, from),
    enabled: !provided || provided.length < 2,
  });
  if (provided && provided.length >= 2) return provided;
  return query.data?.bars.map((bar) => bar.adjClose);
}
