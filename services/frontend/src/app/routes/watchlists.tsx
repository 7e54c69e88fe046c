import { PageTitle } from '../../components/ui/page-title.tsx';
import { WatchlistManager } from '../../features/watchlists/components/watchlist-manager.tsx';

export function Component() {
  return (
    <>
      <PageTitle title="Watchlists">Watchlists</PageTitle>
      <WatchlistManager />
    </>
  );
}
