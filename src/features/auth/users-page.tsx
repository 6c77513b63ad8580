/** `/users` (admin): accounts and their roles; the last admin cannot be deleted. */
import { type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { MIN_PASSWORD_LENGTH, type Role, type UserInfo } from '../../../contracts/auth.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { useCreateUser, useCurrentUser, useDeleteUser, usersQuery } from './api.ts';
import { AdminOnly } from './require-session.tsx';
import './auth.css';
import { FormError, RoleField } from './form-parts.tsx';

export function UsersPage() {
  return (
    <>
      <title>Users · poolwatch</title>
      <h1>Users</h1>
      <p>An admin can run maintenance and manage accounts; a viewer can read everything and change nothing.</p>
      <AdminOnly what="users">
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
          <label htmlFor="user-name">Username</label>
          <input id="user-name" name="username" required autoComplete="off" pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" data-testid="user-name" />
        </div>
        <div className="field">
          <label htmlFor="user-password">Password</label>
          <input id="user-password" name="password" type="password" required autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} data-testid="user-password" />
          <span className="field-hint">At least {MIN_PASSWORD_LENGTH} characters.</span>
        </div>
        <RoleField id="user-role" testId="user-role" />
        <button type="submit" className="button" disabled={create.isPending} data-testid="user-create">
          {create.isPending ? 'Adding…' : 'Add user'}
        </button>
        <FormError error={create.error} />
      </form>
      {query.isPending ? (
        <Loading what="users" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the users" error={query.error} />
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
    const text = `Delete user “${u.name}”? Their sessions end and the API tokens they created are revoked.${self ? ' This is you: you will be logged out.' : ''}`;
    if (window.confirm(text)) remove.mutate(u.name);
  };
  return (
    <div className="table-wrap">
      {remove.isError && <ErrorNotice title="Could not delete the user" error={remove.error} />}
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
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
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
