/**
 * The lab's `pull` on a disk of a MOUNTED pool: the kernel cannot detach a loop device btrfs holds
 * open, so the lab hides its /dev node instead (lab.ts). It must look to btrfs-progs — and so to
 * poolwatch's watcher — like a pulled disk within a couple of seconds, come back with `attach`,
 * and leave nothing behind on `down`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../server/clock.ts';
import { RealHost } from '../server/host/real-host.ts';
import { testGraph, type TestGraph } from '../server/test-support/graph.ts';
import { downScenario, upScenario } from './cli.ts';
import { type Lab, loopsOwnedBy, sh } from './lab.ts';
import { labSkipReason } from './require-lab.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(import.meta.dirname, '..', '.lab', `lab-pull-${process.pid}`);
const SCENARIO = 'raid1-healthy';

describe.skipIf(skip !== null)('pulling a disk of a mounted pool', () => {
  let lab: Lab;
  let graph: TestGraph<typeof systemClock>;
  let dataDir: string;

  beforeAll(async () => {
    lab = await upScenario(LAB_ROOT, SCENARIO);
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-lab-pull-'));
    graph = testGraph({ host: new RealHost(), clock: systemClock, env: { POOLWATCH_DATA_DIR: dataDir }, config: { fullScanSeconds: 600 } });
  });

  afterAll(async () => {
    graph?.stop();
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  // What the pages would show: the watcher's cheap check (facts only, a scan when they moved), as once a second.
  const poolNow = async () => {
    await graph.watcher.check();
    return (await graph.watcher.snapshot()).pools.find((p) => p.uuid === lab.pool(SCENARIO).uuid);
  };

  it('looks pulled to btrfs and to poolwatch at once, comes back with attach, and down leaves nothing', async () => {
    expect((await poolNow())?.missingCount).toBe(0);
    const loop = lab.loopOf('d3');
    const started = Date.now();
    await lab.pull('d3');
    expect(Date.now() - started, 'pull returns without waiting for a detach the kernel defers').toBeLessThan(10_000);
    expect((await sh('btrfs', ['filesystem', 'show', lab.pool(SCENARIO).uuid])).stdout).toMatch(new RegExp(`devid\\s+3 .* MISSING`));
    // The hidden node changes the mount table: the cheap check triggers a full scan.
    const pool = await poolNow();
    expect(pool).toMatchObject({ mounted: true, missingCount: 1 });
    // The loop stays attached while hidden (losetup cannot open it now; sysfs still tells): its
    // number is never handed to another lab meanwhile.
    expect(readFileSync(`/sys/block/${loop.replace('/dev/', '')}/loop/backing_file`, 'utf8').trim()).toBe(lab.state.disks.d3!.file);

    expect(await lab.attach('d3')).toBe(loop);
    expect((await poolNow())?.missingCount).toBe(0);

    await lab.pull('d3');
    await downScenario(LAB_ROOT, SCENARIO);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(LAB_ROOT);
    expect(await loopsOwnedBy(LAB_ROOT)).toEqual([]);
  });
});
