import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Market data changes once a day; portfolio data changes only through this client.
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        // Retrying a 4xx repeats the same answer; retry network and server failures once.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status < 500) && failureCount < 1,
      },
    },
  });
}
