import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { WatchStatus } from '../../../contracts/views.ts';
import { ApiRequestError, parseApiAnswer, requestJson, setCsrfToken, shouldRetry } from './client.ts';

const REQ = 'GET /api/status';
const ok = JSON.stringify({ version: 3, scannedAt: '2025-01-01T00:00:00.000Z', error: null });

function failure(fn: () => unknown): ApiRequestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiRequestError) return err;
    throw err;
  }
  throw new Error('expected an ApiRequestError');
}

describe('parseApiAnswer', () => {
  it('returns the parsed body when it matches the contract', () => {
    expect(parseApiAnswer(REQ, 200, 'OK', ok, WatchStatus)).toMatchObject({ version: 3, scannedAt: '2025-01-01T00:00:00.000Z', error: null });
  });

  it("passes the server's ApiError message and code through", () => {
    const body = JSON.stringify({ code: 'host-error', message: 'btrfs is not installed' });
    const err = failure(() => parseApiAnswer(REQ, 503, 'Service Unavailable', body, WatchStatus));
    expect(err).toMatchObject({ kind: 'server', status: 503, code: 'host-error', message: 'btrfs is not installed' });
  });

  it('names the status when an error answer has no ApiError body', () => {
    const err = failure(() => parseApiAnswer(REQ, 502, 'Bad Gateway', '<html>proxy error</html>', WatchStatus));
    expect(err.kind).toBe('server');
    expect(err.message).toBe('The server answered GET /api/status with HTTP 502 Bad Gateway.');
  });

  it('says where the answer breaks the contract', () => {
    const body = JSON.stringify({ version: 'three', scannedAt: null, error: null });
    const err = failure(() => parseApiAnswer(REQ, 200, 'OK', body, WatchStatus));
    expect(err.kind).toBe('contract');
    expect(err.message).toContain('GET /api/status does not match');
    expect(err.message).toContain('version:');
  });

  it('lists at most three issues and counts the rest', () => {
    const schema = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() });
    const err = failure(() => parseApiAnswer('GET /x', 200, 'OK', '{}', schema));
    expect(err.message).toMatch(/a: .*; b: .*; c: .*; and 2 more$/);
  });

  it('rejects a success answer that is not JSON (an HTML page from a proxy, say)', () => {
    const err = failure(() => parseApiAnswer(REQ, 200, 'OK', '<!doctype html>', WatchStatus));
    expect(err.kind).toBe('contract');
    expect(err.message).toContain('not JSON');
  });
});

describe('shouldRetry', () => {
  const net = new ApiRequestError('network', 'down', REQ);
  it('retries an unreachable or failing server at most twice', () => {
    expect(shouldRetry(0, net)).toBe(true);
    expect(shouldRetry(1, new ApiRequestError('server', 'x', REQ, 503))).toBe(true);
    expect(shouldRetry(2, net)).toBe(false);
  });
  it('does not retry answers that will not change: 4xx and contract mismatches', () => {
    expect(shouldRetry(0, new ApiRequestError('server', 'x', REQ, 404, 'not-found'))).toBe(false);
    expect(shouldRetry(0, new ApiRequestError('contract', 'x', REQ, 200))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
  });
});

describe('requestJson and the CSRF token', () => {
  const pool = { ok: true };
  const schema = z.object({ ok: z.boolean() });
  const session = (csrfToken: string) => ({ user: { name: 'admin', role: 'admin', via: 'session' }, setupRequired: false, csrfToken });
  const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('reads the token from the session before the first change and sends it', async () => {
    const calls: { url: string; csrf: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url: `${init.method} ${url}`, csrf: (init.headers as Record<string, string>)['X-CSRF-Token'] ?? null });
      return url === '/api/session' ? answer(session('t1')) : answer(pool);
    });
    await expect(requestJson('PUT', '/api/pools/u/manage', schema, { body: { managed: true } })).resolves.toEqual(pool);
    await requestJson('PUT', '/api/pools/u/manage', schema, { body: { managed: false } });
    expect(calls).toEqual([
      { url: 'GET /api/session', csrf: null },
      { url: 'PUT /api/pools/u/manage', csrf: 't1' },
      { url: 'PUT /api/pools/u/manage', csrf: 't1' },
    ]);
  });

  it('re-reads a token the server refused once, then gives up', async () => {
    const sent: (string | null)[] = [];
    let sessions = 0;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      if (url === '/api/session') return answer(session(`t${++sessions}`));
      sent.push((init.headers as Record<string, string>)['X-CSRF-Token'] ?? null);
      return answer({ code: 'csrf', message: 'missing or wrong X-CSRF-Token header; reload the page' }, 403);
    });
    setCsrfToken('stale');
    const err = await requestJson('PUT', '/x', schema, { body: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', code: 'csrf', status: 403 });
    expect(sent).toEqual(['stale', 't1']);
  });

  it('sends no token on reads', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return answer(pool);
    });
    await requestJson('GET', '/api/pools', schema);
    expect(urls).toEqual(['/api/pools']);
  });

  it('turns a refused connection into a network error naming the request', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(requestJson('GET', '/api/pools', schema)).rejects.toMatchObject({ kind: 'network', message: 'Cannot reach the poolwatch server (GET /api/pools): Failed to fetch' });
  });
});
