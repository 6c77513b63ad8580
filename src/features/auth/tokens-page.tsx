/** `/tokens` (admin): API tokens for scripts and monitoring; a new token's secret is shown once. */
import { type FormEvent, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTokenInfo, CreatedTokenResponse, Role } from '../../../contracts/auth.ts';
import { copyText, selectContents } from '../../shared/clipboard.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { tokensQuery, useCreateToken, useRevokeToken } from './api.ts';
import { AdminOnly } from './require-session.tsx';
import './auth.css';
import { FormError, RoleField } from './form-parts.tsx';

export function TokensPage() {
  return (
    <>
      <title>API tokens · poolwatch</title>
      <h1>API tokens</h1>
      <p>
        For scripts and monitoring: send <code>Authorization: Bearer &lt;token&gt;</code> with each request (no CSRF token needed). A token has its own role; a
        viewer token can read everything and change nothing. On the NAS itself, <code>npx poolwatch token create --role viewer</code> makes one too.
      </p>
      <AdminOnly what="API tokens">
        <TokensAdmin />
      </AdminOnly>
    </>
  );
}

function TokensAdmin() {
  const query = useQuery(tokensQuery());
  const create = useCreateToken();
  const [created, setCreated] = useState<CreatedTokenResponse | null>(null);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      { name: String(form.get('name') ?? ''), role: String(form.get('role')) as Role },
      {
        onSuccess: (answer) => {
          setCreated(answer);
          formElement.reset();
        },
      },
    );
  };

  return (
    <>
      <form className="auth-form-inline" onSubmit={onSubmit} data-testid="token-create-form">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input id="token-name" name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" placeholder="grafana" data-testid="token-name" />
        </div>
        <RoleField id="token-role" testId="token-role" />
        <button type="submit" className="button" disabled={create.isPending} data-testid="token-create">
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
        <FormError error={create.error} />
      </form>
      {created && <NewToken created={created} onDone={() => setCreated(null)} />}
      {query.isPending ? (
        <Loading what="API tokens" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the API tokens" error={query.error} />
      ) : query.data.tokens.length === 0 ? (
        <div className="empty" data-testid="tokens-empty">
          <h2>No API tokens</h2>
          <p>Scripts and monitoring need one to read the API.</p>
        </div>
      ) : (
        <TokensTable tokens={query.data.tokens} />
      )}
    </>
  );
}

function NewToken({ created, onDone }: { created: CreatedTokenResponse; onDone: () => void }) {
  const codeRef = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');
  const onCopy = async () => {
    if ((await copyText(created.secret)) === 'copied') {
      setCopy('copied');
    } else {
      if (codeRef.current) selectContents(codeRef.current);
      setCopy('manual');
    }
  };
  return (
    <div className="notice notice-warning" role="status" data-testid="token-created">
      <h2 className="notice-title">
        Token “{created.token.name}” ({created.token.role}) created
      </h2>
      <p>Copy it now: it is stored hashed and cannot be shown again.</p>
      <div className="secret-box">
        <code ref={codeRef} data-testid="token-secret">
          {created.secret}
        </code>
        <button type="button" className="button button-small" onClick={onCopy}>
          {copy === 'copied' ? 'Copied ✓' : 'Copy'}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={onDone} data-testid="token-created-done">
          Done
        </button>
      </div>
      <p className="small" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'manual' ? 'Copying is blocked here: the token is selected, press Ctrl+C.' : ''}
      </p>
    </div>
  );
}

function TokensTable({ tokens }: { tokens: ApiTokenInfo[] }) {
  const revoke = useRevokeToken();
  const onRevoke = (t: ApiTokenInfo) => {
    if (window.confirm(`Revoke API token ${t.id} “${t.name}”? Scripts using it get 401 from now on.`)) revoke.mutate(t.id);
  };
  return (
    <div className="table-wrap">
      {revoke.isError && <ErrorNotice title="Could not revoke the token" error={revoke.error} />}
      <table className="table" data-testid="tokens-table">
        <caption>Tokens are listed after revocation too, so the audit log's names stay explained.</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created by</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row" data-token-name={t.name} className={t.revokedAt ? 'muted' : undefined}>
              <td>{t.id}</td>
              <th scope="row">{t.name}</th>
              <td>{t.role}</td>
              <td>{t.createdBy}</td>
              <td>{formatTime(t.createdAt)}</td>
              <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
              <td>{t.revokedAt ? <span className="tag tag-muted">revoked {formatTime(t.revokedAt)}</span> : <span className="tag tag-info">active</span>}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" className="button button-small button-secondary" onClick={() => onRevoke(t)} disabled={revoke.isPending} data-testid="token-revoke">
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
