import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { SessionProvider } from '../features/auth/hooks/use-session.tsx';
import type { ApiClient } from '../lib/api-client.ts';
import { ApiClientProvider } from '../lib/api-context.tsx';

/** Everything a page needs from above: the API client, the query cache, the session. */
export function AppProvider({
  client,
  queryClient,
  children,
}: {
  client: ApiClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <ApiClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>{children}</SessionProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
