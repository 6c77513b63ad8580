/** `/tokens` (admin): API tokens for scripts and monitoring; a new token's secret is shown once. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { type FormEvent, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTokenInfo, CreatedTokenResponse, Role } from '../../../contracts/auth.ts';
import { copyText, selectContents } from '../../shared/clipboard.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { tokensQuery, useCreateToken, useRevokeToken } from './api.ts';
import { AdminOnly } from './require-session.tsx';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import './auth.css';

const T = AUTH_TEXT.tokens;
import { FormError, RoleField } from './form-parts.tsx';

export function TokensPage() {
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p>
        {T.introBefore} <code>{T.introHeader}</code> {T.introMiddle} <code>{T.introCommand}</code> {T.introAfter}
      </p>
      <AdminOnly what={T.what}>
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
          <label htmlFor="token-name">{T.name}</label>
          <input id="token-name" name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" placeholder={T.namePlaceholder} data-testid="token-name" />
        </div>
        <RoleField id="token-role" testId="token-role" />
        <button type="submit" className="button" disabled={create.isPending} data-testid="token-create">
          {create.isPending ? T.creating : T.create}
        </button>
        <FormError error={create.error} />
      </form>
      {created && <NewToken created={created} onDone={() => setCreated(null)} />}
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : query.data.tokens.length === 0 ? (
        <div className="empty" data-testid="tokens-empty">
          <h2>{T.emptyTitle}</h2>
          <p>{T.emptyText}</p>
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
      <h2 className="notice-title">{T.createdTitle(created.token.name, created.token.role)}</h2>
      <p>{T.copyNow}</p>
      <div className="secret-box">
        <code ref={codeRef} data-testid="token-secret">
          {created.secret}
        </code>
        <button type="button" className="button button-small" onClick={onCopy}>
          {copy === 'copied' ? COMMON_TEXT.copy.copiedButton : COMMON_TEXT.copy.button}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={onDone} data-testid="token-created-done">
          {T.done}
        </button>
      </div>
      <p className="small" role="status">
        {copy === 'copied' ? COMMON_TEXT.copy.copied : copy === 'manual' ? T.copyBlocked : ''}
      </p>
    </div>
  );
}

function TokensTable({ tokens }: { tokens: ApiTokenInfo[] }) {
  const revoke = useRevokeToken();
  const onRevoke = (t: ApiTokenInfo) => {
    if (window.confirm(T.confirmRevoke(t.id, t.name))) revoke.mutate(t.id);
  };
  return (
    <TableWrap label={T.title}>
      {revoke.isError && <ErrorNotice title={T.revokeFailed} error={revoke.error} />}
      <table className="table" data-testid="tokens-table">
        <caption>{T.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.columns.id}</th>
            <th scope="col">{T.columns.name}</th>
            <th scope="col">{T.columns.role}</th>
            <th scope="col">{T.columns.createdBy}</th>
            <th scope="col">{T.columns.created}</th>
            <th scope="col">{T.columns.lastUsed}</th>
            <th scope="col">{T.columns.state}</th>
            <th scope="col">
              <span className="visually-hidden">{T.columns.actions}</span>
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
              <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : T.never}</td>
              <td>{t.revokedAt ? <span className="tag tag-muted">{T.revoked(formatTime(t.revokedAt))}</span> : <span className="tag tag-info">{T.active}</span>}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" className="button button-small button-secondary" onClick={() => onRevoke(t)} disabled={revoke.isPending} data-testid="token-revoke">
                    {T.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
