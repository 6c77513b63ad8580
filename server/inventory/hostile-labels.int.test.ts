/**
 * Issue 9 items 1–2 on real pools (ADR 010): labels that imitate `btrfs filesystem show`, a label
 * with a newline beside a degraded pool, pools that share a label. Every real pool is listed exactly
 * once with its uuid, the degraded pool is still degraded, no device path outside /dev/ appears
 * anywhere in the API, the degraded mount mounts the pool the admin chose, and a pool whose output
 * cannot be read is one unreadable pool while the others are still reported.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from '../../contracts/jobs.ts';
import type { PoolView } from '../../contracts/views.ts';
import { breakScenario, downScenario, upScenario } from '../../lab/cli.ts';
import { sh, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { EDGE_LABEL, FORGED_UUID, NEWLINE_LABEL, TWIN_LABEL, hostileLabels } from '../../lab/scenarios.ts';
import { startTestServer, type TestServer } from '../../lab/jobs-test-server.ts';
import type { CommandResult, CommandSpec } from '../host/host.ts';
import { jobCmd } from '../host/job-commands.ts';
import { RealHost } from '../host/real-host.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `labels-${process.pid}`));
const SCENARIOS = ['hostile-label', 'newline-label', 'same-label'];

/** Every string under a key that names a path (path, lastPath, byId, mountPoint…) in an API answer. */
function pathsIn(value: unknown, key = ''): { key: string; value: string }[] {
  if (typeof value === 'string') return /path$|^byId$/i.test(key) ? [{ key, value }] : [];
  if (Array.isArray(value)) return value.flatMap((v) => pathsIn(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => pathsIn(v, k));
  return [];
}

/** A real host that can garble one pool's `fi show` output: how an unreadable pool looks. */
class GarblingHost extends RealHost {
  garble: string | null = null;
  override async run(spec: CommandSpec, opts?: { signal?: AbortSignal }): Promise<CommandResult> {
    const result = await super.run(spec, opts);
    if (this.garble && spec.args.at(-1) === this.garble && spec.args.includes('show')) {
      return { ...result, stdout: result.stdout.replace(/\tTotal devices/, '\tTotal gadgets') };
    }
    return result;
  }
}

describe.skipIf(skip !== null)('hostile labels on real pools', () => {
  let t: TestServer;
  const host = new GarblingHost();

  beforeAll(async () => {
    t = await startTestServer(LAB_ROOT, { host });
  });

  afterAll(async () => {
    await t?.close();
    for (const s of SCENARIOS) await downScenario(LAB_ROOT, s).catch(() => undefined);
    await sh('rm', ['-rf', LAB_ROOT]);
  });

  async function pools(): Promise<PoolView[]> {
    const r = await t.api('/api/pools');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.pools as PoolView[];
  }

  /** Each lab pool once, by uuid, with its exact label; nothing listed twice; no forged pool; paths only under /dev/. */
  async function expectListedOnce(lab: Lab): Promise<PoolView[]> {
    const seen = await pools();
    const uuids = seen.map((p) => p.uuid);
    expect(new Set(uuids).size, 'no pool listed twice').toBe(uuids.length);
    expect(uuids).not.toContain(FORGED_UUID);
    for (const [name, lp] of Object.entries(lab.state.pools)) {
      const p = seen.filter((x) => x.uuid === lp.uuid);
      expect(p, `lab pool ${name}`).toHaveLength(1);
      expect(p[0]!.label, `label of ${name}`).toBe(lp.label);
      expect(p[0]!.unreadable, `${name} readable`).toBeNull();
    }
    const answers = [{ pools: seen }, (await t.api('/api/disks')).body, ...(await Promise.all(seen.map((p) => t.api(`/api/pools/${p.uuid}`)))).map((r) => r.body)];
    for (const { key, value } of answers.flatMap((a) => pathsIn(a))) {
      if (key === 'mountPoint') continue;
      expect(value, `${key} in the API`).toMatch(/^\/dev\//);
    }
    return seen;
  }

  it('a label imitating fi show lines neither adds a pool nor redirects the degraded mount of the pool the admin chose', async () => {
    const lab = await upScenario(LAB_ROOT, 'hostile-label', { break: false });
    try {
      // The labels really are what the scenario says: fi show of every pool is fooled by them.
      const labels = hostileLabels(lab.pool('victim').uuid, lab.loopOf('m1'));
      expect(lab.pool('mimic').label).toBe(labels.mimic);
      expect((await sh('btrfs', ['filesystem', 'show', '--raw'])).stdout).toContain(`uuid: ${FORGED_UUID}`);

      await pools(); // poolwatch sees the victim healthy first and remembers its disks
      await breakScenario(lab);
      const seen = await expectListedOnce(lab);
      const victim = seen.find((p) => p.uuid === lab.pool('victim').uuid)!;
      expect(victim).toMatchObject({ mounted: false, totalDevices: 2, missingCount: 1, missingDevids: [2], health: { status: 'degraded' }, maintenance: { state: 'mount-degraded-ro' } });
      expect(victim.devices.filter((d) => !d.missing).map((d) => d.path)).toEqual([lab.loopOf('d1')]);
      for (const name of ['mimic', 'forged']) {
        const p = seen.find((x) => x.uuid === lab.pool(name).uuid)!;
        expect(p.devices.map((d) => d.path), name).toEqual([lab.loopOf(name === 'mimic' ? 'm1' : 'f1')]);
        expect(p.health.status, name).toBe('healthy');
      }

      // The admin chose the victim: the plan names its own member, and that is what gets mounted.
      const plan = await t.action(victim.uuid, 'mount-degraded-ro', { dryRun: true });
      expect(plan.status, JSON.stringify(plan.body)).toBe(200);
      const mountCmd = (plan.body.plan as { commands: string[][] }).commands.at(-1)!;
      expect(mountCmd.slice(0, 6)).toEqual(['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--']);
      expect(mountCmd[6]).toBe(lab.loopOf('d1'));
      const r = await t.action(victim.uuid, 'mount-degraded-ro');
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const job = (await t.waitJob(Job.parse(r.body.job).id)).job;
      expect(job.state, job.error ?? '').toBe('succeeded');
      const target = mountCmd[7]!;
      const mounted = JSON.parse((await sh('findmnt', ['-J', '-o', 'SOURCE,UUID,OPTIONS', '--mountpoint', target])).stdout) as { filesystems: { source: string; uuid: string; options: string }[] };
      expect(mounted.filesystems).toHaveLength(1);
      expect(mounted.filesystems[0]).toMatchObject({ source: lab.loopOf('d1'), uuid: victim.uuid });
      expect(mounted.filesystems[0]!.options.split(',')).toEqual(expect.arrayContaining(['ro', 'degraded']));
      const after = await expectListedOnce(lab);
      expect(after.find((p) => p.uuid === victim.uuid)).toMatchObject({ mounted: true, mountPoint: target, missingDevids: [2], health: { status: 'degraded' } });
      expect(after.find((p) => p.uuid === lab.pool('mimic').uuid)?.mounted).toBe(false);
    } finally {
      await t.unmountAll();
      await downScenario(LAB_ROOT, 'hostile-label');
    }
  });

  it('a label with a newline beside a degraded pool: every pool still reported, labels byte for byte; one unreadable pool leaves the rest readable', async () => {
    const lab = await upScenario(LAB_ROOT, 'newline-label', { break: false });
    try {
      await pools();
      await breakScenario(lab);
      const seen = await expectListedOnce(lab);
      expect(seen.find((p) => p.uuid === lab.pool('newline').uuid)).toMatchObject({ label: NEWLINE_LABEL, mounted: true, health: { status: 'healthy' } });
      // blkid drops the trailing newline of an unmounted pool's label; fi show's header gives it back.
      expect(seen.find((p) => p.uuid === lab.pool('edge').uuid)).toMatchObject({ label: EDGE_LABEL, mounted: false, health: { status: 'healthy' } });
      const beside = lab.pool('beside').uuid;
      expect(seen.find((p) => p.uuid === beside)).toMatchObject({ missingDevids: [3], health: { status: 'degraded' }, maintenance: { state: 'refresh-backups-then-rw' } });

      // Per-pool isolation: garble the newline pool's output; it alone becomes unreadable.
      host.garble = lab.pool('newline').uuid;
      const isolated = await pools();
      const bad = isolated.find((p) => p.uuid === lab.pool('newline').uuid)!;
      expect(bad).toMatchObject({
        label: NEWLINE_LABEL, mounted: true, devices: [],
        health: { status: 'unreadable', alerts: [{ code: 'pool-unreadable', severity: 'critical' }] },
        unreadable: { details: { line: expect.stringContaining('Total gadgets'), command: ['btrfs', 'filesystem', 'show', '--raw', '--', lab.pool('newline').uuid] } },
      });
      expect(isolated.find((p) => p.uuid === beside)).toMatchObject({ missingDevids: [3], health: { status: 'degraded' } });
      expect(isolated.find((p) => p.uuid === lab.pool('edge').uuid)?.health.status).toBe('healthy');
      expect((await t.api('/api/disks')).status).toBe(200);
      // Nothing runs on a pool poolwatch cannot read.
      const refused = await t.action(bad.uuid, 'scrub-start');
      expect(refused.status).toBe(409);
      expect(String(refused.body.message)).toMatch(/could not read pool/);
    } finally {
      host.garble = null;
      await downScenario(LAB_ROOT, 'newline-label');
    }
  });

  it('pools that share a label are each listed once, by uuid, and mount on distinct mount points, never on one in use (issue 10)', async () => {
    const lab = await upScenario(LAB_ROOT, 'same-label');
    try {
      const seen = await expectListedOnce(lab);
      const twins = seen.filter((p) => p.label === TWIN_LABEL && Object.values(lab.state.pools).some((lp) => lp.uuid === p.uuid));
      expect(twins.map((p) => p.uuid).sort()).toEqual(Object.values(lab.state.pools).map((p) => p.uuid).sort());

      const b = lab.pool('twin-b').uuid;
      const c = lab.pool('twin-c').uuid;
      // Something is mounted at `<root>/pw-twin` already, as twin-a is in the report.
      await mkdir(join(t.mountRoot, TWIN_LABEL), { recursive: true });
      await sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', '--', 'pw-in-use', join(t.mountRoot, TWIN_LABEL)]);
      const proposals = async () => new Map((await pools()).map((p) => [p.uuid, p.proposedMountPoint]));
      let proposed = await proposals();
      expect(proposed.get(b)).toBe(join(t.mountRoot, `${TWIN_LABEL}-${b.slice(0, 8)}`));
      expect(proposed.get(c)).toBe(join(t.mountRoot, `${TWIN_LABEL}-${c.slice(0, 8)}`));
      // Then something takes twin-c's folder: its proposal moves on, it is never stacked on top.
      await mkdir(proposed.get(c)!, { recursive: true });
      await sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', '--', 'pw-in-use', proposed.get(c)!]);
      proposed = await proposals();
      expect(proposed.get(c)).toBe(join(t.mountRoot, c));

      // The mount action mounts each twin on its own proposal.
      for (const uuid of [b, c]) {
        expect((await t.api(`/api/pools/${uuid}/manage`, { method: 'PUT', body: { managed: true } })).status).toBe(200);
        const r = await t.action(uuid, 'mount');
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        const job = (await t.waitJob(Job.parse(r.body.job).id)).job;
        expect(job.state, `${job.error} ${job.log.join('\n')}`).toBe('succeeded');
        const at = proposed.get(uuid)!;
        const mounted = JSON.parse((await sh('findmnt', ['-J', '-o', 'TARGET,UUID,FSTYPE', '--mountpoint', at])).stdout) as { filesystems: { uuid: string; fstype: string }[] };
        expect(mounted.filesystems, at).toEqual([expect.objectContaining({ uuid, fstype: 'btrfs' })]);
      }
      // The folders in use still hold only what was mounted there before.
      for (const at of [join(t.mountRoot, TWIN_LABEL), join(t.mountRoot, `${TWIN_LABEL}-${c.slice(0, 8)}`)]) {
        const there = JSON.parse((await sh('findmnt', ['-J', '-o', 'FSTYPE', '--mountpoint', at])).stdout) as { filesystems: { fstype: string }[] };
        expect(there.filesystems.map((f) => f.fstype), at).toEqual(['tmpfs']);
      }
      // And the host refuses to mount anything on a mount point in use, whoever asks.
      const inUse = join(t.mountRoot, TWIN_LABEL);
      await expect(new RealHost().run(jobCmd.mount(lab.loopOf('c1'), inUse, ['ro'], t.mountRoot))).rejects.toThrow(/already mounted there/);
      expect(JSON.parse((await sh('findmnt', ['-J', '-o', 'FSTYPE', '--mountpoint', inUse])).stdout).filesystems).toHaveLength(1);
    } finally {
      await t.unmountAll();
      await downScenario(LAB_ROOT, 'same-label');
    }
  });
});
