/**
 * The space engine against btrfs itself, at the threshold: real raid1 pools of three 512 MiB
 * members, filled to just below and just above the point where a replace stops fitting, devid 3
 * pulled, mounted degraded,rw. The engine judges the pool from poolwatch's own reads; then the
 * operation runs and must end the way the verdict said. A third pool takes the route the engine
 * offers when moving data first could force the pool read-only: metadata first, then remove.
 */
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionPlan } from '../../../contracts/actions.ts';
import { systemClock } from '../../clock.ts';
import { ConflictError } from '../../errors.ts';
import { poolViews } from '../../services/pool-views.ts';
import { testGraph, type TestGraph } from '../../test-support/graph.ts';
import { Lab, sh, teardown } from '../../../lab/lab.ts';
import { labSkipReason } from '../../../lab/require-lab.ts';
import { cmd } from '../../host/commands.ts';
import { RealHost } from '../../host/real-host.ts';
import { parseDeviceUsage } from '../../parsers/device-usage.ts';
import { parseFiUsage } from '../../parsers/fi-usage.ts';
import { spaceFactsOf } from './facts.ts';
import { removeMissingVerdict, replaceVerdict } from './operations.ts';

const skip = await labSkipReason();
const ROOT = resolve(join(import.meta.dirname, '..', '..', '..', '.lab', `space-it-${process.pid}`));
const MIB = 1024 * 1024;
const host = new RealHost();

/** Writes `mib` MiB of filler in 16 MiB files (content does not matter to the allocator). */
async function fill(dir: string, mib: number): Promise<void> {
  const buf = Buffer.alloc(MIB, 0x5a);
  for (let n = 0; n * 16 < mib; n++) {
    const fh = await open(join(dir, `fill-${n}.bin`), 'w');
    for (let i = 0; i < 16; i++) await fh.write(buf);
    await fh.close();
  }
  // This pool only: a machine-wide `sync` would wait on every other filesystem (and forever on one
  // whose unmount hangs).
  await sh('btrfs', ['filesystem', 'sync', dir]);
}

/** A 3 × 512 MiB raid1 pool filled with `mib`, devid 3 pulled, mounted degraded,rw, a blank spare attached. */
async function degradedPool(name: string, mib: number): Promise<{ lab: Lab; mnt: string; spare: string; uuid: string; spareKey: string }> {
  const lab = await Lab.create(ROOT, name);
  for (const d of ['d1', 'd2', 'd3']) await lab.disk(d, 512);
  const pool = await lab.mkfs('p', ['d1', 'd2', 'd3'], 'raid1', 'raid1');
  await lab.mount('p');
  await lab.writeFile('p', 'canary.bin', 4);
  await fill(pool.mountPoint, mib);
  await lab.umount('p');
  await lab.pull('d3');
  await lab.mount('p', ['degraded']);
  const spareDisk = await lab.disk('spare', 512);
  return { lab, mnt: pool.mountPoint, spare: spareDisk.loop!, uuid: pool.uuid, spareKey: `loop:${spareDisk.file}` };
}

/** What poolwatch reads before an operation: the same commands and parsers as the action pre-flight. */
async function facts(mnt: string) {
  const usage = parseFiUsage((await host.run(cmd.fiUsage(mnt))).stdout);
  const devices = parseDeviceUsage((await host.run(cmd.deviceUsage(mnt))).stdout);
  return spaceFactsOf(usage, devices)!;
}

const run = (args: string[]) => sh('btrfs', args, { okExitCodes: [1] });

