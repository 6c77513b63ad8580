/** Pieces the account forms (users, tokens) share. */

/** The role picker: viewer (read only) by default, so a new account can change nothing unless chosen. */
export function RoleField({ id, testId }: { id: string; testId: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} name="role" defaultValue="viewer" data-testid={testId}>
        <option value="viewer">viewer (read only)</option>
        <option value="admin">admin</option>
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
