/**
 * The header's account menu: who is logged in, the pages the app puts here (schedules,
 * notifications, support: they keep the header to one row), the admin pages (API tokens, Users),
 * whatever the app adds (the theme), and Log out. A disclosure: Escape or leaving it closes it, focus goes
 * back to its button.
 */
import { type ReactNode, useId, useRef, useState } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { APP_TEXT } from '../../text/app.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { useCurrentUser, useIsAdmin, useLogout } from './api.ts';
import './auth.css';

/** Links every logged-in reader gets in the main navigation. */
export const AUTH_NAV = [{ to: '/audit', label: APP_TEXT.nav.audit }] as const;

export function AccountMenu({ links = [], children }: { links?: readonly { to: string; label: string }[]; children?: ReactNode }) {
  const user = useCurrentUser();
  const isAdmin = useIsAdmin();
  const logout = useLogout();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  if (!user) return null;
  const close = () => setOpen(false);
  return (
    <div
      className="account-menu"
      data-testid="user-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
          buttonRef.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="account-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={AUTH_TEXT.account.menuLabel(user.name)}
        onClick={() => setOpen((o) => !o)}
        data-testid="account-toggle"
      >
        <span data-testid="user-name">{user.name}</span> <span className="account-role">{AUTH_TEXT.account.role(user.role)}</span>
        <span className="caret" aria-hidden="true" />
      </button>
      <div id={panelId} className="account-panel" hidden={!open}>
        {links.length > 0 && (
          <nav aria-label={APP_TEXT.menu.settings} className="account-links">
            {links.map((l) => (
              <NavLink key={l.to} to={l.to} onClick={close}>
                {l.label}
              </NavLink>
            ))}
          </nav>
        )}
        {isAdmin && (
          <nav aria-label={APP_TEXT.menu.account} className="account-links">
            <NavLink to="/tokens" onClick={close}>
              {APP_TEXT.nav.tokens}
            </NavLink>
            <NavLink to="/users" onClick={close}>
              {APP_TEXT.nav.users}
            </NavLink>
          </nav>
        )}
        {children}
        {user.via === 'session' && (
          <div className="account-links">
            <NavLink to="/account/password" onClick={close} data-testid="change-password-link">
              {AUTH_TEXT.account.password}
            </NavLink>
          </div>
        )}
        {user.via === 'session' && (
          <button
            type="button"
            className="button button-secondary account-logout"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
            disabled={logout.isPending}
            data-testid="logout-button"
          >
            {AUTH_TEXT.account.logout}
          </button>
        )}
      </div>
    </div>
  );
}
