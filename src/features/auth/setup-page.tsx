/** `/setup`: the first admin of a new install; gone (redirects to /login) once any user exists. */
import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router-dom';
import { MIN_PASSWORD_LENGTH } from '../../../contracts/auth.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { sessionQuery, useSetup } from './api.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import './auth.css';

const T = AUTH_TEXT.setup;

export function SetupPage() {
  const session = useQuery(sessionQuery());
  const setup = useSetup();
  const navigate = useNavigate();
  const [mismatch, setMismatch] = useState(false);

  if (session.isPending || session.isError) {
    return (
      <main id="main" className="auth-screen">
        {session.isPending ? <Loading what={T.loadingWhat} /> : <ErrorNotice title={T.unreachable} error={session.error} />}
      </main>
    );
  }
  if (!session.data.setupRequired) return <Navigate to={session.data.user ? '/' : '/login'} replace />;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setup.mutate(
      { username: String(form.get('username') ?? ''), password, setupToken: String(form.get('setupToken') ?? '').trim() },
      { onSuccess: () => navigate('/', { replace: true }) },
    );
  };

  return (
    <main id="main" className="auth-screen">
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <div className="auth-card">
        <p className="auth-brand">{AUTH_TEXT.brand}</p>
        <h1>{T.heading}</h1>
        <p>{T.intro}</p>
        <form className="auth-form" onSubmit={onSubmit} data-testid="setup-form">
          <div className="field">
            <label htmlFor="setup-token">{T.token}</label>
            <input id="setup-token" name="setupToken" autoComplete="off" spellCheck={false} required aria-describedby="setup-token-hint" data-testid="setup-token" />
            <span id="setup-token-hint" className="field-hint">
              {T.tokenHint} <code>{T.tokenCommand}</code>
            </span>
          </div>
          <div className="field">
            <label htmlFor="setup-username">{AUTH_TEXT.username}</label>
            <input id="setup-username" name="username" defaultValue="admin" autoComplete="username" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" data-testid="setup-username" />
          </div>
          <div className="field">
            <label htmlFor="setup-password">{AUTH_TEXT.password}</label>
            <input id="setup-password" name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} aria-describedby="setup-password-hint" data-testid="setup-password" />
            <span id="setup-password-hint" className="field-hint">{AUTH_TEXT.passwordRule(MIN_PASSWORD_LENGTH)}</span>
          </div>
          <div className="field">
            <label htmlFor="setup-confirm">{T.passwordAgain}</label>
            <input id="setup-confirm" name="confirm" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} data-testid="setup-confirm" />
          </div>
          <button type="submit" className="button" disabled={setup.isPending} aria-busy={setup.isPending} data-testid="setup-submit">
            {setup.isPending ? T.busy : T.submit}
          </button>
          {mismatch && <p className="error-text" role="alert">{T.mismatch}</p>}
          {setup.isError && (
            <p className="error-text" role="alert" data-testid="setup-error">
              {setup.error.message}
            </p>
          )}
        </form>
      </div>
    </main>
  );
}
