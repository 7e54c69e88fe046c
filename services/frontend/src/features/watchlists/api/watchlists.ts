// Watchlists (issue #5 routes; items "carry the latest snapshot metrics", gold names in camelCase).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { listFrom } from '../../../lib/response.ts';
import type { Snapshot } from '../../instruments/api/types.ts';

export interface WatchlistItem extends Snapshot {
  symbol: string;
  name?: string | null;
  /** Optional recent closes for the sparkline; fetched from prices when absent. */
  sparkline?: number[] | null;
  snapshot?: Snapshot | null;
}

export interface Watchlist {
  id: string;
  name: string;
  items?: WatchlistItem[];
}

/** Items may carry the snapshot flat or nested under `snapshot`: flatten to one shape. */
export function flattenItem(item: WatchlistItem): WatchlistItem {
  return item.snapshot ? { ...item.snapshot, ...item, snapshot: null } : item;
}

export async function getWatchlists(client: ApiClient): Promise<Watchlist[]> {
  return listFrom<Watchlist>(await client.request<unknown>('/watchlists'), 'watchlists');
}

export async function getWatchlist(client: ApiClient, id: string): Promise<Watchlist> {
  const body = await client.request<Watchlist>(`/watchlists/${encodeURIComponent(id)}`);
  return { ...body, items: listFrom<WatchlistItem>(body.items ?? body, 'items').map(flattenItem) };
}

export const watchlistsQueryOptions = (client: ApiClient) =>
  queryOptions({ queryKey: ['watchlists'], queryFn: () => getWatchlists(client) });

export function useWatchlists() {
  return useQuery(watchlistsQueryOptions(useApiClient()));
}

export function useWatchlist(id: string) {
  const client = useApiClient();
  return useQuery({ queryKey: ['watchlists', id], queryFn: () => getWatchlist(client, id) });
}

function useInvalidateWatchlists() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['watchlists'] }),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
  };
}

export function useCreateWatchlist() {
  const client = useApiClient();
  const invalidate = useInvalidateWatchlists();
  return useMutation({
    mutationFn: (name: string) =>
      client.request<Watchlist>('/watchlists', { method: 'POST', json: { name } }),
    onSuccess: invalidate,
  });
}

export function useRenameWatchlist() {
  const client = useApiClient();
  const invalidate = useInvalidateWatchlists();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      client.request<Watchlist>(`/watchlists/${encodeURIComponent(id)}`, { method: 'PATCH', json: { name } }),
    onSuccess: invalidate,
  });
}

export function useDeleteWatchlist() {
  const client = useApiClient();
  const invalidate = useInvalidateWatchlists();
  return useMutation({
    mutationFn: (id: string) =>
      client.request<undefined>(`/watchlists/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useAddWatchlistItem() {
  const client = useApiClient();
  const invalidate = useInvalidateWatchlists();
  return useMutation({
    mutationFn: ({ id, symbol }: { id: string; symbol: string }) =>
      client.request<unknown>(`/watchlists/${encodeURIComponent(id)}/items`, {
        method: 'POST',
        json: { symbol },
      }),
    onSuccess: invalidate,
  });
}

export function useRemoveWatchlistItem() {
  const client = useApiClient();
  const invalidate = useInvalidateWatchlists();
  return useMutation({
    mutationFn: ({ id, symbol }: { id: string; symbol: string }) =>
      client.request<undefined>(`/watchlists/${encodeURIComponent(id)}/items/${encodeURIComponent(symbol)}`, {
        method: 'DELETE',
      }),
    onSuccess: invalidate,
  });
}
