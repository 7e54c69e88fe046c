// Whether the database holds sandbox data, and how fresh gold is: from GET /readyz, which needs no
// session, so the banner shows on every screen including sign-in.
import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-context.tsx';
import { isRecord } from './api-error.ts';
import type { ApiClient } from './api-client.ts';

export interface DataStatus {
  sandbox: boolean;
  goldDate: string | null;
}

export async function getDataStatus(client: ApiClient): Promise<DataStatus> {
  const body = await client.request<unknown>('/readyz', { auth: false, root: true });
  const root = isRecord(body) ? body : {};
  const gold = isRecord(root.gold) ? root.gold : {};
  const date = gold.latestDate ?? root.goldDate ?? gold.date ?? root.date;
  return {
    sandbox:
      root.sandbox === true ||
      gold.sandbox === true ||
      root.dataSource === 'sandbox' ||
      root.sources === 'sandbox',
    goldDate: typeof date === 'string' ? date : null,
  };
}

export function useDataStatus() {
  const client = useApiClient();
  return useQuery({
    queryKey: ['data-status'],
    queryFn: () => getDataStatus(client),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
