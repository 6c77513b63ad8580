/**
 * The Cockpit sockets (ADR 016): their modes and owners are what grant a role, so they are
 * checked as the kernel will check them; a request through the read-only socket may read but not
 * change, one through the admin socket may change, no login or CSRF token is asked, the audit log
 * names the Cockpit user — and the user header means nothing on the TCP port.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSocketPath } from './config.ts';
import { COCKPIT_USER_HEADER } from './http/auth.ts';
import { ListenError, groupId, listenCockpitSockets, listenUnix } from './listeners.ts';
import { createApp } from './http/app.ts';
import { serve, testGraph, type Served, type TestGraph } from './test-support/graph.ts';

function call(socketPath: string, method: string, path: string, body?: unknown, user = 'alice'): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { socketPath, method, path, headers: { [COCKPIT_USER_HEADER]: user, ...(data ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('the Cockpit sockets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolwatch-sockets-'));
  const viewer = join(dir, 'poolwatch.sock');
  const admin = adminSocketPath(viewer);
  const gid = process.getgid!();
  let graph: TestGraph;
  let servers: Server[] = [];
  let tcp: Served;

  beforeAll(async () => {
    graph = testGraph();
    writeFileSync(admin, ''); // a stale leftover is not a socket: refused below, then removed
    await expect(listenUnix(createApp(graph), admin, 'admin', gid)).rejects.toThrow(ListenError);
    rmSync(admin);
    servers = await listenCockpitSockets(createApp(graph), { viewer, admin, group: String(gid) }, { groupIsDefault: false, warn: () => undefined });
    tcp = await serve(graph);
  });

  afterAll(async () => {
    for (const s of servers) s.close();
    await tcp?.close();
    graph?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are made with the modes and owners that grant the roles', () => {
    const v = statSync(viewer);
    const a = statSync(admin);
    expect({ socket: v.isSocket(), mode: v.mode & 0o777, gid: v.gid }).toEqual({ socket: true, mode: 0o660, gid });
    expect({ socket: a.isSocket(), mode: a.mode & 0o777, uid: a.uid }).toEqual({ socket: true, mode: 0o600, uid: process.getuid!() });
  });

  it('refuse a second poolwatch on the same path, and name a missing group', async () => {
    await expect(listenUnix(createApp(graph), viewer, 'viewer', gid)).rejects.toThrow(/another process is listening/);
    expect(() => groupId('no-such-group-pw', join(dir, 'none'))).toThrow(/groupadd --system no-such-group-pw/);
    const other = { viewer: join(dir, 'b.sock'), admin: join(dir, 'b-admin.sock'), group: 'no-such-group-pw' };
    // Named explicitly: a missing group stops the start.
    await expect(listenCockpitSockets(createApp(graph), other, { groupIsDefault: false, warn: () => undefined })).rejects.toThrow(/does not exist/);
    // The default group not created yet: root only, with a warning that says what to do.
    const warnings: string[] = [];
    const started = await listenCockpitSockets(createApp(graph), other, { groupIsDefault: true, warn: (m) => warnings.push(m) });
    expect(statSync(other.viewer).gid).toBe(0);
    expect(warnings[0]).toMatch(/groupadd --system no-such-group-pw.*only root/);
    for (const s of started) s.close();
  });

  it('the read-only socket reads as the Cockpit user and changes nothing', async () => {
    expect(await call(viewer, 'GET', '/api/session')).toEqual({ status: 200, body: { user: { name: 'alice', role: 'viewer', via: 'cockpit' }, setupRequired: false, csrfToken: null } });
    const refused = await call(viewer, 'POST', '/api/tokens', { name: 'from-viewer', role: 'viewer' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/administrative access/);
    expect(graph.auth.listTokens().map((t) => t.name)).not.toContain('from-viewer');
  });

  it('the admin socket changes things without a login or CSRF token, and the audit log names the Cockpit user', async () => {
    expect((await call(admin, 'GET', '/api/session', undefined, 'bob')).body.user).toEqual({ name: 'bob', role: 'admin', via: 'cockpit' });
    const made = await call(admin, 'POST', '/api/tokens', { name: 'from-cockpit', role: 'viewer' }, 'bob');
    expect(made.status).toBe(201);
    const entry = graph.stores.audit.list().find((e) => e.action === 'token.create' && e.target?.includes('from-cockpit'));
    expect(entry?.actor).toBe('cockpit:bob');
  });

  it('a name that is not a login name is recorded as unknown; on TCP the header means nothing', async () => {
    expect((await call(admin, 'GET', '/api/session', undefined, 'bob; DROP TABLE')).body.user).toMatchObject({ name: 'unknown', via: 'cockpit' });
    const res = await fetch(`${tcp.base}/api/session`, { headers: { [COCKPIT_USER_HEADER]: 'alice' } });
    expect(((await res.json()) as { user: unknown }).user).toBeNull();
    expect((await fetch(`${tcp.base}/api/tokens`, { method: 'POST', headers: { [COCKPIT_USER_HEADER]: 'alice', 'content-type': 'application/json' }, body: '{"name":"x","role":"admin"}' })).status).toBe(401);
  });
});
