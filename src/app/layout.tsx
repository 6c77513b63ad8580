/** The frame of every page: skip link, header (nav, live state, alerts), main, footer. */
import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet } from 'react-router-dom';
import { HeaderAlerts } from '../features/alerts/header-alerts.tsx';
import { AuthNavLinks, UserMenu } from '../features/auth/user-menu.tsx';
import { LiveIndicator } from '../features/live/live-indicator.tsx';
import { useLiveUpdates } from '../features/live/use-live-updates.ts';
import { statusQuery } from '../shared/api/status-query.ts';
import { formatTime } from '../shared/format.ts';

export function Layout() {
  const live = useLiveUpdates();
  const status = useQuery(statusQuery());
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <NavLink to="/" className="brand" end>
            poolwatch
          </NavLink>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/" end>
              Pools
            </NavLink>
            <NavLink to="/disks">Disks</NavLink>
            <NavLink to="/jobs">Jobs</NavLink>
            <NavLink to="/smartd">S.M.A.R.T.</NavLink>
            <AuthNavLinks />
          </nav>
          <HeaderAlerts />
          <LiveIndicator state={live} />
          <UserMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        {status.data ? (
          <>
            Last scan {formatTime(status.data.scannedAt)}
            {status.data.error && <span className="footer-error"> · scan failing: {status.data.error.message}</span>}
          </>
        ) : status.isError ? (
          <span className="footer-error">Watcher status unavailable: {status.error.message}</span>
        ) : (
          'Waiting for the first scan…'
        )}
      </footer>
    </>
  );
}

export function NotFoundPage() {
  return (
    <>
      <title>Not found · poolwatch</title>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <NavLink to="/">Go to the pools</NavLink>.
      </p>
    </>
  );
}
