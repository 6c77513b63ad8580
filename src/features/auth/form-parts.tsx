/** Pieces the account forms (users, tokens) share. */
import { ROLES } from '../../../contracts/auth.ts';
import { AUTH_TEXT, ROLE_TEXT } from '../../text/auth.ts';

/** The role picker: viewer (read only) by default, so a new account can change nothing unless chosen. */
export function RoleField({ id, testId }: { id: string; testId: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{AUTH_TEXT.role}</label>
      <select id={id} name="role" defaultValue="viewer" data-testid={testId}>
        {[...ROLES].reverse().map((r) => (
          <option key={r} value={r}>
            {ROLE_TEXT[r]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A failed submit, announced to screen readers. */
export function FormError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert">
      {error.message}
    </p>
  );
}
