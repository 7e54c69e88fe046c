import { QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { AppProvider } from '../app/provider.tsx';
import { createApiClient, type ApiClient } from '../lib/api-client.ts';

/** Renders a component inside the app's providers, talking to `baseUrl` (a real test server). */
export function renderWithApp(
  ui: ReactElement,
  options: { baseUrl?: string; client?: ApiClient; route?: string } = {},
): RenderResult & { client: ApiClient; queryClient: QueryClient } {
  const client =
    options.client ?? createApiClient({ baseUrl: options.baseUrl ?? 'http://127.0.0.1:9/api/v1' });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const result = render(
    <AppProvider client={client} queryClient={queryClient}>
      <MemoryRouter initialEntries={[options.route ?? '/']}>{ui}</MemoryRouter>
    </AppProvider>,
  );
  return { ...result, client, queryClient };
}
