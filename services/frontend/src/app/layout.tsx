// The frame around every signed-in page: skip link, header with navigation, the sandbox banner, main.
import { NavLink, Outlet } from 'react-router';
import { SandboxBanner } from '../components/sandbox-banner.tsx';
import { ThemeToggle } from '../components/theme-toggle.tsx';
import { useDashboardSandbox } from '../features/dashboard/hooks/use-dashboard-sandbox.ts';
import { useSession } from '../features/auth/hooks/use-session.tsx';
import { useApiClient } from '../lib/api-context.tsx';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/portfolios', label: 'Portfolios', end: false },
  { to: '/watchlists', label: 'Watchlists', end: false },
] as const;

export function AppLayout() {
  const client = useApiClient();
  const session = useSession();
  const dashboardSaysSandbox = useDashboardSandbox();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="fin-platform home">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          fin-platform
        </NavLink>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-actions">
          <ThemeToggle />
          {session.status === 'signed-in' && (
            <>
              <span className="user-email" title={session.session.user.email}>
                {session.session.user.email}
              </span>
              <button type="button" className="button button-ghost" onClick={() => void client.logout()}>
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <SandboxBanner forceSandbox={dashboardSaysSandbox} />
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  );
}

/** The frame around sign-in and sign-up: no navigation, same banner and theme toggle. */
export function PublicLayout() {
  return (
    <>
      <header className="app-header app-header-public">
        <span className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          fin-platform
        </span>
        <div className="header-actions">
          <ThemeToggle />
        </div>
      </header>
      <SandboxBanner />
      <main id="main" className="app-main app-main-narrow">
        <Outlet />
      </main>
    </>
  );
}
