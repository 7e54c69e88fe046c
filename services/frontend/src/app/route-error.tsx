import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Last resort for a page that failed to load or render (e.g. a chunk missing after a deploy). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <main id="main" className="app-main app-main-narrow">
      <div className="state state-error" role="alert">
        <h1>This page failed to load</h1>
        <p>{message}</p>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>{' '}
          <Link to="/">Go to the dashboard</Link>
        </p>
      </div>
    </main>
  );
}