describe.skipIf(skip !== null)('space verdicts match what btrfs does (real pools at the replace threshold)', () => {
  const labs: Lab[] = [];
  // The server's graph on the real machine: its inventory reads the pools, its actions pre-flight.
  let graph: TestGraph<typeof systemClock>;
  beforeAll(() => {
    graph = testGraph({ host, clock: systemClock, config: { fullScanSeconds: 0 } });
  });
  afterAll(async () => {
    graph?.stop();
    for (const lab of labs) await teardown(lab.state.dir).catch(() => undefined);
    await rm(ROOT, { recursive: true, force: true });
  });

  // 512 MiB members: a replace needs > 205 MiB unallocated on the two survivors together. 290 MiB
  // of data leaves them ~190 MiB each; 380 MiB makes btrfs allocate another data chunk (~30 MiB left).
  it.each([
    ['just fitting', 'fits', 290, 'yes'],
    ['just not fitting', 'tight', 380, 'no'],
  ])('replace on a pool %s', async (_name, id, mib, expected) => {
    const { lab, mnt, spare, uuid, spareKey } = await degradedPool(id, mib);
    labs.push(lab);
    const verdict = replaceVerdict(await facts(mnt), { sourceDevid: 3, targetSizeBytes: 512 * MIB });
    expect(verdict.fits, verdict.why).toBe(expected);
    // The pool view shows the same verdict, and the action's dry run plans it or refuses it (409).
    const view = poolViews(await graph.inventory.snapshot({ force: true }), new Set(), new Date()).find((p) => p.uuid === uuid)!;
    expect(view.space?.verdicts.find((v) => v.operation === 'replace')?.fits).toBe(expected);
    const dryRun = graph.actions.run('replace', uuid, { devid: 3, targetDisk: spareKey, dryRun: true }, 'space-it');
    if (expected === 'yes') {
      expect(ActionPlan.parse((await dryRun).plan).space).toMatchObject({ operation: 'replace', fits: 'yes' });
    } else {
      const err = await dryRun.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as Error).message).toMatch(/not enough space on pool .*they have/);
      expect((err as ConflictError).details).toMatchObject({ space: { operation: 'replace', fits: 'no' } });
    }
    const r = await run(['replace', 'start', '-B', '3', spare, mnt]);
    if (verdict.fits === 'yes') {
      expect(r.exitCode, r.stderr).toBe(0);
      const after = await facts(mnt);
      expect(after.members.some((m) => m.missing)).toBe(false);
    } else {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/No space left on device/);
      expect(verdict.failure).toBe('enospc');
      // The pool is unchanged and still writable: nothing was lost by trying.
      const opts = (await sh('findmnt', ['-no', 'OPTIONS', mnt])).stdout.split(',');
      expect(opts).toContain('rw');
    }
  });

  it('remove-missing where data first would leave no room for metadata: refused plainly, metadata first then works', async () => {
    const { lab, mnt } = await degradedPool('meta-first', 220);
    labs.push(lab);
    const verdict = removeMissingVerdict(await facts(mnt));
    expect(verdict.fits, verdict.why).toBe('no');
    expect(verdict.failure).toBe('read-only');
    const metaFirst = verdict.remedies.find((r) => r.kind === 'metadata-first');
    expect(metaFirst?.commands).toEqual([['btrfs', 'balance', 'start', '-m', '<mnt>']]);
    // The route poolwatch runs for `metadataFirst: true`: the metadata balance, then the remove.
    const m = await run(['balance', 'start', '-m', mnt]);
    expect(m.exitCode, m.stderr).toBe(0);
    const after = removeMissingVerdict(await facts(mnt));
    expect(after.fits, after.why).not.toBe('no');
    const r = await run(['device', 'remove', 'missing', mnt]);
    // Whatever happens now, the pool stays writable and the data intact: only data moves.
    expect((await sh('findmnt', ['-no', 'OPTIONS', mnt])).stdout.split(',')).toContain('rw');
    const canary = lab.pool('p').files['canary.bin'];
    expect((await sh('sha256sum', [join(mnt, 'canary.bin')])).stdout.split(' ')[0]).toBe(canary);
    if (after.fits === 'yes') expect(r.exitCode, r.stderr).toBe(0);
    if (r.exitCode === 0) expect((await facts(mnt)).members.map((x) => [x.devid, x.missing])).toEqual([[1, false], [2, false]]);
    else expect(r.stderr).toMatch(/No space left on device/);
    // At this fill btrfs manages: the route ends with redundancy back.
    expect(r.exitCode, r.stderr).toBe(0);
  });
});
