/**
 * Truthful outcomes on real pools: a full balance started in the background exits 0 even when
 * the kernel then gives up for lack of space — what poolwatch reads back (balance status, then
 * the kernel's own result) must call that a failure, in words, never a success.
 */
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { sh } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { jobCmd } from '../host/job-commands.ts';
import { RealHost } from '../host/real-host.ts';
import { observe, type KernelOp, type Observation } from './kernel-ops.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `outcomes-${process.pid}`));

describe.skipIf(skip !== null)('job outcomes read back from the kernel', () => {
  afterAll(async () => {
    await downScenario(LAB_ROOT, 'full-pool').catch(() => undefined);
    await sh('rm', ['-rf', LAB_ROOT]);
  });

  it('a full balance of a ~95 % full pool: the start exits 0, the outcome is failed with the ENOSPC reason', async () => {
    const lab = await upScenario(LAB_ROOT, 'full-pool');
    const pool = lab.pool('full-pool');
    const host = new RealHost();
    const op: KernelOp = { type: 'balance', poolUuid: pool.uuid, mountPoint: pool.mountPoint, startedAt: new Date().toISOString(), convert: null };
    const start = await host.run(jobCmd.balanceStart(pool.mountPoint, 'full'));
    expect(start.exitCode, 'btrfs balance start --bg reports nothing of what follows').toBe(0);
    let obs: Observation | null = null;
    for (let i = 0; i < 300; i++) {
      obs = await observe(host, op, { now: new Date(), starting: false });
      if (!obs.running) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(obs?.running).toBe(false);
    expect(obs?.outcome?.state).toBe('failed');
    expect(obs?.outcome?.message).toMatch(/^the full balance failed: not enough unallocated space on the remaining disks/);
  });
});
