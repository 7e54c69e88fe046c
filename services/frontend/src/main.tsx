import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProvider } from './app/provider.tsx';
import { createRouter } from './app/router.tsx';
import './app/styles.css';
import { createApiClient } from './lib/api-client.ts';
import { createQueryClient } from './lib/query-client.ts';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

// Same origin in production (finplat serve) and in development (Vite proxies /api).
const client = createApiClient({ baseUrl: '/api/v1' });
const queryClient = createQueryClient();
const router = createRouter();

createRoot(container).render(
  <StrictMode>
    <AppProvider client={client} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  </StrictMode>,
);
