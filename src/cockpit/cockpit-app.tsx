/**
 * poolwatch's own pages inside Cockpit: pools, a pool with its guidance and actions, disks and
 * SMART, jobs, the audit log. Hash routing (Cockpit keeps the page's #/path in its own address,
 * so links and Back work), no login (the socket decides the role), no account menu or theme
 * toggle (Cockpit shows who is logged in and owns light/dark).
 */
import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { HashRouter, Route, Routes, useLocation } from 'react-router-dom';
import { AppProviders, readerRoutes } from '../app/app.tsx';
import { Layout, NotFoundPage, PRIMARY_NAV } from '../app/layout.tsx';
import { sessionQuery } from '../features/auth/api.ts';
import { AUTH_NAV } from '../features/auth/user-menu.tsx';
import { ApiRequestError } from '../shared/api/client.ts';
import { setUnauthorizedHandler } from '../shared/api/session-bridge.ts';
import { ErrorNotice, Loading } from '../shared/query-state.tsx';
import { useTheme } from '../shared/theme.ts';
import { COCKPIT_TEXT as T } from '../text/cockpit.ts';
import { CockpitChannelError } from './cockpit-transport.ts';
import type { CockpitConfig, Connection } from './connect.ts';

const NAV = [...PRIMARY_NAV, ...AUTH_NAV];

export function CockpitApp({ connection, config }: { connection: Connection; config: CockpitConfig }) {
  // Follows Cockpit's light/dark choice (its Session menu) while the page is open.
  useTheme();
  useEffect(() => {
    // There is no login page to go to: a 401 cannot happen through the socket.
    setUnauthorizedHandler(() => undefined);
  }, []);
  return (
    <AppProviders>
      <HashRouter>
        <TellCockpitTheAddress />
        <CockpitGate connection={connection} config={config}>
          <Routes>
            <Route element={<Layout nav={NAV} account={<Identity connection={connection} />} />}>
              {readerRoutes()}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </CockpitGate>
      </HashRouter>
    </AppProviders>
  );
}

/**
 * The router moves with history.pushState, which fires no hashchange — and a hashchange on this
 * frame's window is what Cockpit's shell listens to (shell 287) to copy the frame's #/path into its
 * own URL. Announce each new address, so Cockpit's URL (…/poolwatch#/pools/<uuid>) follows, Back
 * works and a link to a pool's page opens that page.
 */
function TellCockpitTheAddress() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, [pathname, search]);
  return null;
}

function Identity({ connection }: { connection: Connection }) {
  return (
    <p className="cockpit-identity" data-testid="cockpit-identity" data-admin={connection.admin}>
      <span data-testid="user-name">{connection.admin ? T.identity.admin(connection.user) : T.identity.viewer(connection.user)}</span>
      {!connection.admin && <span className="cockpit-identity-hint">{T.identity.viewerHint}</span>}
    </p>
  );
}

/** The first request tells whether poolwatch is there and open to this account; say which if not. */
function CockpitGate({ connection, config, children }: { connection: Connection; config: CockpitConfig; children: ReactNode }) {
  const session = useQuery({ ...sessionQuery(), retry: false });
  if (session.isPending) {
    return (
      <main className="auth-screen">
        <Loading what={T.loadingWhat} />
      </main>
    );
  }
  if (session.isError) {
    const cause = session.error instanceof ApiRequestError ? session.error.cause : null;
    const problem = cause instanceof CockpitChannelError ? cause.problem : null;
    const [title, text] =
      problem === 'access-denied'
        ? [T.noAccess.title, T.noAccess.text(connection.socket, config.group)]
        : problem === 'not-found'
          ? [T.notRunning.title, T.notRunning.text(connection.socket)]
          : [T.failed.title, T.failed.text(session.error.message)];
    return (
      <main id="main" className="auth-screen" data-testid="cockpit-problem" data-problem={problem ?? 'other'}>
        <ErrorNotice title={title} error={new Error(text)} />
      </main>
    );
  }
  return children;
}
