import { useLocation } from 'react-router';
import { PageTitle } from '../../components/ui/page-title.tsx';
import { AuthForm } from '../../features/auth/components/auth-form.tsx';

export function Component() {
  const state = useLocation().state as { expired?: boolean; signedOut?: boolean } | null;
  return (
    <>
      <PageTitle title="Sign in">Sign in</PageTitle>
      {state?.expired && (
        <p className="notice" role="status">
          Your session expired. Sign in again to continue where you were.
        </p>
      )}
      {state?.signedOut && (
        <p className="notice" role="status">
          You are signed out.
        </p>
      )}
      <AuthForm mode="sign-in" />
    </>
  );
}
