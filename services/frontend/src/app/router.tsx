// Routes, each page loaded on demand (route-level code splitting): the first visit downloads the shell
// and the page it opens, nothing else.
import { createBrowserRouter } from 'react-router';
import { AppLayout, PublicLayout } from './layout.tsx';
import { RedirectIfSignedIn, RequireAuth } from './require-auth.tsx';
import { RouteError } from './route-error.tsx';

export function createRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteError />,
      children: [
        {
          element: <RedirectIfSignedIn />,
          children: [
            {
              element: <PublicLayout />,
              children: [
                { path: '/sign-in', lazy: () => import('./routes/sign-in.tsx') },
                { path: '/sign-up', lazy: () => import('./routes/sign-up.tsx') },
              ],
            },
          ],
        },
        {
          element: <RequireAuth />,
          children: [
            {
              element: <AppLayout />,
              children: [
                { index: true, lazy: () => import('./routes/dashboard.tsx') },
                { path: '/portfolios', lazy: () => import('./routes/portfolios.tsx') },
                { path: '/portfolios/:portfolioId', lazy: () => import('./routes/portfolio.tsx') },
                { path: '/watchlists', lazy: () => import('./routes/watchlists.tsx') },
                { path: '/instruments/:symbol', lazy: () => import('./routes/instrument.tsx') },
                { path: '*', lazy: () => import('./routes/not-found.tsx') },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
