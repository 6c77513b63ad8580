/**
 * The recovery drills on real pools, through the server API: a raid1 of three with a member
 * pulled is mounted degraded,ro, remounted degraded,rw and repaired by replacing the missing
 * devid with a spare (progress observed); the below-minimum raid1 of two; and a restart of
 * poolwatch in the middle of a replace.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionPlan } from '../../contracts/actions.ts';
import { Job } from '../../contracts/jobs.ts';
import { breakScenario, downScenario, upScenario } from '../../lab/cli.ts';
import { sh, waitFor, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { cmd } from '../host/commands.ts';
import { RealHost } from '../host/real-host.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import { throttleScrub } from '../../lab/io-throttle.ts';
import { MIB, sha256File, startTestServer, type TestServer } from '../../lab/jobs-test-server.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `jobs-${process.pid}`));

async function mixedProfiles(mountPoint: string): Promise<{ mixed: boolean; profiles: { data: string[]; metadata: string[]; system: string[] } }> {
  const usage = parseFiUsage((await new RealHost().run(cmd.fiUsage(mountPoint))).stdout);
  return { mixed: usage.mixedProfiles, profiles: usage.profiles };
}

async function checksumsMatch(lab: Lab, poolName: string, mountPoint: string): Promise<void> {
  const files = lab.pool(poolName).files;
  expect(Object.keys(files).length).toBeGreaterThan(0);
  for (const [name, digest] of Object.entries(files)) expect(await sha256File(join(mountPoint, name)), name).toBe(digest);
}

describe.skipIf(skip !== null)('recovery drills on real pools', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(LAB_ROOT);
  });

  afterAll(async () => {
    await t?.close();
    for (const s of ['raid1-missing-unmounted', 'raid1-below-minimum', 'raid1-healthy']) await downScenario(LAB_ROOT, s).catch(() => undefined);
    await sh('rm', ['-rf', LAB_ROOT]);
  });

  it('raid1 of 3, one pulled: mount degraded,ro → remount degraded,rw → replace the missing devid with the spare; every checksum matches', async () => {
    const name = 'raid1-missing-unmounted';
    const lab = await upScenario(LAB_ROOT, name, { break: false });
    try {
      const uuid = lab.pool(name).uuid;
      await lab.mount(name);
      await lab.writeFile(name, 'more.bin', 96);
      await lab.umount(name);
      const spare = await lab.disk('spare', 1024);
      await t.pool(uuid); // poolwatch sees the healthy pool first and remembers its members
      await lab.pull('d2');

      let pool = await t.pool(uuid);
      expect(pool.mounted).toBe(false);
      expect(pool.missingDevids).toEqual([2]);
      expect(pool.maintenance?.state).toBe('mount-degraded-ro');

      // The command is shown before it runs.
      const dry = await t.action(uuid, 'mount-degraded-ro', { dryRun: true });
      expect(dry.status).toBe(200);
      const plan = ActionPlan.parse(dry.body.plan);
      const mountPoint = join(t.mountRoot, 'pw-raid1-missing-unmounted');
      expect(plan.commands.at(-1)).toEqual(['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', expect.stringMatching(/^\/dev\/loop\d+$/), mountPoint]);

      const ro = await t.action(uuid, 'mount-degraded-ro');
      expect(ro.status, JSON.stringify(ro.body)).toBe(202);
      const roJob = (await t.waitJob(Job.parse(ro.body.job).id)).job;
      expect(roJob.state, roJob.error ?? '').toBe('succeeded');
      expect(roJob.argv.map((a) => a.slice(0, 2))).toEqual([['btrfs', 'device'], ['mkdir', '-p'], ['mount', '-t']]);
      expect(roJob.nextSteps.join(' ')).toMatch(/backups/);
      pool = await t.pool(uuid);
      expect(pool.mountPoint).toBe(mountPoint);
      expect(pool.mountOptions).toEqual(expect.arrayContaining(['ro', 'degraded']));
      expect(pool.maintenance?.state).toBe('refresh-backups-then-rw');
      await checksumsMatch(lab, name, mountPoint);

      const rw = await t.action(uuid, 'remount-degraded-rw');
      expect(rw.status, JSON.stringify(rw.body)).toBe(202);
      expect((await t.waitJob(Job.parse(rw.body.job).id)).job.state).toBe('succeeded');
      pool = await t.pool(uuid);
      expect(pool.mountOptions).toEqual(expect.arrayContaining(['rw', 'degraded']));
      expect(pool.maintenance?.state).toBe('repair');

      // Slow the rebuild down so that its progress can be watched.
      await throttleScrub(uuid, [1, 2, 3], 16 * MIB);
      const spareKey = `loop:${spare.file}`;
      const replace = await t.action(uuid, 'replace', { devid: 2, targetDisk: spareKey, confirmLabel: `pw-raid1-missing-unmounted ${spare.loop}` });
      expect(replace.status, JSON.stringify(replace.body)).toBe(202);
      const started = Job.parse(replace.body.job);
      expect(started.kind).toBe('replace');
      const { job, seen } = await t.waitJob(started.id);
      expect(job.state, `${job.error} ${job.log.join('\n')}`).toBe('succeeded');
      // The old member is missing: no -r, the devid, the spare's stable path, no -B (it backgrounds).
      expect(job.argv).toContainEqual(['btrfs', 'replace', 'start', '--', '2', spare.loop!, mountPoint]);
      expect(seen.some((j) => j.state === 'running' && j.progress.percent !== null), 'progress was reported while it ran').toBe(true);
      expect(job.progress.percent).toBe(100);
      expect(job.result?.summary).toMatch(/replace of devid 2 finished/);
      expect(job.nextSteps.join(' ')).toMatch(/resize it to max|Grow devid 2/);
      await throttleScrub(uuid, [1, 2, 3], 0);

      pool = await t.pool(uuid);
      expect(pool.missingCount).toBe(0);
      expect(pool.missingDevids).toEqual([]);
      expect(pool.devices.find((d) => d.devid === 2)?.path).toBe(spare.loop);
      expect(pool.health.alerts.map((a) => a.code)).not.toContain('device-missing');

      const after = await mixedProfiles(mountPoint);
      if (after.mixed) {
        const convert = await t.action(uuid, 'balance-start', { mode: 'convert-soft' });
        expect(convert.status, JSON.stringify(convert.body)).toBe(202);
        expect((await t.waitJob(Job.parse(convert.body.job).id)).job.state).toBe('succeeded');
      }
      expect((await mixedProfiles(mountPoint)).mixed).toBe(false);
      await checksumsMatch(lab, name, mountPoint);

      // Every command the drill ran is in the audit log, with its argv and exit code.
      const audit = t.graph.stores.audit.list({ poolUuid: uuid, limit: 500 });
      expect(audit.find((e) => e.action === 'pool.replace' && e.argv?.[1] === 'replace')).toMatchObject({ actor: 'token:jobs-int-test', exitCode: 0, outcome: 'ok' });
      expect(audit.find((e) => e.action === 'pool.mount-degraded-ro' && e.argv?.[0] === 'mount')).toMatchObject({ exitCode: 0, outcome: 'ok' });
    } finally {
      await t.unmountAll();
      await downScenario(LAB_ROOT, name);
    }
  });

  it('raid1 of 2 below its minimum: remove-missing is refused, replace works, the convert balance returns every chunk to raid1', async () => {
    const name = 'raid1-below-minimum';
    const lab = await upScenario(LAB_ROOT, name, { break: false });
    try {
      const uuid = lab.pool(name).uuid;
      const spare = await lab.disk('spare', 1024);
      await t.pool(uuid);
      await breakScenario(lab);
      const mountPoint = lab.pool(name).mountPoint;
      // Written while degraded: these land in single chunks.
      await lab.writeFile(name, 'degraded.bin', 16);

      const pool = await t.pool(uuid);
      expect(pool.maintenance?.recommended).toBe('replace-missing');

      const remove = await t.action(uuid, 'remove-missing', { confirmLabel: 'pw-raid1-below-minimum' });
      expect(remove.status).toBe(409);
      expect(String(remove.body.message)).toMatch(/below the minimum of 2 for raid1/);

      const replace = await t.action(uuid, 'replace', { devid: 2, targetDisk: `loop:${spare.file}`, confirmLabel: `pw-raid1-below-minimum ${spare.loop}` });
      expect(replace.status, JSON.stringify(replace.body)).toBe(202);
      const { job } = await t.waitJob(Job.parse(replace.body.job).id);
      expect(job.state, job.error ?? '').toBe('succeeded');

      const mixed = await mixedProfiles(mountPoint);
      // btrfs leaves (empty or degraded-written) single chunks behind: the job says what to do.
      expect(mixed.mixed).toBe(true);
      expect(job.nextSteps.join(' ')).toMatch(/soft convert balance to raid1/);

      const convert = await t.action(uuid, 'balance-start', { mode: 'convert-soft' });
      expect(convert.status, JSON.stringify(convert.body)).toBe(202);
      const balance = (await t.waitJob(Job.parse(convert.body.job).id)).job;
      expect(balance.state, balance.error ?? '').toBe('succeeded');
      expect(balance.argv).toContainEqual(['btrfs', 'balance', 'start', '--bg', '-dconvert=raid1,soft', '-mconvert=raid1,soft', '--', mountPoint]);
      expect(balance.result?.summary).toMatch(/every chunk is raid1/);
      const now = await mixedProfiles(mountPoint);
      expect(now).toEqual({ mixed: false, profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] } });
      await checksumsMatch(lab, name, mountPoint);
    } finally {
      await downScenario(LAB_ROOT, name);
    }
  });

  it('restart during a replace: the new runner finds it in the kernel, reports progress and records success', async () => {
    const name = 'raid1-healthy';
    const lab = await upScenario(LAB_ROOT, name);
    try {
      const uuid = lab.pool(name).uuid;
      await lab.writeFile(name, 'big.bin', 200);
      const spare = await lab.disk('spare', 1024);
      await throttleScrub(uuid, [1, 2, 3], 8 * MIB);
      await t.pool(uuid);

      const replace = await t.action(uuid, 'replace', { devid: 1, targetDisk: `loop:${spare.file}`, confirmLabel: `pw-raid1-healthy ${spare.loop}` });
      expect(replace.status, JSON.stringify(replace.body)).toBe(202);
      const id = Job.parse(replace.body.job).id;
      // The old member is present: -r by default (read it only where no other good copy exists).
      expect(ActionPlan.parse(replace.body.plan).commands).toEqual([['btrfs', 'replace', 'start', '-r', '--', '1', spare.loop!, lab.pool(name).mountPoint]]);

      await waitFor(async () => (t.graph.jobs.get(id)?.argv.length ?? 0) > 0 && /done/.test(t.graph.jobs.get(id)?.progress.detail ?? ''), 'the replace to report progress', 30_000);

      // A second exclusive operation is refused while the replace runs.
      const balance = await t.action(uuid, 'balance-start', { mode: 'convert-soft' });
      expect(balance.status).toBe(409);
      expect(String(balance.body.message)).toMatch(/a replace job .* is running on this pool/);

      // "Restart": the old runner stops (nothing written), a new one on the same journal takes over.
      const runner = (await t.restart()).jobs;
      const busy = await t.action(uuid, 'scrub-start');
      expect(busy.status, 'before reconcile the kernel still says device replace').toBe(409);
      expect(String(busy.body.message)).toMatch(/"device replace"/);
      const touched = await runner.reconcile();
      expect(touched.map((j) => j.id)).toEqual([id]);
      expect(touched[0]!.state).toBe('running');
      expect(touched[0]!.log.join('\n')).toMatch(/still runs the replace: following it again/);

      const { job, seen } = await t.waitJob(id);
      expect(job.state, `${job.error} ${job.log.join('\n')}`).toBe('succeeded');
      expect(seen.some((j) => j.state === 'running' && j.progress.percent !== null), 'progress after the restart').toBe(true);
      expect(job.nextSteps.join(' ')).toMatch(/resize it to max/);
      const pool = await t.pool(uuid);
      expect(pool.devices.find((d) => d.devid === 1)?.path).toBe(spare.loop);

      // The larger disk's room: resize devid 1 to max.
      await throttleScrub(uuid, [1, 2, 3], 0);
      const grow = await t.action(uuid, 'resize', { devid: 1, size: 'max' });
      expect(grow.status, JSON.stringify(grow.body)).toBe(202);
      expect((await t.waitJob(Job.parse(grow.body.job).id)).job.state).toBe('succeeded');
      expect((await t.pool(uuid)).devices.find((d) => d.devid === 1)?.sizeBytes).toBe(1024 * MIB);
    } finally {
      await downScenario(LAB_ROOT, name);
    }
  });
});


