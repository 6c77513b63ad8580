/** `/login`: username and password; refused and rate-limited logins say so plainly. */
import { type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ApiRequestError } from '../../shared/api/client.ts';
import { sessionQuery, useLogin } from './api.ts';
import { safeNext } from './next-path.ts';
import './auth.css';

export function loginErrorText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'unauthorized') return 'Wrong username or password.';
    if (error.code === 'rate-limited') return `Too many failed logins: ${error.message.replace(/^too many failed logins; /, '')}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function LoginPage() {
  const session = useQuery(sessionQuery());
  const login = useLogin();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (session.data?.setupRequired) return <Navigate to="/setup" replace />;
  if (session.data?.user) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    login.mutate({ username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') });
  };

  return (
    <main id="main" className="auth-screen">
      <title>Log in · poolwatch</title>
      <div className="auth-card">
        <p className="auth-brand">poolwatch</p>
        <h1>Log in</h1>
        <form className="auth-form" onSubmit={onSubmit} data-testid="login-form">
          <div className="field">
            <label htmlFor="login-username">Username</label>
            <input id="login-username" name="username" autoComplete="username" required autoFocus data-testid="login-username" />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required data-testid="login-password" />
          </div>
          <button type="submit" className="button" disabled={login.isPending} aria-busy={login.isPending} data-testid="login-submit">
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
          {login.isError && (
            <p className="error-text" role="alert" data-testid="login-error">
              {loginErrorText(login.error)}
            </p>
          )}
        </form>
        <p className="small muted">
          Locked out? On the NAS, <code>npx poolwatch token create --role admin</code> prints an admin API token; with it, <code>POST /api/users</code> adds a new admin.
        </p>
      </div>
    </main>
  );
}
