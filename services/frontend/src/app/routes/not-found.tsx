import { Link } from 'react-router';
import { PageTitle } from '../../components/ui/page-title.tsx';

export function Component() {
  return (
    <>
      <PageTitle title="Page not found">Page not found</PageTitle>
      <p>
        There is nothing at this address. <Link to="/">Go to the dashboard</Link>.
      </p>
    </>
  );
}
