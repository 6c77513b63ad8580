/** Operational errors every layer may raise; only server/http/error-handler.ts maps them to HTTP. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  /** What the client may show beside the message (e.g. `space`: the verdict that refused a step; `offer`: a way out). */
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

/** No valid session or API token. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** Logged in, but the role may not do this (a viewer asking for a change). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** A cookie-authenticated change without the session's CSRF token. */
export class CsrfError extends Error {
  override readonly name = 'CsrfError';
}

/** Too many attempts (failed logins); the client may try again after retryAfterSeconds. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** Errors whose refusal was already written to the audit log by the code that raised them. */
const AUDITED = new WeakSet<object>();

export function markAudited<E extends object>(err: E): E {
  AUDITED.add(err);
  return err;
}

export function isAudited(err: unknown): boolean {
  return typeof err === 'object' && err !== null && AUDITED.has(err);
}
