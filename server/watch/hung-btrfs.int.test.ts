/**
 * Issue 9 item 3 on real pools: a `btrfs` that stops answering about one pool — it sleeps while a
 * child keeps its stdout open, what a dying disk does (fixtures/bin/btrfs, POOLWATCH_BTRFS) —
 * never stops the watcher. While it hangs, GET /api/pools answers at once with the last snapshot
 * and its age, /api/status names the stuck command, a member pulled from another pool is still
 * reported, and when btrfs answers again the pool is current again. Nothing of the hung command
 * is left running.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolViewsResponse, WatchStatus } from '../../contracts/views.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { waitFor, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { systemClock, type Clock } from '../clock.ts';
import { RealHost } from '../host/real-host.ts';
import { serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `hung-${process.pid}`));
const SCENARIO = 'several-pools';
const FAKE_BTRFS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'bin', 'btrfs');

describe.skipIf(skip !== null)('a btrfs that hangs on one pool (real pools, fake btrfs in front of the real one)', () => {
  let graph: TestGraph<Clock>;
  let served: Served;
  let lab: Lab;
  let dir: string;
  let headers: Record<string, string>;
  const saved = { ...process.env };
  const get = async (path: string) => {
    const t = performance.now();
    const res = await fetch(`${served.base}${path}`, { headers });
    return { ms: performance.now() - t, status: res.status, body: await res.json() as unknown };
  };

  beforeAll(async () => {
    lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
    dir = await mkdtemp(join(tmpdir(), 'poolwatch-hung-'));
    process.env.POOLWATCH_FAKE_BTRFS_HANG = join(dir, 'hang');
    process.env.POOLWATCH_FAKE_BTRFS_PIDS = join(dir, 'pids');
    // Only `btrfs … <uuid of multi-a>` hangs; every other call runs the real btrfs.
    process.env.POOLWATCH_FAKE_BTRFS_MATCH = lab.pool('multi-a').uuid;
    graph = testGraph({
      host: new RealHost({ executables: { btrfs: FAKE_BTRFS }, readDeadlineMs: 8000, killGraceMs: 500 }),
      clock: systemClock,
      env: { POOLWATCH_DATA_DIR: dir },
      // The scan waits 5 s for a pool: the stuck command is reported from 2 s on.
      config: { fullScanSeconds: 600, poolPatienceMs: 5000 },
    });
    served = await serve(graph);
    headers = { authorization: `Bearer ${graph.auth.createToken('hung-test', 'hung-test', 'admin').secret}` };
    graph.watcher.start();
    await graph.watcher.check();
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
    const pids = (await readFile(join(dir, 'pids'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    process.env = { ...saved };
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the last snapshot with its age, names the stuck command, and reports the other pools', async () => {
    const a = lab.pool('multi-a').uuid;
    const c = lab.pool('multi-c').uuid;
    const before = PoolViewsResponse.parse((await get('/api/pools')).body);
    expect(before.pools.find((p) => p.uuid === a)?.stale ?? null).toBeNull();

    await writeFile(join(dir, 'hang'), 'hang');
    // Something needs a scan: a member of multi-c is pulled. The scan then hangs on multi-a.
    await lab.pull('c3');

    let stuck: WatchStatus | null = null;
    await waitFor(async () => {
      const status = WatchStatus.parse((await get('/api/status')).body);
      if (status.scan?.stuckOn) stuck = status;
      return stuck !== null;
    }, 'the status to name the stuck command', 15_000);
    expect(stuck!.scan!.stuckOn!.command).toEqual(['btrfs', 'filesystem', 'show', '--raw', '--', a]);
    expect(stuck!.stale?.reason).toContain(`btrfs is not answering: \`btrfs filesystem show --raw -- ${a}\``);

    // Meanwhile the pools answer at once, with the last snapshot and how old it is.
    const during = await get('/api/pools');
    expect(during.status).toBe(200);
    expect(during.ms).toBeLessThan(2000);
    const served1 = PoolViewsResponse.parse(during.body);
    expect(served1.scannedAt).toBe(before.scannedAt);
    expect(served1.ageSeconds).toBeGreaterThanOrEqual(2);
    expect(served1.stale?.reason).toContain('btrfs is not answering');

    // The scan stops waiting for multi-a: multi-c's pulled member is reported, multi-a keeps its last view, marked stale.
    await waitFor(async () => {
      const pools = PoolViewsResponse.parse((await get('/api/pools')).body).pools;
      return pools.find((p) => p.uuid === c)?.missingCount === 1;
    }, 'multi-c to show its pulled member while multi-a hangs', 20_000);
    const after = PoolViewsResponse.parse((await get('/api/pools')).body);
    const hung = after.pools.find((p) => p.uuid === a)!;
    expect(hung.stale?.since).toBe(before.scannedAt);
    expect(hung.stale?.reason).toContain(`btrfs filesystem show --raw -- ${a}`);
    expect(hung.devices.map((d) => d.path)).toEqual(before.pools.find((p) => p.uuid === a)!.devices.map((d) => d.path));
    expect(after.pools.find((p) => p.uuid === c)?.health.status).toBe('degraded');

    // btrfs answers again: the read deadline has killed the hung command, and the pool is current again.
    await rm(join(dir, 'hang'));
    await waitFor(async () => {
      const pools = PoolViewsResponse.parse((await get('/api/pools')).body).pools;
      return (pools.find((p) => p.uuid === a)?.stale ?? null) === null;
    }, 'multi-a to be read again', 30_000);
    const status = WatchStatus.parse((await get('/api/status')).body);
    expect(status.stale ?? null).toBeNull();
    expect(status.error).toBeNull();

    // Every process the hung btrfs started is gone.
    const pids = (await readFile(join(dir, 'pids'), 'utf8')).split('\n').filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(async () => pids.every((p) => !alive(p)), 'the hung btrfs and its child to be killed', 5000);
  });
});
