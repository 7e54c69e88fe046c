// The signed-in state for the whole app, fed by the API client's session events. On start it tries the
// refresh cookie once, so a reload keeps the user signed in without storing any token in the page.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Session, SessionEndReason } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-in'; session: Session }
  | { status: 'signed-out'; reason?: SessionEndReason };

const SessionContext = createContext<SessionState>({ status: 'restoring' });

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>(() => {
    const session = client.getSession();
    return session ? { status: 'signed-in', session } : { status: 'restoring' };
  });

  useEffect(() => {
    const unsubscribe = client.subscribe(({ session, reason }) => {
      if (session) {
        setState({ status: 'signed-in', session });
        return;
      }
      // Another user may sign in next on this tab: nothing cached may survive the session.
      queryClient.clear();
      setState(reason ? { status: 'signed-out', reason } : { status: 'signed-out' });
    });
    if (!client.getSession()) {
      void client.refresh().then((session) => {
        if (!session)
          setState((current) => (current.status === 'restoring' ? { status: 'signed-out' } : current));
      });
    }
    return unsubscribe;
  }, [client, queryClient]);

  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
