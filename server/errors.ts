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

/** Why a request was not authenticated: the audit log aggregates refusals by it. */
export type UnauthorizedReason = 'no-login' | 'bad-token' | 'bad-header' | 'setup-token';

/** No valid session or API token. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  constructor(message: string, readonly reason: UnauthorizedReason = 'no-login') {
    super(message);
  }
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

/** The request's Host is not one this server answers to (DNS rebinding): 421. */
export class MisdirectedError extends Error {
  override readonly name = 'MisdirectedError';
}

/** A change whose body is not JSON (a form, text/plain): 415, nothing runs. */
export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

/** A bounded resource is used up (live-update streams): 503 with Retry-After. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** The data dir cannot take a write the request depends on (full, read-only): 503, nothing ran. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(message: string, readonly reason: string) {
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
