/**
 * Login, roles, CSRF and API tokens through the real Express app (in-memory database, a strict
 * FakeHost that answers nothing: no route here may reach the machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contracts/api.ts';
import { AuditResponse } from '../../contracts/audit.ts';
import { CreatedTokenResponse, SessionResponse, TokensResponse, UsersResponse } from '../../contracts/auth.ts';
import { SESSION_IDLE_MS } from '../auth/auth-service.ts';
import type { Db } from '../store/db.ts';
import { FakeClock } from '../test-support/clock.ts';
import { serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';

const ADMIN_PW = 'admin password 123';
const VIEWER_PW = 'viewer password 456';
const SOME_POOL = '00000000-0000-0000-0000-000000000000';

interface Browser {
  cookie: string | null;
  csrf: string | null;
}

// Logins are real scrypt hashes, at most two at once (POOLWATCH_MAX_PARALLEL_HASHES): seconds on a loaded machine.
describe('auth: login, roles, CSRF, tokens, audit', { timeout: 30_000 }, () => {
  let graph: TestGraph;
  let served: Served;
  let base: string;
  let db: Db;
  const clock = new FakeClock('2026-03-01T10:00:00.000Z');
  const admin: Browser = { cookie: null, csrf: null };
  let adminToken = '';

  beforeAll(async () => {
    // The default FakeHost answers nothing: no route here may reach the machine.
    graph = testGraph({ clock });
    db = graph.db;
    served = await serve(graph);
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
  });

  async function call(method: string, path: string, opts: { body?: unknown; browser?: Browser; csrf?: string | null; bearer?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (opts.browser?.cookie) headers.cookie = opts.browser.cookie;
    const csrf = opts.csrf === undefined ? opts.browser?.csrf : opts.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    const res = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) });
    const text = await res.text();
    return { res, status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  async function login(username: string, password: string): Promise<Browser> {
    const r = await call('POST', '/api/login', { body: { username, password } });
    expect(r.status).toBe(200);
    const cookie = r.res.headers.getSetCookie()[0]!.split(';')[0]!;
    return { cookie, csrf: SessionResponse.parse(r.body).csrfToken };
  }

  const errorCode = (body: unknown) => ApiError.parse(body).code;

  it('refuses every API route but health and session without a login', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
    for (const [method, path] of [['GET', '/api/pools'], ['GET', '/api/disks'], ['GET', '/api/status'], ['GET', '/api/audit'], ['GET', '/api/tokens'], ['GET', '/api/nothing-here'], ['PUT', `/api/pools/${SOME_POOL}/manage`], ['POST', '/api/logout']] as const) {
      const r = await call(method, path, method === 'PUT' ? { body: { managed: true } } : {});
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(errorCode(r.body)).toBe('unauthorized');
    }
    const s = await call('GET', '/api/session');
    expect(s.status).toBe(200);
    expect(SessionResponse.parse(s.body)).toEqual({ user: null, setupRequired: true, csrfToken: null });
  });

  it('offers setup once, only with the setup token from the log: validates the password, creates the admin, logs them in with a strict cookie', async () => {
    const setupToken = graph.auth.setupToken()!;
    expect(setupToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const noToken = await call('POST', '/api/setup', { body: { username: 'admin', password: ADMIN_PW } });
    expect(noToken.status).toBe(401);
    expect(ApiError.parse(noToken.body).message).toMatch(/setup token is missing or wrong: poolwatch printed it in its log/);
    const wrongToken = await call('POST', '/api/setup', { body: { username: 'admin', password: ADMIN_PW, setupToken: `${setupToken}x` } });
    expect(wrongToken.status).toBe(401);
    expect(graph.auth.setupRequired()).toBe(true);
    const refusedSetups = graph.stores.audit.list({ action: 'auth.setup', outcome: 'refused' });
    expect(refusedSetups.map((e) => (e.details as { reason: string }).reason).sort()).toEqual(['no-setup-token', 'wrong-setup-token']);

    const short = await call('POST', '/api/setup', { body: { username: 'admin', password: 'short', setupToken } });
    expect(short.status).toBe(400);
    expect(errorCode(short.body)).toBe('bad-request');
    const common = await call('POST', '/api/setup', { body: { username: 'admin', password: 'qwertyuiop123', setupToken } });
    expect(common.status).toBe(400);
    expect(ApiError.parse(common.body).message).toMatch(/common password/);

    const r = await call('POST', '/api/setup', { body: { username: 'admin', password: ADMIN_PW, setupToken } });
    expect(r.status).toBe(201);
    const session = SessionResponse.parse(r.body);
    expect(session.user).toEqual({ name: 'admin', role: 'admin', via: 'session' });
    expect(session.setupRequired).toBe(false);
    const setCookie = r.res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    const attrs = setCookie[0]!.split(';').map((s) => s.trim());
    expect(attrs[0]).toMatch(/^pw_session=[A-Za-z0-9_-]{43}$/);
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('SameSite=Strict');
    expect(attrs).toContain('Path=/');
    expect(attrs).not.toContain('Secure'); // plain http here; Secure only when the request is https

    const again = await call('POST', '/api/setup', { body: { username: 'mallory', password: 'mallory password 1', setupToken } });
    expect(again.status).toBe(409);
    expect(graph.auth.setupToken()).toBeNull();
    expect(errorCode(again.body)).toBe('conflict');
  });

  it('stores the session id hashed, never as sent in the cookie', async () => {
    const b = await login('admin', ADMIN_PW);
    const id = b.cookie!.split('=')[1]!;
    const rows = db.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
    Object.assign(admin, b);
    const s = SessionResponse.parse((await call('GET', '/api/session', { browser: admin })).body);
    expect(s.user?.name).toBe('admin');
    expect(s.csrfToken).toBe(admin.csrf);
  });

  it('refuses a cookie-session change without the CSRF token, or with a wrong one, and allows it with the right one', async () => {
    const none = await call('POST', '/api/tokens', { browser: admin, csrf: null, body: { name: 'monitoring', role: 'viewer' } });
    expect(none.status).toBe(403);
    expect(errorCode(none.body)).toBe('csrf');
    const wrong = await call('POST', '/api/tokens', { browser: admin, csrf: `${admin.csrf}x`, body: { name: 'monitoring', role: 'viewer' } });
    expect(wrong.status).toBe(403);
    expect(errorCode(wrong.body)).toBe('csrf');
    const putNone = await call('PUT', `/api/pools/${SOME_POOL}/manage`, { browser: admin, csrf: null, body: { managed: true } });
    expect(putNone.status).toBe(403);
    expect(errorCode(putNone.body)).toBe('csrf');

    const ok = await call('POST', '/api/tokens', { browser: admin, body: { name: 'scripts', role: 'admin' } });
    expect(ok.status).toBe(201);
    const created = CreatedTokenResponse.parse(ok.body);
    expect(created.secret).toMatch(/^pw_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ name: 'scripts', role: 'admin', createdBy: 'admin', revokedAt: null });
    adminToken = created.secret;
    // Stored hashed: the secret appears nowhere in the database.
    const rows = db.prepare('SELECT * FROM api_tokens').all();
    expect(JSON.stringify(rows)).not.toContain(created.secret);
  });

  it('refuses a form-encoded (cross-site style) body outright', async () => {
    const r = await call('POST', '/api/login', { body: 'username=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(415);
    expect(errorCode(r.body)).toBe('unsupported-media-type');
  });

  it('accepts an API token without CSRF, lists tokens once only as metadata', async () => {
    const list = await call('GET', '/api/tokens', { bearer: adminToken });
    expect(list.status).toBe(200);
    const tokens = TokensResponse.parse(list.body).tokens;
    expect(tokens.map((t) => t.name)).toEqual(['scripts']);
    expect(JSON.stringify(list.body)).not.toContain(adminToken);
    expect(tokens[0]!.lastUsedAt).not.toBeNull();

    const viewer = await call('POST', '/api/users', { bearer: adminToken, body: { username: 'viewer', password: VIEWER_PW, role: 'viewer' } });
    expect(viewer.status).toBe(201);
    const dup = await call('POST', '/api/users', { bearer: adminToken, body: { username: 'VIEWER', password: VIEWER_PW, role: 'viewer' } });
    expect(dup.status).toBe(409);
    const session = SessionResponse.parse((await call('GET', '/api/session', { bearer: adminToken })).body);
    expect(session).toEqual({ user: { name: 'scripts', role: 'admin', via: 'token' }, setupRequired: false, csrfToken: null });
  });

  it('lets a viewer read everything but change nothing', async () => {
    const v = await login('viewer', VIEWER_PW);
    expect((await call('GET', '/api/audit', { browser: v })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/tokens', { name: 'x', role: 'admin' }],
      ['POST', '/api/users', { username: 'eve', password: 'eve password 12', role: 'admin' }],
      ['DELETE', '/api/users/admin', undefined],
      ['PUT', `/api/pools/${SOME_POOL}/manage`, { managed: true }],
      ['POST', '/api/pools/some-future-action', {}],
    ] as const) {
      const r = await call(method, path, { browser: v, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(errorCode(r.body)).toBe('forbidden');
    }
    // Token and user lists are account administration: admin only.
    expect((await call('GET', '/api/tokens', { browser: v })).status).toBe(403);
    expect((await call('GET', '/api/users', { browser: v })).status).toBe(403);

    // A viewer token is refused changes too, without any CSRF involved.
    const vt = CreatedTokenResponse.parse((await call('POST', '/api/tokens', { bearer: adminToken, body: { name: 'grafana', role: 'viewer' } })).body).secret;
    expect((await call('GET', '/api/audit', { bearer: vt })).status).toBe(200);
    const change = await call('POST', '/api/tokens', { bearer: vt, body: { name: 'y', role: 'admin' } });
    expect(change.status).toBe(403);
    expect(errorCode(change.body)).toBe('forbidden');

    // Logging out is the one change a viewer may make; it needs the CSRF token like any other.
    expect((await call('POST', '/api/logout', { browser: v, csrf: null })).status).toBe(403);
    const out = await call('POST', '/api/logout', { browser: v });
    expect(out.status).toBe(204);
    expect(out.res.headers.getSetCookie()[0]).toMatch(/^pw_session=;/);
    expect((await call('GET', '/api/audit', { browser: v })).status).toBe(401);
  });

  it('refuses a revoked, unknown or malformed bearer token', async () => {
    const list = TokensResponse.parse((await call('GET', '/api/tokens', { bearer: adminToken })).body).tokens;
    const grafana = list.find((t) => t.name === 'grafana')!;
    const secret = CreatedTokenResponse.parse((await call('POST', '/api/tokens', { browser: admin, body: { name: 'short-lived', role: 'viewer' } })).body).secret;
    expect((await call('GET', '/api/pools/not-a-uuid', { bearer: secret })).status).toBe(400); // gets through to the route
    const id = TokensResponse.parse((await call('GET', '/api/tokens', { bearer: adminToken })).body).tokens.find((t) => t.name === 'short-lived')!.id;
    const revoked = await call('DELETE', `/api/tokens/${id}`, { browser: admin });
    expect(revoked.status).toBe(200);
    expect((revoked.body as { token: { revokedAt: string | null } }).token.revokedAt).not.toBeNull();
    const after = await call('GET', '/api/audit', { bearer: secret });
    expect(after.status).toBe(401);
    expect(errorCode(after.body)).toBe('unauthorized');
    expect((await call('GET', '/api/audit', { bearer: `pw_${'A'.repeat(43)}` })).status).toBe(401);
    expect((await call('GET', '/api/audit', { headers: { authorization: 'Basic YWRtaW46eA==' } })).status).toBe(401);
    // A bad bearer header is not rescued by a good cookie.
    expect((await call('GET', '/api/audit', { browser: admin, bearer: 'pw_nope' })).status).toBe(401);
    expect((await call('DELETE', '/api/tokens/9999', { browser: admin })).status).toBe(404);
    expect((await call('DELETE', '/api/tokens/abc', { browser: admin })).status).toBe(400);
    expect(grafana.revokedAt).toBeNull();
  });

  it('rate-limits failed logins per address and account with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', '/api/login', { body: { username: 'admin', password: `wrong password ${i}` } });
      expect(r.status).toBe(401);
      expect(errorCode(r.body)).toBe('unauthorized');
    }
    const blocked = await call('POST', '/api/login', { body: { username: 'admin', password: ADMIN_PW } });
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked.body)).toBe('rate-limited');
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The window passes: the right password works again and clears the count.
    clock.set(clock.nowMs() + 16 * 60_000);
    const b = await login('admin', ADMIN_PW);
    expect(b.cookie).toBeTruthy();
    Object.assign(admin, b);
  });

  it('writes logins (ok and refused), setup, tokens and users to the audit log, never a password', async () => {
    const r = await call('GET', '/api/audit?limit=500', { browser: admin });
    expect(r.status).toBe(200);
    const { entries, nextBefore } = AuditResponse.parse(r.body);
    expect(nextBefore).toBeNull();
    const actions = entries.map((e) => `${e.action}:${e.outcome}`);
    for (const a of ['auth.setup:ok', 'auth.login:ok', 'auth.login:refused', 'auth.logout:ok', 'token.create:ok', 'token.revoke:ok', 'user.create:ok']) expect(actions).toContain(a);
    const refused = entries.filter((e) => e.action === 'auth.login' && e.outcome === 'refused');
    expect(refused.map((e) => (e.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong-password', 'rate-limited']));
    expect(entries.find((e) => e.action === 'token.create' && e.actor === 'token:scripts')).toBeDefined();
    const all = JSON.stringify(entries);
    for (const secret of [ADMIN_PW, VIEWER_PW, 'wrong password 0', adminToken]) expect(all).not.toContain(secret);

    // Paging: newest first, `before` gives the older page.
    const page = AuditResponse.parse((await call('GET', '/api/audit?limit=2', { browser: admin })).body);
    expect(page.entries).toHaveLength(2);
    expect(page.nextBefore).toBe(page.entries[1]!.id);
    const older = AuditResponse.parse((await call('GET', `/api/audit?limit=2&before=${page.nextBefore}`, { browser: admin })).body);
    expect(older.entries[0]!.id).toBeLessThan(page.nextBefore!);
    expect((await call('GET', '/api/audit?limit=0', { browser: admin })).status).toBe(400);
    expect((await call('GET', '/api/audit?pool=nope', { browser: admin })).status).toBe(400);
  });

  it('does not leak whether a username exists', async () => {
    const unknown = await call('POST', '/api/login', { body: { username: 'nobody', password: 'some password' } });
    const wrong = await call('POST', '/api/login', { body: { username: 'viewer', password: 'some password' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('ends a session after the idle timeout', async () => {
    const b = await login('viewer', VIEWER_PW);
    clock.set(clock.nowMs() + SESSION_IDLE_MS - 60_000);
    expect((await call('GET', '/api/audit', { browser: b })).status).toBe(200); // slides the timeout
    clock.set(clock.nowMs() + SESSION_IDLE_MS - 60_000);
    expect((await call('GET', '/api/audit', { browser: b })).status).toBe(200);
    clock.set(clock.nowMs() + SESSION_IDLE_MS + 1);
    expect((await call('GET', '/api/audit', { browser: b })).status).toBe(401);
    const s = SessionResponse.parse((await call('GET', '/api/session', { browser: b })).body);
    expect(s.user).toBeNull();
  });

  it('keeps the last admin and ends a deleted user\'s sessions and tokens', async () => {
    const a = await login('admin', ADMIN_PW);
    const last = await call('DELETE', '/api/users/admin', { browser: a });
    expect(last.status).toBe(409);
    expect(errorCode(last.body)).toBe('conflict');

    expect((await call('POST', '/api/users', { browser: a, body: { username: 'ops', password: 'ops password 1234', role: 'admin' } })).status).toBe(201);
    const ops = await login('ops', 'ops password 1234');
    const opsToken = CreatedTokenResponse.parse((await call('POST', '/api/tokens', { browser: ops, body: { name: 'ops-script', role: 'admin' } })).body).secret;
    const users = UsersResponse.parse((await call('GET', '/api/users', { browser: a })).body).users;
    expect(users.map((u) => u.name)).toEqual(['admin', 'ops', 'viewer']);

    const del = await call('DELETE', '/api/users/ops', { browser: a });
    expect(del.status).toBe(200);
    expect((await call('GET', '/api/audit', { browser: ops })).status).toBe(401);
    expect((await call('GET', '/api/audit', { bearer: opsToken })).status).toBe(401);
    expect((await call('DELETE', '/api/users/ops', { browser: a })).status).toBe(404);
  });
});
