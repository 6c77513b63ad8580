/**
 * `/account/password`: every user logged in with a browser changes their own password. The server
 * checks the current one (rate-limited like a login) and the new one (length, not a common
 * password), then ends the user's other sessions; this one stays logged in.
 */
import { type FormEvent, useState } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../contracts/auth.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { useChangePassword, useCurrentUser } from './api.ts';
import { FormError } from './form-parts.tsx';
import './auth.css';

const T = AUTH_TEXT.changePassword;

export function PasswordPage() {
  const user = useCurrentUser();
  const change = useChangePassword();
  const [mismatch, setMismatch] = useState(false);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== String(form.get('confirm') ?? '')) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword }, { onSuccess: () => formElement.reset() });
  };

  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.heading}</h1>
      {user?.via === 'token' ? (
        <p>{T.viaToken}</p>
      ) : (
        <form className="auth-form password-form" onSubmit={onSubmit} data-testid="password-form">
          <p>
            {T.intro} <code>{T.resetCommand(user?.name ?? AUTH_TEXT.username.toUpperCase())}</code>
          </p>
          <div className="field">
            <label htmlFor="pw-current">{T.current}</label>
            <input id="pw-current" name="currentPassword" type="password" autoComplete="current-password" required data-testid="password-current" />
          </div>
          <div className="field">
            <label htmlFor="pw-new">{T.next}</label>
            <input
              id="pw-new" name="newPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH}
              aria-describedby="pw-new-hint" data-testid="password-new"
            />
            <span id="pw-new-hint" className="field-hint">{AUTH_TEXT.passwordRule(MIN_PASSWORD_LENGTH)}</span>
          </div>
          <div className="field">
            <label htmlFor="pw-confirm">{T.again}</label>
            <input id="pw-confirm" name="confirm" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} data-testid="password-confirm" />
          </div>
          <button type="submit" className="button" disabled={change.isPending} aria-busy={change.isPending} data-testid="password-submit">
            {change.isPending ? T.busy : T.submit}
          </button>
          {mismatch && <p className="error-text" role="alert">{T.mismatch}</p>}
          <FormError error={change.error} />
          {change.isSuccess && (
            <p className="notice" role="status" data-testid="password-changed">
              {T.changed}
            </p>
          )}
        </form>
      )}
    </>
  );
}
