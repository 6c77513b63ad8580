/**
 * The frame of every page: skip link, header (navigation, alerts, live state, account), the offline
 * notice, main, footer. Wide screens show the navigation in one row that never wraps; below
 * 960 px it folds into a Menu button. Inside Cockpit (`embedded`) there is no account menu:
 * Cockpit already shows who is logged in and owns the theme.
 */
import { type ReactNode, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet } from 'react-router-dom';
import { DataDirAlert } from '../features/alerts/data-dir-alert.tsx';
import { StaleAlert } from '../features/alerts/stale-alert.tsx';
import { HeaderAlerts } from '../features/alerts/header-alerts.tsx';
import { LiveIndicator, OfflineNotice } from '../features/live/live-indicator.tsx';
import { useLiveUpdates } from '../features/live/use-live-updates.ts';
import { statusQuery } from '../shared/api/status-query.ts';
import { formatTime } from '../shared/format.ts';
import { APP_TEXT } from '../text/app.ts';
import { COMMON_TEXT } from '../text/common.ts';

export interface NavItem {
  to: string;
  label: string;
  /** Match the address exactly (the root). */
  end?: boolean;
}

/** The pages every reader uses; the app adds the features' own (app.tsx). */
export const PRIMARY_NAV: readonly NavItem[] = [
  { to: '/', label: APP_TEXT.nav.pools, end: true },
  { to: '/disks', label: APP_TEXT.nav.disks },
  { to: '/jobs', label: APP_TEXT.nav.jobs },
  { to: '/smartd', label: APP_TEXT.nav.smart },
];

export function Layout({ nav = PRIMARY_NAV, account }: { nav?: readonly NavItem[]; account?: ReactNode }) {
  const live = useLiveUpdates();
  const status = useQuery(statusQuery());
  const [menuOpen, setMenuOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <a className="skip-link" href="#main">
        {APP_TEXT.skipLink}
      </a>
      <header className="site-header">
        <div
          className="site-header-inner"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) {
              setMenuOpen(false);
              toggleRef.current?.focus();
            }
          }}
        >
          <button
            ref={toggleRef}
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls={panelId}
            onClick={() => setMenuOpen((o) => !o)}
            data-testid="menu-toggle"
          >
            <span className="menu-icon" aria-hidden="true" />
            <span>{menuOpen ? APP_TEXT.menu.close : APP_TEXT.menu.open}</span>
          </button>
          <NavLink to="/" className="brand" end>
            {APP_TEXT.brand}
          </NavLink>
          <div
            id={panelId}
            className={`site-nav${menuOpen ? ' site-nav-open' : ''}`}
            data-testid="site-nav"
            // Following a link in the folded menu closes it.
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a')) setMenuOpen(false);
            }}
          >
            <nav aria-label={APP_TEXT.nav.label} className="main-nav">
              {nav.map((item) => (
                <NavLink key={item.to} to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              ))}
            </nav>
            {account}
          </div>
          <HeaderAlerts />
          <LiveIndicator live={live} />
        </div>
      </header>
      <OfflineNotice live={live} />
      <main id="main" tabIndex={-1}>
        <DataDirAlert />
        <StaleAlert />
        <Outlet />
      </main>
      <footer className="site-footer">
        {status.data ? (
          <>
            {APP_TEXT.footer.lastScan(formatTime(status.data.scannedAt))}
            {status.data.error && <span className="footer-error">{APP_TEXT.footer.scanFailing(status.data.error.message)}</span>}
          </>
        ) : status.isError ? (
          <span className="footer-error">{APP_TEXT.footer.statusUnavailable(status.error.message)}</span>
        ) : (
          APP_TEXT.footer.waiting
        )}
      </footer>
    </>
  );
}

export function NotFoundPage() {
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(APP_TEXT.notFound.title)}</title>
      <h1>{APP_TEXT.notFound.heading}</h1>
      <p>
        {APP_TEXT.notFound.text} <NavLink to="/">{APP_TEXT.notFound.back}</NavLink>.
      </p>
    </>
  );
}
