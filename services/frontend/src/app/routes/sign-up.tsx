import { PageTitle } from '../../components/ui/page-title.tsx';
import { AuthForm } from '../../features/auth/components/auth-form.tsx';

export function Component() {
  return (
    <>
      <PageTitle title="Create your account">Create your account</PageTitle>
      <p className="lead">Track portfolios in any base currency against daily market data you own.</p>
      <AuthForm mode="sign-up" />
    </>
  );
}
