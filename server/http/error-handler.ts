import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../../contracts/api.ts';
import {
  ConflictError, CsrfError, ForbiddenError, MisdirectedError, NotFoundError, ServiceUnavailableError, StorageError, TooManyRequestsError,
  UnauthorizedError, UnsupportedMediaTypeError, ValidationError,
} from '../errors.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import { ArgvError } from '../host/argv.ts';
import { HostError } from '../host/host-error.ts';
import { ParseError, couldNotRead, parseErrorDetails } from '../parsers/parse-error.ts';

export const notFoundRoute: RequestHandler = (req, res) => {
  const body: ApiError = { code: 'not-found', message: `no route ${req.method} ${req.originalUrl.split('?')[0]}` };
  res.status(404).json(body);
};

/**
 * A write the data dir refused anywhere in a route (a SqliteError "database or disk is full") is
 * noted for the status alert and becomes a StorageError: 503 with the reason, not a 500.
 */
export function storageErrors(writes: DataDirHealth): ErrorRequestHandler {
  return (err, req, _res, next) => {
    if (err instanceof StorageError) return next(err);
    const reason = writes.noteFailure(`${req.method} ${req.path}`, err);
    if (reason === null) return next(err);
    next(new StorageError(`poolwatch cannot write its data dir ${writes.dir}: ${reason}; the request was refused`, reason));
  };
}

/** The one place that turns errors into HTTP status codes and ApiError bodies. */
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  const send = (status: number, body: ApiError) => res.status(status).json(body);
  if (err instanceof ValidationError) return send(400, { code: 'bad-request', message: err.message, details: err.details });
  if (err instanceof NotFoundError) return send(404, { code: 'not-found', message: err.message });
  if (err instanceof ConflictError) return send(409, { code: 'conflict', message: err.message, ...(err.details === undefined ? {} : { details: err.details }) });
  if (err instanceof UnauthorizedError) return send(401, { code: 'unauthorized', message: err.message });
  if (err instanceof CsrfError) return send(403, { code: 'csrf', message: err.message });
  if (err instanceof ForbiddenError) return send(403, { code: 'forbidden', message: err.message });
  if (err instanceof MisdirectedError) return send(421, { code: 'misdirected', message: err.message });
  if (err instanceof UnsupportedMediaTypeError) return send(415, { code: 'unsupported-media-type', message: err.message });
  if (err instanceof StorageError) return send(503, { code: 'data-dir-unwritable', message: err.message, details: { reason: err.reason } });
  if (err instanceof ServiceUnavailableError) {
    res.setHeader('Retry-After', String(err.retryAfterSeconds));
    return send(503, { code: 'unavailable', message: err.message });
  }
  if (err instanceof TooManyRequestsError) {
    res.setHeader('Retry-After', String(err.retryAfterSeconds));
    return send(429, { code: 'rate-limited', message: err.message, details: { retryAfterSeconds: err.retryAfterSeconds } });
  }
  if (err instanceof ArgvError) {
    return send(400, { code: 'argv-refused', message: err.message, details: { operand: err.operand, reason: err.reason } });
  }
  if (err instanceof HostError) {
    return send(503, {
      code: 'host-error', message: err.message,
      details: { argv: [err.command.file, ...err.command.args], exitCode: err.detail.exitCode, timedOut: err.detail.timedOut, stderr: err.detail.stderr.slice(0, 4000) },
    });
  }
  if (err instanceof ParseError) {
    return send(502, { code: 'parse-error', message: couldNotRead(err), details: parseErrorDetails(err) });
  }
  // Body-parser errors (malformed JSON) carry a 4xx status of their own.
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return send(400, { code: 'bad-request', message: (err as Error).message });
  }
  console.error('poolwatch: internal error:', err);
  return send(500, { code: 'internal', message: 'internal error; see the server log' });
};
