/**
 * Issue 9 through the real Express app over a replayed real machine (fixtures/lab/host-spare.json):
 * security headers, the Host allowlist, JSON-only changes, capped live streams, a data dir that
 * refuses writes, and an audit log a viewer cannot flood.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contracts/api.ts';
import { WatchStatus } from '../../contracts/views.ts';
import { FakeClock } from '../test-support/clock.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';
import type { HostRecording } from '../test-support/recording-host.ts';
import { refuseWrites } from '../test-support/writes.ts';
import { CONTENT_SECURITY_POLICY } from './web-guards.ts';

const cap = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', 'host-spare.json'), 'utf8')) as {
  broken: HostRecording; labPools: Record<string, { uuid: string; label: string }>;
};
const POOL = cap.labPools.spare!;

/** A raw request: fetch() always sends the URL's own Host, these tests need to choose it. */
function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web hardening', { timeout: 30_000 }, () => {
  let graph: TestGraph;
  let host: FakeHost;
  let served: Served;
  let base: string;
  let admin = '';
  let viewer = '';

  beforeAll(async () => {
    host = FakeHost.fromRecording(cap.broken);
    graph = testGraph({ host, clock: new FakeClock('2026-11-26T12:00:00Z'), config: { fullScanSeconds: 3600 } });
    ({ admin, viewer } = apiTokens(graph));
    served = await serve(graph);
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('sends the security headers on API answers, errors and the health probe', async () => {
    for (const [path, headers] of [['/api/health', {}], ['/api/pools', auth(viewer)], ['/api/nothing', auth(viewer)], ['/api/pools', {}]] as const) {
      const r = await fetch(`${base}${path}`, { headers });
      expect(r.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('answers 421 to a Host that is not this machine (DNS rebinding), and audits it once a minute', async () => {
    const before = graph.stores.audit.size().rows;
    for (let i = 0; i < 20; i++) {
      const r = await raw(base, '/api/session', { headers: { host: 'attacker.example:80' } });
      expect(r.status).toBe(421);
      expect(ApiError.parse(JSON.parse(r.body))).toMatchObject({ code: 'misdirected', message: expect.stringContaining('POOLWATCH_ALLOWED_HOSTS') });
    }
    expect((await raw(base, '/', { headers: { host: 'rebind.attacker.example' } })).status).toBe(421);
    // The health probe answers any name; the machine's own names and addresses pass.
    expect((await raw(base, '/api/health', { headers: { host: 'attacker.example' } })).status).toBe(200);
    for (const name of ['127.0.0.1', 'localhost:8080', '[::1]:8080']) expect((await raw(base, '/api/session', { headers: { host: name } })).status, name).toBe(200);
    graph.refusals.flush();
    const rows = graph.stores.audit.list({ limit: 5 }).slice(0, graph.stores.audit.size().rows - before);
    expect(rows.map((r) => [r.actor, (r.details as { reason: string }).reason, r.count])).toEqual([['anonymous', 'misdirected', 21]]);
  });

  it('answers 415 to a change whose body is not JSON and runs nothing (a text/plain dryRun never becomes a real scrub)', async () => {
    const calls = host.calls.length;
    const before = graph.jobs.list().length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const r = await fetch(`${base}/api/pools/${POOL.uuid}/actions/scrub-start`, { method: 'POST', headers: { ...auth(admin), 'content-type': type }, body: JSON.stringify({ dryRun: true }) });
      expect(r.status, type).toBe(415);
      expect(ApiError.parse(await r.json())).toMatchObject({ code: 'unsupported-media-type', message: expect.stringMatching(/must send its body as JSON.*nothing was done/) });
    }
    // A body without any Content-Type is not JSON either.
    const untyped = await raw(base, `/api/pools/${POOL.uuid}/actions/scrub-start`, { method: 'POST', headers: { ...auth(admin), 'content-length': '15' }, body: '{"dryRun":true}' });
    expect(untyped.status).toBe(415);
    expect(host.calls.length, 'no command ran').toBe(calls);
    expect(graph.jobs.list()).toHaveLength(before);
    // A change without a body passes the check (cancelling a job sends none): here 400 for the bad id, not 415.
    expect((await fetch(`${base}/api/jobs/nope/cancel`, { method: 'POST', headers: auth(admin) })).status).toBe(400);
  });

  it('caps live-update streams per principal (503 beyond) and frees a slot when a stream closes', async () => {
    const limit = graph.config.security.sseMaxPerPrincipal;
    const streams: AbortController[] = [];
    for (let i = 0; i < limit; i++) {
      const c = new AbortController();
      const r = await fetch(`${base}/api/events`, { headers: auth(viewer), signal: c.signal });
      expect(r.status).toBe(200);
      streams.push(c);
    }
    const over = await fetch(`${base}/api/events`, { headers: auth(viewer) });
    expect(over.status).toBe(503);
    expect(over.headers.get('retry-after')).toBe('30');
    expect(ApiError.parse(await over.json()).message).toMatch(/too many live-update streams open for token:viewer-token/);
    // Another principal still gets one.
    const other = new AbortController();
    expect((await fetch(`${base}/api/events`, { headers: auth(admin), signal: other.signal })).status).toBe(200);
    streams.push(other);
    streams.shift()!.abort();
    await expect.poll(async () => {
      const c = new AbortController();
      const r = await fetch(`${base}/api/events`, { headers: auth(viewer), signal: c.signal });
      streams.push(c);
      return r.status;
    }).toBe(200);
    for (const c of streams) c.abort();
  });

  it('answers HEAD of the live stream at once, without holding a stream slot', async () => {
    const limit = graph.config.security.sseMaxPerPrincipal;
    for (let i = 0; i < limit + 2; i++) {
      const r = await raw(base, '/api/events', { method: 'HEAD', headers: { ...auth(viewer), host: '127.0.0.1' } });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/event-stream');
    }
    const c = new AbortController();
    expect((await fetch(`${base}/api/events`, { headers: auth(viewer), signal: c.signal })).status, 'a real stream still opens').toBe(200);
    c.abort();
  });

  it('a viewer cannot grow the audit log by more than a few KB per minute, whatever it sends', async () => {
    const counted = () => graph.stores.audit.list({ limit: 500 }).reduce((n, r) => n + r.count, 0);
    graph.refusals.flush();
    const before = graph.stores.audit.size();
    const countedBefore = counted();
    const longPath = `/api/pools/${POOL.uuid}/${'a'.repeat(15_000)}`;
    const attempts: Promise<Response>[] = [];
    for (let i = 0; i < 25; i++) {
      attempts.push(fetch(`${base}${longPath}${i}`, { method: 'POST', headers: { ...auth(viewer), 'content-type': 'application/json' }, body: JSON.stringify({ junk: 'x'.repeat(30_000) }) }));
      attempts.push(fetch(`${base}/api/pools/${POOL.uuid}/manage`, { method: 'PUT', headers: { ...auth(viewer), 'content-type': 'application/json' }, body: JSON.stringify({ managed: true }) }));
      attempts.push(fetch(`${base}/api/users`, { method: 'POST', headers: { ...auth(viewer), 'content-type': 'text/plain' }, body: 'x'.repeat(10_000) }));
      attempts.push(fetch(`${base}/api/users`, { headers: auth(viewer) }));
      attempts.push(fetch(`${base}/api/tokens/${i}`, { method: 'DELETE', headers: auth(viewer) }));
      // And anonymous callers: no login, a bad token, a malformed header.
      attempts.push(fetch(`${base}/api/pools${'/x'.repeat(2000)}`));
      attempts.push(fetch(`${base}/api/pools`, { headers: { authorization: `Bearer pw_${'B'.repeat(43)}` } }));
      attempts.push(fetch(`${base}/api/pools`, { headers: { authorization: `Basic ${'C'.repeat(4000)}` } }));
    }
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set([401, 403, 415]));
    graph.refusals.flush();
    const after = graph.stores.audit.size();
    const grown = after.bytes - before.bytes;
    expect(after.rows - before.rows).toBeLessThanOrEqual(8);
    expect(grown, `${grown} bytes for ${attempts.length} refused requests`).toBeLessThan(4 * 1024);
    expect(counted() - countedBefore, 'every refused request is counted').toBe(attempts.length);
    // The next minute: again a handful of rows, not one per request.
    graph.clock.advance(60_000);
    for (let i = 0; i < 30; i++) await fetch(`${base}/api/users`, { method: 'POST', headers: { ...auth(viewer), 'content-type': 'application/json' }, body: '{}' });
    graph.refusals.flush();
    expect(graph.stores.audit.size().rows - after.rows).toBe(1);
  });

  describe('with a data dir that refuses writes', () => {
    beforeAll(() => {
      // Sessions and tokens were last used more than a minute ago: the next read wants to note it.
      graph.clock.advance(5 * 60_000);
      refuseWrites(graph.db);
    });
    afterAll(() => refuseWrites(graph.db, false));

    it('still answers every read with 200, and /api/status says why it cannot write', async () => {
      for (const path of ['/api/pools', `/api/pools/${POOL.uuid}`, '/api/disks', '/api/jobs', '/api/audit', '/api/session', '/api/smart']) {
        const r = await fetch(`${base}${path}`, { headers: auth(viewer) });
        expect(r.status, `${path}: ${r.status === 200 ? '' : await r.text()}`).toBe(200);
      }
      const status = WatchStatus.parse(await (await fetch(`${base}/api/status`, { headers: auth(viewer) })).json());
      expect(status.dataDir).toMatchObject({ writable: false, reason: expect.stringMatching(/read-only/), since: expect.any(String) });
    });

    it('refuses a change with the reason before anything runs', async () => {
      const calls = host.calls.length;
      const r = await fetch(`${base}/api/pools/${POOL.uuid}/actions/scrub-start`, { method: 'POST', headers: { ...auth(admin), 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(503);
      expect(ApiError.parse(await r.json())).toMatchObject({
        code: 'data-dir-unwritable', message: expect.stringMatching(/^poolwatch cannot write its data dir .*read-only.*nothing ran/),
      });
      expect(host.calls.length, 'no command ran').toBe(calls);
      const user = await fetch(`${base}/api/users`, { method: 'POST', headers: { ...auth(admin), 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol', password: 'carol has a long one', role: 'viewer' }) });
      expect(user.status).toBe(503);
    });

    it('clears the alert once a probe write succeeds again', async () => {
      refuseWrites(graph.db, false);
      expect(graph.writes.probe(graph.db).writable).toBe(true);
      const status = WatchStatus.parse(await (await fetch(`${base}/api/status`, { headers: auth(viewer) })).json());
      expect(status.dataDir).toMatchObject({ writable: true, reason: null });
    });
  });
});
