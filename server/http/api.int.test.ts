/**
 * The API against real btrfs pools: every lab scenario is built on loop devices, poolwatch sees
 * it healthy first (so it learns each member's disk), then the scenario breaks it, and
 * GET /api/pools must report exactly what the scenario expects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisksResponse } from '../../contracts/api.ts';
import { PoolViewResponse, PoolViewsResponse, type PoolView } from '../../contracts/views.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { SCENARIOS } from '../../lab/scenarios.ts';
import { systemClock, type Clock } from '../clock.ts';
import { RealHost } from '../host/real-host.ts';
import { serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `it-${process.pid}`));

describe.skipIf(skip !== null)('API on real lab pools', () => {
  let graph: TestGraph<Clock>;
  let served: Served;
  let base: string;
  let dataDir: string;
  /** Every /api route needs a login: the test is an admin script with an API token. */
  let token: string;
  const api = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-it-'));
    // fullScanSeconds 0: every request rescans, so each step sees the pools as they are now.
    graph = testGraph({ host: new RealHost(), clock: systemClock, env: { POOLWATCH_DATA_DIR: dataDir }, config: { fullScanSeconds: 0 } });
    served = await serve(graph);
    base = served.base;
    token = graph.auth.createToken('api-int-test', 'api-int-test', 'admin').secret;
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
    for (const s of SCENARIOS) await downScenario(LAB_ROOT, s.name).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function pools(): Promise<PoolView[]> {
    const res = await api(`/api/pools`);
    expect(res.status).toBe(200);
    return PoolViewsResponse.parse(await res.json()).pools;
  }

  for (const scenario of SCENARIOS) {
    it(`reports scenario ${scenario.name}: ${scenario.description}`, async () => {
      const lab = await upScenario(LAB_ROOT, scenario.name, { break: false });
      try {
        await pools(); // poolwatch sees the healthy pool and remembers its disks
        await scenario.break?.(lab);
        await lab.save();
        const seen = await pools();
        for (const want of scenario.expect.pools) {
          const labPool = want.pool ? lab.pool(want.pool) : Object.values(lab.state.pools).find((p) => p.label === want.label);
          const uuid = labPool?.uuid;
          const pool = seen.find((p) => p.uuid === uuid);
          expect(pool, `pool ${want.pool ?? want.label} (${uuid}) is listed`).toBeDefined();
          // Listed once: a label that imitates btrfs output never adds a pool.
          expect(seen.filter((p) => p.uuid === uuid), `pool ${uuid} listed once`).toHaveLength(1);
          const p = pool!;
          expect(p.label).toBe(labPool!.label);
          expect(p.mounted).toBe(want.mounted);
          if (want.mounted) expect(p.mountPoint).toBe(labPool!.mountPoint);
          for (const opt of want.mountOptions ?? []) expect(p.mountOptions).toContain(opt);
          expect(p.totalDevices).toBe(want.totalDevices);
          expect(p.missingCount).toBe(want.missingCount);
          expect(p.missingDevids).toEqual(want.missingDevids);
          expect(p.devices.filter((d) => d.missing).map((d) => d.devid)).toEqual(want.missingDevids);
          expect({ data: [...p.profiles.data].sort(), metadata: [...p.profiles.metadata].sort(), system: [...p.profiles.system].sort() }).toEqual(want.profiles);
          if (want.mounted) {
            // Counters come from sysfs for every present member of a mounted pool.
            for (const d of p.devices.filter((x) => !x.missing)) expect(d.errors, `devid ${d.devid} counters`).not.toBeNull();
          }
          const nonZero = want.nonZeroCounters ?? {};
          for (const d of p.devices.filter((x) => !x.missing)) {
            const counters = nonZero[d.devid] ?? [];
            for (const c of ['write', 'read', 'flush', 'corruption', 'generation'] as const) {
              if (counters.includes(c)) expect(d.errors?.[c], `devid ${d.devid} ${c}`).toBeGreaterThan(0);
              else if (d.errors) expect(d.errors[c], `devid ${d.devid} ${c}`).toBe(0);
            }
          }
          const detachedFiles = (want.detachedDisks ?? []).map((n) => `loop:${lab.state.disks[n]!.file}`);
          expect(p.detached.map((x) => x.disk.key).sort()).toEqual(detachedFiles.sort());
          for (const d of p.devices.filter((x) => x.missing)) {
            // The missing member is named by the disk poolwatch remembered for it.
            if (want.detachedDisks?.length) expect(d.disk?.key, `missing devid ${d.devid} is named`).toMatch(/^loop:/);
          }
          // The verdict and the guidance (issue 3) on the real pool.
          expect(p.health.status, `${want.label} status`).toBe(want.status);
          expect(p.maintenance?.state ?? null, `${want.label} maintenance`).toBe(want.maintenance);
          if (want.recommended) expect(p.maintenance?.recommended).toBe(want.recommended);
          for (const code of want.alerts ?? []) expect(p.health.alerts.map((a) => a.code), `${want.label} alerts`).toContain(code);
          expect(p.slack.map((s) => s.devid)).toEqual(want.slackDevids ?? []);
          for (const [operation, fits] of Object.entries(want.space ?? {})) {
            const v = p.space?.verdicts.find((x) => x.operation === operation);
            expect(v?.fits, `${want.label} ${operation}: ${v?.why ?? 'no verdict'}`).toBe(fits);
          }
          // Every output of a lab pool is read (issue 10: `Data,RAID10/4` once surfaced as a parser error).
          expect(p.problems.map((x) => x.source), `${want.label} read problems: ${p.problems.map((x) => x.message).join('; ')}`).toEqual(want.readProblems ?? []);
          // Present members are mapped to their disks.
          for (const d of p.devices.filter((x) => !x.missing)) expect(d.disk?.key, `devid ${d.devid} disk`).toMatch(/^loop:/);

          const one = await api(`/api/pools/${p.uuid}`);
          expect(one.status).toBe(200);
          expect(PoolViewResponse.parse(await one.json()).pool.uuid).toBe(p.uuid);
        }
        const disks = DisksResponse.parse(await (await api(`/api/disks`)).json()).disks;
        for (const stale of scenario.expect.staleDisks ?? []) {
          const row = disks.find((d) => d.identity.key === `loop:${lab.state.disks[stale.disk]!.file}`);
          expect(row?.role, `old member ${stale.disk}`).toBe('stale-member');
          expect(row?.pool?.uuid, `old member ${stale.disk} of`).toBe(lab.pool(stale.pool).uuid);
        }
        for (const spare of scenario.expect.spareDisks ?? []) {
          const key = `loop:${lab.state.disks[spare]!.file}`;
          expect(disks.find((d) => d.identity.key === key)?.role, `spare ${spare}`).toBe('unused');
        }
        for (const name of Object.keys(lab.state.pools)) {
          for (const diskName of lab.pool(name).disks) {
            const disk = lab.state.disks[diskName]!;
            const row = disks.find((d) => d.identity.key === `loop:${disk.file}`);
            expect(row?.role, `disk ${diskName}`).toBe(disk.loop ? 'member' : 'detached');
          }
        }
      } finally {
        await downScenario(LAB_ROOT, scenario.name);
      }
      expect(await Lab.load(LAB_ROOT, scenario.name)).toBeNull();
    });
  }

  it('answers bad parameters and unknown routes with { code, message }', async () => {
    const bad = await api(`/api/pools/not-a-uuid`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad-request', message: expect.stringContaining('not-a-uuid') });
    const none = await api(`/api/pools/00000000-0000-0000-0000-000000000000`);
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ code: 'not-found' });
    const route = await api(`/api/nothing-here`);
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ code: 'not-found', message: 'no route GET /api/nothing-here' });
  });

  it('refuses the API without a login, and a browser session\'s change without its CSRF token', async () => {
    const anonymous = await fetch(`${base}/api/pools`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'unauthorized' });
    await graph.auth.createUser('api-int-test', 'it-admin', 'it-admin password', 'admin');
    const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'it-admin', password: 'it-admin password' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const manage = `${base}/api/pools/00000000-0000-0000-0000-000000000000/manage`;
    const body = JSON.stringify({ managed: true });
    const noCsrf = await fetch(manage, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ code: 'csrf' });
    // With the token the request reaches the route, which looks the pool up on this machine.
    const withCsrf = await fetch(manage, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body });
    expect(withCsrf.status).toBe(404);
  });
});
