/** `/login`: username and password; refused and rate-limited logins say so plainly. */
import { type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ApiRequestError } from '../../shared/api/client.ts';
import { sessionQuery, useLogin } from './api.ts';
import { safeNext } from './next-path.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import './auth.css';

const T = AUTH_TEXT.login;

export function loginErrorText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'unauthorized') return T.wrong;
    if (error.code === 'rate-limited') return T.rateLimited(error.message.replace(/^too many failed logins; /, ''));
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
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <div className="auth-card">
        <p className="auth-brand">{AUTH_TEXT.brand}</p>
        <h1>{T.heading}</h1>
        <form className="auth-form" onSubmit={onSubmit} data-testid="login-form">
          <div className="field">
            <label htmlFor="login-username">{AUTH_TEXT.username}</label>
            <input id="login-username" name="username" autoComplete="username" required autoFocus data-testid="login-username" />
          </div>
          <div className="field">
            <label htmlFor="login-password">{AUTH_TEXT.password}</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required data-testid="login-password" />
          </div>
          <button type="submit" className="button" disabled={login.isPending} aria-busy={login.isPending} data-testid="login-submit">
            {login.isPending ? T.busy : T.submit}
          </button>
          {login.isError && (
            <p className="error-text" role="alert" data-testid="login-error">
              {loginErrorText(login.error)}
            </p>
          )}
        </form>
        <p className="small muted">
          {T.lockedOutBefore} <code>{T.lockedOutCommand}</code> {T.lockedOutMiddle} <code>{T.lockedOutRequest}</code> {T.lockedOutAfter}
        </p>
      </div>
    </main>
  );
}
