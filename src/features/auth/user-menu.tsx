/** Header pieces of the auth feature: its nav links (Audit for everyone, Tokens and Users for admins) and who is logged in. */
import { NavLink, useNavigate } from 'react-router-dom';
import { useCurrentUser, useIsAdmin, useLogout } from './api.ts';
import './auth.css';

export function AuthNavLinks() {
  const isAdmin = useIsAdmin();
  return (
    <>
      <NavLink to="/audit">Audit log</NavLink>
      {isAdmin && <NavLink to="/tokens">API tokens</NavLink>}
      {isAdmin && <NavLink to="/users">Users</NavLink>}
    </>
  );
}

export function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <div className="user-menu" data-testid="user-menu">
      <span>
        <span data-testid="user-name">{user.name}</span> <span className="muted-on-dark">({user.role})</span>
      </span>
      {user.via === 'session' && (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
          disabled={logout.isPending}
          data-testid="logout-button"
        >
          Log out
        </button>
      )}
    </div>
  );
}
