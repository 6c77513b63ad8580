/**
 * The one way the UI talks to the server: a request through the transport (fetch, or Cockpit's
 * channel), then the answer parsed with the contract. A response that does not match the contract
 * is an error with a message that says so, never data rendered half-right.
 */
import type { z } from 'zod';
import { ApiError } from '../../../contracts/api.ts';
import { CSRF_HEADER, SessionResponse } from '../../../contracts/auth.ts';
import { notifyUnauthorized } from './session-bridge.ts';
import { type TransportAnswer, transport } from './transport.ts';

/** Why a request failed: the server could not be reached, it answered with an error, or its answer broke the contract. */
export type ApiFailureKind = 'network' | 'server' | 'contract';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    /** `GET /api/pools`: which request failed, for the message and the log. */
    readonly request: string,
    readonly status: number | null = null,
    /** The ApiError code when the server sent one (`host-error`, `not-found` …). */
    readonly code: string | null = null,
    /** The ApiError's details, e.g. an action refusal's `{ offer }` the page can act on. */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** Issues beyond this many are summarised: the first few say enough to find the mismatch. */
const MAX_LISTED_ISSUES = 3;

/** `pools.0.health.status: Invalid option …; …` — short enough for a page, precise enough for a bug report. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/**
 * Turns one HTTP answer into data or an ApiRequestError. Pure (status and body text in), so the
 * error messages can be tested without a server.
 */
export function parseApiAnswer<T>(request: string, status: number, statusText: string, bodyText: string, schema: z.ZodType<T>): T {
  let body: unknown;
  let isJson = true;
  try {
    body = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    isJson = false;
  }
  if (status < 200 || status > 299) {
    const apiError = isJson ? ApiError.safeParse(body) : null;
    if (apiError?.success) {
      return fail(new ApiRequestError('server', apiError.data.message, request, status, apiError.data.code, apiError.data.details ?? null));
    }
    const reason = statusText ? `HTTP ${status} ${statusText}` : `HTTP ${status}`;
    return fail(new ApiRequestError('server', `The server answered ${request} with ${reason}.`, request, status));
  }
  if (!isJson) {
    return fail(new ApiRequestError('contract', `The server's answer to ${request} is not JSON (is this a poolwatch server?).`, request, status));
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return fail(new ApiRequestError(
      'contract',
      `The server's answer to ${request} does not match what this page expects (server and page versions differ?): ${describeIssues(parsed.error.issues)}`,
      request,
      status,
    ));
  }
  return parsed.data;
}

function fail(err: ApiRequestError): never {
  throw err;
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/**
 * The session's CSRF token, sent on every change. Whoever logs in sets it (setCsrfToken); when it
 * is unknown — a page opened with a live session cookie — it is read from GET /api/session.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function currentCsrfToken(): Promise<string | null> {
  if (csrfToken === null) csrfToken = (await send('GET', '/api/session', SessionResponse, {})).csrfToken;
  return csrfToken;
}

export async function requestJson<T>(method: Method, path: string, schema: z.ZodType<T>, options: { body?: unknown; signal?: AbortSignal | undefined } = {}): Promise<T> {
  if (method === 'GET') return send(method, path, schema, options);
  const token = await currentCsrfToken();
  try {
    return await send(method, path, schema, options, token);
  } catch (err) {
    // The session was renewed since the token was read (another tab logged in again): read it once more.
    if (!(err instanceof ApiRequestError && err.code === 'csrf')) throw err;
    csrfToken = null;
    return send(method, path, schema, options, await currentCsrfToken());
  }
}

async function send<T>(method: Method, path: string, schema: z.ZodType<T>, options: { body?: unknown; signal?: AbortSignal | undefined }, csrf: string | null = null): Promise<T> {
  const request = `${method} ${path}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (csrf) headers[CSRF_HEADER] = csrf;
  let response: TransportAnswer;
  try {
    response = await transport().request({ method, path, headers, body: options.body === undefined ? null : JSON.stringify(options.body), signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    // The cause stays attached: inside Cockpit it says whether the socket refused us or is missing.
    throw Object.assign(new ApiRequestError('network', `Cannot reach the poolwatch server (${request}): ${err instanceof Error ? err.message : String(err)}`, request), { cause: err });
  }
  // The session ended (idle timeout, logged out elsewhere): back to the login page.
  if (response.status === 401) notifyUnauthorized(path);
  return parseApiAnswer(request, response.status, response.statusText, response.text, schema);
}

/** Retry only what may pass on a second try: an unreachable or failing server, not a 4xx or a contract mismatch. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiRequestError)) return false;
  return error.kind === 'network' || (error.kind === 'server' && (error.status ?? 0) >= 500);
}
