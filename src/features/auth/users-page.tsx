/** `/users` (admin): accounts and their roles; the last admin cannot be deleted. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { MIN_PASSWORD_LENGTH, type Role, type UserInfo } from '../../../contracts/auth.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { useCreateUser, useCurrentUser, useDeleteUser, usersQuery } from './api.ts';
import { AdminOnly } from './require-session.tsx';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import './auth.css';

const T = AUTH_TEXT.users;
import { FormError, RoleField } from './form-parts.tsx';

export function UsersPage() {
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p>{T.intro}</p>
      <AdminOnly what={T.what}>
        <UsersAdmin />
      </AdminOnly>
    </>
  );
}

function UsersAdmin() {
  const query = useQuery(usersQuery());
  const create = useCreateUser();

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      { username: String(form.get('username') ?? ''), password: String(form.get('password') ?? ''), role: String(form.get('role')) as Role },
      { onSuccess: () => formElement.reset() },
    );
  };

  return (
    <>
      <form className="auth-form-inline" onSubmit={onSubmit} data-testid="user-create-form">
        <div className="field">
          <label htmlFor="user-name">{AUTH_TEXT.username}</label>
          <input id="user-name" name="username" required autoComplete="off" pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" data-testid="user-name" />
        </div>
        <div className="field">
          <label htmlFor="user-password">{AUTH_TEXT.password}</label>
          <input id="user-password" name="password" type="password" required autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} data-testid="user-password" />
          <span className="field-hint">{AUTH_TEXT.atLeast(MIN_PASSWORD_LENGTH)}</span>
        </div>
        <RoleField id="user-role" testId="user-role" />
        <button type="submit" className="button" disabled={create.isPending} data-testid="user-create">
          {create.isPending ? T.adding : T.add}
        </button>
        <FormError error={create.error} />
      </form>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : (
        <UsersTable users={query.data.users} />
      )}
    </>
  );
}

function UsersTable({ users }: { users: UserInfo[] }) {
  const remove = useDeleteUser();
  const me = useCurrentUser();
  const onDelete = (u: UserInfo) => {
    const self = me?.via === 'session' && me.name.toLowerCase() === u.name.toLowerCase();
    if (window.confirm(T.confirmDelete(u.name, self))) remove.mutate(u.name);
  };
  return (
    <TableWrap label={T.title}>
      {remove.isError && <ErrorNotice title={T.deleteFailed} error={remove.error} />}
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{AUTH_TEXT.username}</th>
            <th scope="col">{AUTH_TEXT.role}</th>
            <th scope="col">{T.created}</th>
            <th scope="col">
              <span className="visually-hidden">{T.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.name} data-testid="user-row" data-user-name={u.name}>
              <th scope="row">{u.name}</th>
              <td>{u.role}</td>
              <td>{formatTime(u.createdAt)}</td>
              <td>
                <button type="button" className="button button-small button-secondary" onClick={() => onDelete(u)} disabled={remove.isPending} data-testid="user-delete">
                  {T.delete}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
