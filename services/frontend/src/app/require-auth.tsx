import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/ui/states.tsx';
import { useSession } from '../features/auth/hooks/use-session.tsx';

/** Signed-in pages: wait for the silent session restore, then send strangers to sign in (and back after). */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading what="your session" />;
  if (session.status === 'signed-out') {
    // Signing out is a choice, not a detour: no "come back here" afterwards.
    if (session.reason === 'signed-out')
      return <Navigate to="/sign-in" replace state={{ signedOut: true }} />;
    return (
      <Navigate
        to="/sign-in"
        replace
        state={{ from: `${location.pathname}${location.search}`, expired: session.reason === 'expired' }}
      />
    );
  }
  return <Outlet />;
}

/** Sign-in and sign-up: a signed-in user goes straight to the dashboard. */
export function RedirectIfSignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading what="your session" />;
  if (session.status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from ?? '/';
    return <Navigate to={from} replace />;
  }
  return <Outlet />;
}
