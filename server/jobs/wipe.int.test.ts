/**
 * Wiping an old member on a real pool (issue 10 item 8): the pulled disk of a raid1 comes back after
 * its replacement (same fsid, older generation). Only that disk can be wiped, the dry run says what
 * `wipefs` would erase, the typed confirmation names the disk, and afterwards the disk is blank and
 * an unused spare candidate while the pool keeps its three members and its data.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionPlan } from '../../contracts/actions.ts';
import { Job } from '../../contracts/jobs.ts';
import { breakScenario, downScenario, upScenario } from '../../lab/cli.ts';
import { sh, waitFor } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { sha256File, startTestServer, type TestServer } from '../../lab/jobs-test-server.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `wipe-${process.pid}`));
const NAME = 'replaced-member-back';

describe.skipIf(skip !== null)('wiping an old member on a real pool', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(LAB_ROOT);
  });

  afterAll(async () => {
    await t?.close();
    await downScenario(LAB_ROOT, NAME).catch(() => undefined);
    await sh('rm', ['-rf', LAB_ROOT]);
  });

  it('refuses members and bad confirmations, previews, wipes only the old member; the pool keeps its members and data', async () => {
    const lab = await upScenario(LAB_ROOT, NAME, { break: false });
    try {
      const pool = lab.pool('replaced-back');
      // Seen whole first: that is how poolwatch knows which disk was devid 3.
      await waitFor(async () => (await t.pool(pool.uuid)).devices.filter((d) => !d.missing).length === 3, 'the pool whole', 30_000);
      await breakScenario(lab);
      const key = (n: string) => `loop:${lab.state.disks[n]!.file}`;
      const old = lab.loopOf('d3');
      await waitFor(async () => (await t.disks()).find((d) => d.identity.key === key('d3'))?.role === 'stale-member', 'd3 flagged as an old member', 30_000);
      const label = 'pw-replaced-back';
      const want = `${label} ${old}`; // a loop device has no serial or by-id name: its path

      // A member is never wiped here; nor an unknown disk.
      for (const [body, re] of [
        [{ disk: key('d1'), dryRun: true }, /is a member of pool pw-replaced-back: only an old member/],
        [{ disk: 'loop:/nowhere.img', dryRun: true }, /no attached disk/],
      ] as const) {
        const r = await t.action(pool.uuid, 'wipe-old-member', body);
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(String(r.body.message)).toMatch(re);
      }

      // The dry run: the command, what wipefs would erase, the confirmation it needs; nothing changes.
      const dry = await t.action(pool.uuid, 'wipe-old-member', { disk: key('d3'), dryRun: true });
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      const plan = ActionPlan.parse(dry.body.plan);
      expect(plan.commands).toEqual([['wipefs', '-a', '--', old]]);
      expect(plan.confirmLabel).toBe(want);
      expect(plan.warnings.join(' ')).toMatch(/would erase: btrfs at offset 0x[0-9a-f]+ \(8 bytes\)/);
      expect((await sh('blkid', ['-o', 'value', '-s', 'TYPE', old])).stdout.trim()).toBe('btrfs');

      // The pool label alone is not enough: the disk must be named.
      for (const confirmLabel of [undefined, label]) {
        const r = await t.action(pool.uuid, 'wipe-old-member', { disk: key('d3'), ...(confirmLabel ? { confirmLabel } : {}) });
        expect(r.status, JSON.stringify(r.body)).toBe(400);
      }
      expect((await sh('blkid', ['-o', 'value', '-s', 'TYPE', old])).stdout.trim()).toBe('btrfs');

      const r = await t.action(pool.uuid, 'wipe-old-member', { disk: key('d3'), confirmLabel: want });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const job = (await t.waitJob(Job.parse(r.body.job).id)).job;
      expect(job.state, job.error ?? '').toBe('succeeded');
      expect(job.argv[0]).toEqual(['wipefs', '-a', '--', old]);
      expect(job.result?.summary).toMatch(new RegExp(`^${old} wiped: btrfs at offset`));
      // Blank now (blkid finds nothing: exit 2), an unused disk; the pool whole, its data intact.
      expect((await sh('blkid', ['-p', old], { okExitCodes: [2] })).exitCode).toBe(2);
      await waitFor(async () => (await t.disks()).find((d) => d.identity.key === key('d3'))?.role === 'unused', 'd3 unused', 30_000);
      const after = await t.pool(pool.uuid);
      expect(after.devices.filter((d) => !d.missing).map((d) => d.devid).sort()).toEqual([1, 2, 3]);
      for (const [file, digest] of Object.entries(pool.files)) expect(await sha256File(join(pool.mountPoint, file)), file).toBe(digest);
    } finally {
      await t.unmountAll();
      await downScenario(LAB_ROOT, NAME);
    }
  });
});
