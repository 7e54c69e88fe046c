// The session as the user lives it, in the real route guards and sign-in page, against a real server:
// a stranger is sent to sign in, signing in returns them where they were going, and when the session
// can no longer be refreshed they land on sign-in with a clear message.
import { useQuery } from '@tanstack/react-query';
import { QueryClient } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../lib/api-client.ts';
import { useApiClient } from '../lib/api-context.tsx';
import { startAuthServer, TEST_USER, type AuthServer } from '../testing/auth-server.ts';
import { createCookieFetch } from '../testing/cookie-fetch.ts';
import { AppProvider } from './provider.tsx';
import { RedirectIfSignedIn, RequireAuth } from './require-auth.tsx';
import { Component as SignIn } from './routes/sign-in.tsx';

function Account() {
  const client = useApiClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => client.request<{ email: string }>('/me') });
  return <h1>Account of {me.data?.email ?? '…'}</h1>;
}

let server: AuthServer;
let client: ApiClient;

beforeEach(async () => {
  server = await startAuthServer();
  client = createApiClient({ baseUrl: server.baseUrl, fetch: createCookieFetch().fetch });
});

afterEach(async () => {
  client.dispose();
  await server.close();
});

function renderApp(path: string) {
  const router = createMemoryRouter(
    [
      { element: <RedirectIfSignedIn />, children: [{ path: '/sign-in', element: <SignIn /> }] },
      {
        element: <RequireAuth />,
        children: [
          { path: '/account', element: <Account /> },
          { path: '/', element: <p>Home</p> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProvider client={client} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return router;
}

describe('session flow', () => {
  it('sends a stranger to sign in and back to the page they asked for', async () => {
    const user = userEvent.setup();
    const router = renderApp('/account');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    // The silent restore was tried once with no cookie.
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    await user.type(screen.getByLabelText('Email'), TEST_USER.email);
    await user.type(screen.getByLabelText('Password'), TEST_USER.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: `Account of ${TEST_USER.email}` })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
  });

  it('shows the refusal of wrong credentials next to the form', async () => {
    const user = userEvent.setup();
    renderApp('/sign-in');
    await user.type(await screen.findByLabelText('Email'), TEST_USER.email);
    await user.type(screen.getByLabelText('Password'), 'not the password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That email and password do not match an account.',
    );
  });

  it('ends an unrefreshable session on sign-in with an explanation', async () => {
    await client.login(TEST_USER.email, TEST_USER.password);
    server.expireAccessTokens();
    server.revokeRefreshTokens();
    renderApp('/account');
    expect(
      await screen.findByText('Your session expired. Sign in again to continue where you were.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(server.count('POST', '/auth/refresh')).toBe(1);
  });

  it('keeps the user signed in when the access token expired but the refresh cookie is good', async () => {
    await client.login(TEST_USER.email, TEST_USER.password);
    server.expireAccessTokens();
    renderApp('/account');
    expect(await screen.findByRole('heading', { name: `Account of ${TEST_USER.email}` })).toBeInTheDocument();
    expect(server.count('POST', '/auth/refresh')).toBe(1);
  });
});
