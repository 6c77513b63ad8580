/**
 * Issue 9: a property test over every route of the real app (the composition root's graph over a
 * replayed real machine, fixtures/lab/host-spare.json). Random paths, parameters, queries, bodies
 * and content types, sent as an anonymous caller, a bad token, a viewer (token and browser session)
 * and an admin (token, and browser session with and without the CSRF header):
 * - no answer is a 5xx (bad input is the caller's fault: 4xx with an ApiError body); the one
 *   exception is a valid request whose command the machine failed (503 host-error with its stderr);
 * - no request ever makes a command that no builder made or whose operand starts with "-"
 *   (GuardedHost), and every command that would be spawned passed the host's operand checks.
 * The routes are read from the app's router stack, so a new route is fuzzed without listing it.
 *
 * Fixed seed by default; explore with POOLWATCH_FUZZ_SEED=<n> (and POOLWATCH_FUZZ_RUNS=<per route>).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../contracts/actions.ts';
import { ApiError } from '../../contracts/api.ts';
import { CSRF_HEADER } from '../../contracts/auth.ts';
import { FakeClock } from '../test-support/clock.ts';
import { serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';
import { GuardedHost, NOT_ON_THIS_MACHINE } from '../test-support/guarded-host.ts';
import type { HostRecording } from '../test-support/recording-host.ts';
import { createApp } from './app.ts';

const cap = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', 'host-spare.json'), 'utf8')) as {
  broken: HostRecording; labPools: Record<string, { uuid: string; label: string }>;
};
const POOL = cap.labPools.spare!;
const SEED = Number(process.env.POOLWATCH_FUZZ_SEED ?? 90_210);
const RUNS_PER_ROUTE = Number(process.env.POOLWATCH_FUZZ_RUNS ?? 14);
const SETUP_TOKEN = 'fuzz-setup-token-0123456789abcdef';
const ADMIN = { name: 'fuzz-admin', password: 'correct horse battery staple 42' };
const VIEWER = { name: 'fuzz-viewer', password: 'viewer has a long phrase 77' };

interface Route { method: string; path: string }

/** Every `METHOD /path` the app routes, read from Express's router stack (mount prefixes included). */
function routesOf(app: ReturnType<typeof createApp>): Route[] {
  const out: Route[] = [];
  type Layer = { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[], prefix: string) => {
    for (const l of stack) {
      if (l.route) {
        for (const m of Object.keys(l.route.methods)) if (m !== '_all') out.push({ method: m.toUpperCase(), path: prefix + l.route.path });
      } else if (l.handle?.stack) {
        walk(l.handle.stack, prefix + (typeof l.rawPath === 'string' && l.rawPath !== '/' ? l.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

type Who = 'anonymous' | 'bad-token' | 'viewer-token' | 'viewer-session' | 'admin-token' | 'admin-session' | 'admin-session-no-csrf';
const WHO: readonly Who[] = ['anonymous', 'bad-token', 'viewer-token', 'viewer-session', 'admin-token', 'admin-session', 'admin-session-no-csrf'];

interface FuzzRequest {
  method: string;
  path: string;
  who: Who;
  contentType: string | undefined;
  body: string | undefined;
}

interface Answer { status: number; contentType: string; body: string }

/** One raw HTTP request (fetch cannot send a body without a Content-Type, nor any path as is). */
function send(base: string, r: { method: string; path: string; headers: Record<string, string>; body: string | undefined }): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within 10 s to ${r.method} ${r.path.slice(0, 300)}`));
    }, 10_000);
    const req = httpRequest({ host: url.hostname, port: url.port, path: r.path, method: r.method, headers: r.headers }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      // A live stream never ends: its status and type are the answer.
      if (contentType.startsWith('text/event-stream')) {
        clearTimeout(timer);
        res.destroy();
        resolve({ status: res.statusCode ?? 0, contentType, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(r.body);
  });
}

// ---- generators -------------------------------------------------------------------------------

/** Strings that have hurt command lines and parsers before, and ones that name real things here. */
const HOSTILE = [
  '-U', `-U${POOL.uuid}`, '--help', '--', '-', '-rf', '..', '.', '../../etc/passwd', '/dev/../etc/shadow', '/dev/loop1', '/dev/loop0',
  '/dev/vda', '/etc/passwd', `uuid: ${POOL.uuid}`, `devid 1 size 1 used 1 path -U${POOL.uuid}`, 'a\nb', 'tab\there', '\u0000', '\u202e',
  'x'.repeat(5000), '', ' ', '0', '-1', '1', '2', '3', '1e309', 'NaN', 'null', 'true', '[]', '{}', '__proto__', 'constructor',
  POOL.uuid, POOL.label, '00000000-0000-0000-0000-000000000000', POOL.uuid.toUpperCase(), `${POOL.uuid}\n`, 'max', 'raid1', 'single',
  'loop:/work/wt-space/.lab/capture-3169/spare/disk1.img', 'admin', ADMIN.name, VIEWER.name, ADMIN.password, SETUP_TOKEN, 'ata', 'sat', 'short',
  ...ACTION_NAMES,
];
/** Raw path segments (already URL text): encodings a router may choke on. */
const RAW_SEGMENTS = ['%', '%ZZ', '%00', '%2F', '%2e%2e', '..', '%0A', '%C0%AF', '%FF%FE', '-', ';', '*', '~', `${POOL.uuid}%00`];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const segment = fc.oneof(
  { weight: 5, arbitrary: text.map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.double(), fc.constant(null), fc.constant(2 ** 53)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
);
/** Field names every route's body schema uses (contracts/), so bodies often get past "unknown key". */
const KEYS = [
  'dryRun', 'confirmLabel', 'devid', 'targetDisk', 'readFromOtherMirrors', 'wipe', 'force', 'size', 'metadataFirst', 'disks', 'mode',
  'dataProfile', 'metadataProfile', 'managed', 'username', 'password', 'role', 'name', 'currentPassword', 'newPassword', 'setupToken',
  'deviceType', 'type', 'enabled', 'kind', 'url', 'to', 'secret', 'config', 'channelId', 'events', 'minSeverity', 'action', 'poolUuid',
  'at', 'days', 'time', 'thresholds', 'channels', 'schedules', 'version', 'redact', 'tlsVerify', 'port', 'reminderHours', 'limit',
  'counterRetentionDays', 'scanStuckMinutes', 'key', 'diskKey', 'device', 'target', 'files', 'override', '__proto__', 'constructor',
];
const jsonBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"dryRun":tru', '[1,2', '"', 'null', '', '{"a":1}{"b":2}', ' '.repeat(70_000), `{"x":"${'y'.repeat(70_000)}"}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);
const contentType = fc.constantFrom(
  undefined, 'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1',
  'application/merge-patch+json', 'application/jsonp', '*/*', 'application/json, text/plain', 'json',
);
const query = fc.option(
  fc.array(fc.tuple(fc.constantFrom('limit', 'before', 'after', 'actor', 'action', 'outcome', 'poolUuid', 'since', 'until', 'offset', 'q', 'kind', 'a[b]', 'limit[]', '__proto__'), text), { maxLength: 4 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  { nil: '' },
);

/** Real values per route parameter, so a good share of the requests get past "no such thing". */
const REAL_PARAMS: Record<string, readonly string[]> = {
  uuid: [POOL.uuid],
  action: ACTION_NAMES,
  key: [],
  id: ['1', '2', '3'],
  name: [ADMIN.name, VIEWER.name, 'nobody'],
};
const param = (name: string) => {
  const real = REAL_PARAMS[name] ?? [];
  return real.length === 0 ? segment : fc.oneof({ weight: 1, arbitrary: segment }, { weight: 1, arbitrary: fc.constantFrom(...real).map(encodeURIComponent) });
};

/** A request aimed at `route`: its parameters filled with hostile or real values, sometimes with another method or a junk tail. */
function requestFor(route: Route): fc.Arbitrary<FuzzRequest> {
  const params = (route.path.match(/:[A-Za-z]+/g) ?? []).map((p) => param(p.slice(1)));
  return fc.record({
    segs: params.length === 0 ? fc.constant([] as string[]) : fc.tuple(...params),
    tail: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/x', '/..', '%2F..') }),
    query,
    method: fc.oneof({ weight: 6, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') }),
    who: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Who>('admin-token', 'admin-session') }, { weight: 3, arbitrary: fc.constantFrom(...WHO) }),
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: contentType }),
    body: fc.option(jsonBody, { nil: undefined, freq: 4 }),
  }).map(({ segs, tail, query: q, method, who, contentType: ct, body }) => {
    let i = 0;
    const path = route.path.replace(/:[A-Za-z]+/g, () => segs[i++]!) + tail + q;
    return { method, path, who, contentType: ct, body };
  });
}

/** Paths no route names: random segments under /api and elsewhere. */
const strayRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  root: fc.constantFrom('/api/', '/', '/api//', '/metrics/', '/embed/', '/api/pools/'),
  segs: fc.array(segment, { maxLength: 4 }),
  query,
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  who: fc.constantFrom(...WHO),
  contentType,
  body: fc.option(jsonBody, { nil: undefined }),
}).map(({ root, segs, query: q, method, who, contentType: ct, body }) => ({ method, path: root + segs.join('/') + q, who, contentType: ct, body }));

// ---- the test -----------------------------------------------------------------------------------

describe('fuzz: every route, random input', { timeout: 120_000 }, () => {
  let graph: TestGraph;
  let host: GuardedHost;
  let served: Served;
  let routes: Route[];
  const creds = { adminToken: '', viewerToken: '', adminCookie: '', adminCsrf: '', viewerCookie: '', viewerCsrf: '' };
  /** Per route template: how many requests it got and the statuses it answered. */
  const seen = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    host = new GuardedHost(cap.broken);
    graph = testGraph({ host, clock: new FakeClock('2026-11-26T12:00:00Z'), env: { POOLWATCH_SETUP_TOKEN: SETUP_TOKEN }, config: { fullScanSeconds: 3600 } });
    served = await serve(graph);
    routes = routesOf(createApp(graph));
    (REAL_PARAMS as Record<string, string[]>).key = (await graph.inventory.snapshot()).disks.map((d) => d.identity.key);
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
  });

  /** The principals the requests use: recreated when a request ended, revoked or deleted them. */
  async function ensurePrincipals(): Promise<void> {
    const auth = graph.auth;
    for (const [u, role] of [[ADMIN, 'admin'], [VIEWER, 'viewer']] as const) {
      if (!auth.listUsers().some((x) => x.name === u.name)) await auth.createUser('fuzz', u.name, u.password, role);
    }
    if (!auth.resolveToken(creds.adminToken)) creds.adminToken = auth.createToken('fuzz', `fuzz-admin-${Date.now()}`, 'admin').secret;
    if (!auth.resolveToken(creds.viewerToken)) creds.viewerToken = auth.createToken('fuzz', `fuzz-viewer-${Date.now()}`, 'viewer').secret;
    for (const [u, cookie, csrf] of [[ADMIN, 'adminCookie', 'adminCsrf'], [VIEWER, 'viewerCookie', 'viewerCsrf']] as const) {
      if (creds[cookie] && auth.resolveSession(creds[cookie])) continue;
      // Another address than the requests' own, so their wrong passwords never rate-limit this login.
      await auth.resetPassword('fuzz', u.name, u.password);
      const s = await auth.login(u.name, u.password, '192.0.2.1');
      creds[cookie] = s.id;
      creds[csrf] = s.csrfToken;
    }
  }

  function headersOf(r: FuzzRequest): Record<string, string> {
    const h: Record<string, string> = { host: '127.0.0.1' };
    if (r.contentType !== undefined) h['content-type'] = r.contentType;
    if (r.body !== undefined) h['content-length'] = String(Buffer.byteLength(r.body));
    switch (r.who) {
      case 'anonymous': break;
      case 'bad-token': h.authorization = `Bearer pw_${'A'.repeat(43)}`; break;
      case 'viewer-token': h.authorization = `Bearer ${creds.viewerToken}`; break;
      case 'admin-token': h.authorization = `Bearer ${creds.adminToken}`; break;
      case 'viewer-session': h.cookie = `pw_session=${creds.viewerCookie}`; h[CSRF_HEADER] = creds.viewerCsrf; break;
      case 'admin-session': h.cookie = `pw_session=${creds.adminCookie}`; h[CSRF_HEADER] = creds.adminCsrf; break;
      case 'admin-session-no-csrf': h.cookie = `pw_session=${creds.adminCookie}`; break;
    }
    return h;
  }

  async function check(template: string, r: FuzzRequest): Promise<void> {
    await ensurePrincipals();
    const a = await send(served.base, { method: r.method, path: r.path, headers: headersOf(r), body: r.body });
    const statuses = seen.get(template) ?? new Map<number, number>();
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    seen.set(template, statuses);
    const failures: string[] = [];
    const what = `${r.who} ${r.method} ${r.path.slice(0, 200)} (${r.contentType ?? 'no type'}, body ${JSON.stringify(r.body?.slice(0, 200))})`;
    // The one 5xx allowed: a valid request whose command the machine failed (here: one the replayed
    // machine never answered), reported as `host-error` with the command's stderr (ADR 018).
    const machineSaidNo = a.status === 503 && a.body.includes('"code":"host-error"') && a.body.includes(NOT_ON_THIS_MACHINE);
    if (a.status >= 500 && !machineSaidNo) failures.push(`${a.status} for ${what}: ${a.body.slice(0, 300)}`);
    // An error below /api is an ApiError the UI can show, whatever went wrong.
    if (a.status >= 400 && r.method !== 'HEAD' && r.path.split('?')[0]!.startsWith('/api/')) {
      let ok = false;
      try {
        ok = ApiError.safeParse(JSON.parse(a.body)).success;
      } catch { /* not JSON */ }
      if (!ok) failures.push(`${a.status} without an ApiError body for ${what}: ${a.body.slice(0, 200)}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(host.violations, host.violations.join('\n')).toEqual([]);
  }

  it('finds the routes in the router stack', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    // A few that must be there; new ones are picked up without being listed.
    for (const n of ['GET /api/pools', 'POST /api/pools/:uuid/actions/:action', 'POST /api/setup', 'POST /api/login', 'DELETE /api/users/:name', 'GET /metrics', 'PUT /api/settings/thresholds']) {
      expect(names).toContain(n);
    }
    expect(routes.length).toBeGreaterThan(40);
  });

  it('first run: setup and every route before any user exists never answer 5xx', async () => {
    for (const route of routes.filter((r) => r.path.startsWith('/api/setup') || r.path.startsWith('/api/session') || r.path === '/api/pools')) {
      await fc.assert(fc.asyncProperty(requestFor(route).map((r) => ({ ...r, who: 'anonymous' as const })), async (r) => {
        expect(graph.auth.setupRequired()).toBe(true);
        const a = await send(served.base, { method: r.method, path: r.path, headers: headersOf(r), body: r.body });
        expect(a.status, `${r.method} ${r.path}: ${a.body.slice(0, 300)}`).toBeLessThan(500);
        // Without the token nobody claims the admin account.
        if (a.status === 201) expect(r.body).toContain(SETUP_TOKEN);
        if (!graph.auth.setupRequired()) {
          // A request that did set up with the token: undo, so the next run sees a first run again.
          graph.db.exec('DELETE FROM sessions; DELETE FROM users');
        }
      }), { seed: SEED, numRuns: RUNS_PER_ROUTE });
    }
  });

  it('every route as every principal: never 5xx, always an ApiError, never an unchecked operand', async () => {
    for (const [i, route] of routes.entries()) {
      await fc.assert(fc.asyncProperty(requestFor(route), (r) => check(`${route.method} ${route.path}`, r)), { seed: SEED + i, numRuns: RUNS_PER_ROUTE });
    }
    await fc.assert(fc.asyncProperty(strayRequest, (r) => check('(stray)', r)), { seed: SEED, numRuns: RUNS_PER_ROUTE * 10 });
    // Every route got its share, and the fuzz reached past the guards (not only 401/403/415).
    for (const route of routes) expect(seen.get(`${route.method} ${route.path}`)?.size ?? 0, `${route.method} ${route.path}`).toBeGreaterThan(0);
    if (process.env.POOLWATCH_FUZZ_REPORT) for (const [t, s] of seen) console.log(t, JSON.stringify(Object.fromEntries(s)));
    const ok = [...seen.entries()].filter(([, s]) => [...s.keys()].some((code) => code < 300));
    expect(ok.length, 'routes that answered 2xx at least once').toBeGreaterThan(routes.length / 2);
  });

  it('a text/plain (or form, or untyped) body to every mutating route answers 415 and runs nothing', async () => {
    await ensurePrincipals();
    const mutating = routes.filter((r) => r.method !== 'GET');
    expect(mutating.length).toBeGreaterThan(20);
    const spawned = host.spawned.length;
    const jobs = graph.jobs.list().length;
    const audit = graph.stores.audit.size().rows;
    for (const route of mutating) {
      const path = route.path.replace(':uuid', POOL.uuid).replace(':action', 'scrub-start').replace(/:[A-Za-z]+/g, '1');
      for (const who of ['admin-token', 'admin-session'] as const) {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
          const body = JSON.stringify({ dryRun: true, confirmLabel: POOL.label });
          const a = await send(served.base, { method: route.method, path, headers: headersOf({ who, contentType: type, body, method: route.method, path }), body });
          expect(a.status, `${who} ${route.method} ${path} as ${type ?? 'no type'}: ${a.body.slice(0, 200)}`).toBe(415);
        }
      }
    }
    expect(host.spawned.length, 'no command ran').toBe(spawned);
    expect(graph.jobs.list()).toHaveLength(jobs);
    graph.refusals.flush();
    // Refusals are aggregated: a handful of audit rows, not one per request.
    expect(graph.stores.audit.size().rows - audit).toBeLessThan(20);
  });

  it('valid admin changes reach the machine through the builders only', async () => {
    // The fuzz may or may not have hit a valid change; these surely do, and the host checks them the same way.
    await ensurePrincipals();
    const before = host.spawned.length;
    for (const action of ['scrub-start', 'balance-start', 'unmount', 'reset-counters', 'remove-missing'] as const) {
      const body = JSON.stringify({ confirmLabel: POOL.label });
      const a = await send(served.base, { method: 'POST', path: `/api/pools/${POOL.uuid}/actions/${action}`, headers: { ...headersOf({ who: 'admin-token', contentType: 'application/json', body, method: 'POST', path: '' }) }, body });
      expect(a.status, `${action}: ${a.body.slice(0, 300)}`).toBeLessThan(500);
    }
    await expect.poll(() => graph.jobs.list().filter((j) => j.state === 'running' || j.state === 'queued').length, { timeout: 20_000 }).toBe(0);
    expect(host.spawned.length, 'commands reached the host').toBeGreaterThan(before);
    expect(host.violations).toEqual([]);
  });
});
