import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import { dashboardQueryOptions } from '../api/dashboard.ts';

/** True when an already-loaded dashboard says its data is sandbox data (never fetches by itself). */
export function useDashboardSandbox(): boolean {
  const query = useQuery({ ...dashboardQueryOptions(useApiClient()), enabled: false });
  return query.data?.freshness.sandbox === true;
}
