/** Pages behind the login: wait for the session, send anonymous visitors to /login (or /setup on a new install). */
import { type ReactNode, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router-dom';
import { setUnauthorizedHandler } from '../../shared/api/session-bridge.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { authKeys, sessionQuery, useIsAdmin } from './api.ts';
import { loginPath } from './next-path.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import './auth.css';

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQuery());
  const location = useLocation();
  const queryClient = useQueryClient();

  // A 401 anywhere means the session ended: re-read it, and the redirect below follows.
  useEffect(() => {
    setUnauthorizedHandler(() => void queryClient.invalidateQueries({ queryKey: authKeys.session() }));
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  if (session.isPending) {
    return (
      <main className="auth-screen">
        <Loading what={AUTH_TEXT.session.loadingWhat} />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="auth-screen">
        <ErrorNotice title={AUTH_TEXT.session.failed} error={session.error} />
      </main>
    );
  }
  if (session.data.setupRequired) return <Navigate to="/setup" replace />;
  if (!session.data.user) return <Navigate to={loginPath(location)} replace />;
  return children;
}

/** For admin pages: a viewer is told why the page is empty instead of seeing a 403. */
export function AdminOnly({ what, children }: { what: string; children: ReactNode }) {
  const isAdmin = useIsAdmin();
  if (!isAdmin) {
    return (
      <div className="notice notice-warning" role="alert" data-testid="admin-only">
        <h2 className="notice-title">{AUTH_TEXT.adminOnly.title}</h2>
        <p>{AUTH_TEXT.adminOnly.text(what)}</p>
      </div>
    );
  }
  return children;
}
