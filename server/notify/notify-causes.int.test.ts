/**
 * The events of issue 12 that come from a cause, not from a pulled member, each made real on a lab
 * pool (raid1 of three, the `replaced-member-back` scenario) and delivered to a real peer: a signed
 * webhook configured by the environment (POOLWATCH_WEBHOOK_URL/_SECRET), received by an HTTP server
 * started here. The graph the server runs, on the real host, with a `btrfs` that can be made to hang
 * (fixtures/bin/btrfs) and the fake smartctl (fixtures/bin/smartctl) in front of the loop disks.
 * 1. New pool found: the lab pool, not imported.
 * 2. Device errors increased: bytes of one mirror overwritten, then a scrub finds them.
 * 3. S.M.A.R.T. worsened: the disk of devid 1 answers passed, then a failing capture ("Read now").
 * 4. Stale member: devid 3 pulled, replaced while degraded, then attached again.
 * 5. poolwatch cannot read pool …: btrfs stops answering about the pool, then answers again.
 * The stale member and the pool btrfs does not answer about are told only once their condition
 * lasted (2 minutes): the clock the graph reads is moved forward in steps, with a real scan between
 * steps, so no one waits and nothing sees time jump by more than a scan interval.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../contracts/notify.ts';
import { PoolViewsResponse, type PoolView } from '../../contracts/views.ts';
import { breakScenario, downScenario, upScenario } from '../../lab/cli.ts';
import { waitFor, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { CORRUPTION_PATTERN } from '../../lab/scenarios.ts';
import type { Clock } from '../clock.ts';
import { ShiftedClock } from '../test-support/clock.ts';
import { RealHost } from '../host/real-host.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';
import { startHttpPeer, type HttpPeer } from '../test-support/notify-peers.ts';
import { SIGNATURE_HEADER } from './senders.ts';

const skip = await labSkipReason();
const ROOT = resolve(join(import.meta.dirname, '..', '..'));
const LAB_ROOT = join(ROOT, '.lab', `notify-causes-${process.pid}`);
const SCENARIO = 'replaced-member-back';
const POOL = 'replaced-back';
const FAKE_BTRFS = join(ROOT, 'fixtures', 'bin', 'btrfs');
const FAKE_SMARTCTL = join(ROOT, 'fixtures', 'bin', 'smartctl');
const SECRET = 'causes-webhook-secret-0123456789';
const PASSED = 'sata-hdd-wd-red-wd20efrx.json';
const FAILING = 'nvme-samsung-970evo-media-errors_x.json';

describe.skipIf(skip !== null)('events from real causes on a lab pool reach a signed webhook', () => {
  const clock = new ShiftedClock();
  const saved = { ...process.env };
  let hook: HttpPeer;
  let lab: Lab;
  let uuid: string;
  let dir: string;
  let mapFile: string;
  let graph: TestGraph<Clock>;
  let served: Served;
  let headers: Record<string, string>;

  /** Every event about our pool (or its disks) the webhook received, in order; each request's signature checked. */
  const received = (): NotifyEvent[] => hook.requests.flatMap((r) => {
    expect(r.headers[SIGNATURE_HEADER]).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
    return (JSON.parse(r.body) as { events: NotifyEvent[] }).events.filter((e) => e.poolUuid === uuid);
  });
  const waitForEvent = async (what: string, match: (e: NotifyEvent) => boolean, timeoutMs = 30_000): Promise<NotifyEvent> => {
    let hit: NotifyEvent | undefined;
    await waitFor(async () => (hit = received().find(match)) !== undefined, what, timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}; received: ${received().map((e) => `${e.phase}:${e.kind}`).join(', ')}`);
    });
    return hit!;
  };
  const pool = async (): Promise<PoolView | undefined> => {
    const res = await fetch(`${served.base}/api/pools`, { headers });
    return PoolViewsResponse.parse(await res.json()).pools.find((p) => p.uuid === uuid);
  };
  /** Moves the clock forward by `ms` and waits for a full scan to finish at the new time (the watcher scans every 5 s), then evaluates as the minute's tick does. */
  const advance = async (ms: number) => {
    clock.offsetMs += ms;
    const before = graph.watcher.lastScannedAt;
    await waitFor(async () => graph.watcher.lastScannedAt !== before, 'a scan after the clock moved', 30_000);
    await graph.monitor.evaluate();
  };
  const setSmart = (spec: Record<string, string>) => writeFile(mapFile, JSON.stringify(spec));
  const refreshSmart = async (key: string) => {
    const res = await fetch(`${served.base}/api/disks/${encodeURIComponent(key)}/smart/refresh`, { method: 'POST', headers });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    hook = await startHttpPeer();
    hook.setStatus(204);
    dir = await mkdtemp(join(tmpdir(), 'poolwatch-notify-causes-'));
    mapFile = join(dir, 'smart-map.json');
    lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
    uuid = lab.pool(POOL).uuid;
    // devid 1's disk answers S.M.A.R.T. with a healthy capture from its first read.
    await setSmart({ [lab.state.disks.d1!.file]: PASSED });
    Object.assign(process.env, {
      POOLWATCH_FAKE_SMARTCTL_MAP: mapFile, POOLWATCH_FAKE_SMARTCTL_NODE: process.execPath,
      POOLWATCH_FAKE_BTRFS_HANG: join(dir, 'hang'), POOLWATCH_FAKE_BTRFS_PIDS: join(dir, 'pids'), POOLWATCH_FAKE_BTRFS_MATCH: uuid,
    });
    graph = testGraph({
      host: new RealHost({ executables: { btrfs: FAKE_BTRFS }, readDeadlineMs: 8000, killGraceMs: 500 }),
      clock,
      env: {
        POOLWATCH_DATA_DIR: dir, POOLWATCH_SMARTCTL: FAKE_SMARTCTL,
        POOLWATCH_WEBHOOK_URL: `${hook.url}/poolwatch`, POOLWATCH_WEBHOOK_SECRET: SECRET,
        // "New pool found" is info.
        POOLWATCH_NOTIFY_MIN_SEVERITY: 'info',
      },
      config: { fullScanSeconds: 5, poolPatienceMs: 5000 },
    });
    graph.settings.setThresholds({ ...graph.settings.thresholds(), scanStuckMinutes: 2 }, 'test');
    served = await serve(graph);
    headers = { authorization: `Bearer ${apiTokens(graph).admin}`, 'content-type': 'application/json' };
    await graph.start();
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(join(dir, 'hang'), { force: true });
    await served?.close();
    graph?.stop();
    process.env = { ...saved };
    const pids = dir ? await readFile(join(dir, 'pids'), 'utf8').catch(() => '') : '';
    for (const pid of pids.split('\n').filter(Boolean).map(Number)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
    await hook?.close();
  });

  it('a pool not imported: "new pool found", once; importing it ends it without a message', async () => {
    const found = await waitForEvent('the new pool', (e) => e.kind === 'pool-unimported');
    expect(found).toMatchObject({ phase: 'start', severity: 'info', title: `New pool pw-${POOL} found` });
    expect(found.text).toContain(uuid);
    const res = await fetch(`${served.base}/api/pools/${uuid}/manage`, { method: 'PUT', headers, body: JSON.stringify({ managed: true }) });
    expect(res.status).toBe(200);
    await waitFor(async () => (await pool())?.managed === true, 'the pool to be imported', 10_000);
    await graph.monitor.evaluate();
    expect(received().filter((e) => e.kind === 'pool-unimported')).toHaveLength(1);
  });

  it('bytes of one mirror overwritten, then a scrub: "device errors increased" with the delta', async () => {
    // btrfs counts per mounted pool: mounted, the counters poolwatch sees are zero, its baseline.
    await lab.mount(POOL);
    await waitFor(async () => (await pool())?.devices.every((d) => d.errors?.corruption === 0) === true, 'zero counters', 30_000);
    await graph.monitor.evaluate();
    await lab.writeFile(POOL, 'pattern.bin', 8, CORRUPTION_PATTERN);
    await lab.umount(POOL);
    // raid1 over three: the block has two copies on two of the disks; damage one copy only.
    let damaged = '';
    for (const d of ['d1', 'd2', 'd3']) {
      if (await lab.corrupt(d, CORRUPTION_PATTERN).then(() => true, () => false)) {
        damaged = d;
        break;
      }
    }
    expect(damaged).not.toBe('');
    await lab.mount(POOL);
    // Exit 3: errors found and corrected.
    const scrub = spawnSync('btrfs', ['scrub', 'start', '-B', lab.pool(POOL).mountPoint], { encoding: 'utf8' });
    expect([0, 3]).toContain(scrub.status);
    const devid = Number(damaged.slice(1));
    const rose = await waitForEvent('the counter rise', (e) => e.kind === 'device-errors-increased');
    expect(rose).toMatchObject({ phase: 'event', severity: 'critical', devid });
    expect(rose.delta?.corruption).toBeGreaterThan(0);
    expect(rose.title).toMatch(new RegExp(`^Pool pw-${POOL}: \\+\\d+ corruption errors? on devid ${devid}$`));
    const now = (await pool())!.devices.find((d) => d.devid === devid)!.errors!.corruption;
    expect(rose.delta!.corruption).toBeLessThanOrEqual(now);
  });

  it('the disk of devid 1 reads failing after passed: "S.M.A.R.T. worsened" and the pool at risk; passed again resolves the risk', async () => {
    const key = (await pool())!.devices.find((d) => d.devid === 1)!.disk!.key;
    await refreshSmart(key);
    await graph.monitor.evaluate();
    expect(received().filter((e) => e.kind === 'smart-worsened')).toEqual([]);
    await setSmart({ [lab.state.disks.d1!.file]: FAILING });
    await refreshSmart(key);
    await graph.monitor.evaluate();
    const worse = await waitForEvent('the worse verdict', (e) => e.kind === 'smart-worsened');
    expect(worse).toMatchObject({ phase: 'event', severity: 'critical', devid: 1, diskKey: key });
    expect(worse.title).toMatch(/: passed → failing$/);
    expect((await waitForEvent('the pool at risk', (e) => e.kind === 'pool-at-risk' && e.phase === 'start')).text).toContain('devid 1');
    await setSmart({ [lab.state.disks.d1!.file]: PASSED });
    await refreshSmart(key);
    await graph.monitor.evaluate();
    await waitForEvent('the risk resolved', (e) => e.kind === 'pool-at-risk' && e.phase === 'resolved');
  });

  it('a member replaced while degraded, then the old disk attached again: "former member attached again" once it stays', async () => {
    await lab.umount(POOL);
    await breakScenario(lab);
    const staleKey = `loop:${lab.state.disks.d3!.file}`;
    await waitFor(async () => (await graph.inventory.snapshot()).disks.some((d) => d.role === 'stale-member' && d.pool?.uuid === uuid), 'the old disk to be seen as a stale member', 30_000);
    await graph.monitor.evaluate();
    // Not at once: a disk plugged back in shows in lsblk before btrfs takes it as a member again.
    expect(received().filter((e) => e.kind === 'stale-member')).toEqual([]);
    for (let i = 0; i < 3; i++) await advance(50_000);
    const stale = await waitForEvent('the stale member', (e) => e.kind === 'stale-member');
    expect(stale).toMatchObject({ phase: 'start', severity: 'warning' });
    expect(stale.diskKey).toBe(staleKey);
    expect(stale.title).toMatch(new RegExp(`^Pool pw-${POOL}: former member /dev/loop\\d+ is attached again$`));
  });

  it('btrfs stops answering about the pool: "poolwatch cannot read pool" once it lasts; resolved when it answers again', async () => {
    await writeFile(join(dir, 'hang'), 'hang');
    await waitFor(async () => (await pool())?.stale != null, 'the pool to be marked stale', 60_000);
    await graph.monitor.evaluate();
    expect(received().filter((e) => e.kind === 'scan-stuck')).toEqual([]);
    for (let i = 0; i < 3; i++) await advance(50_000);
    const blind = await waitForEvent('the pool poolwatch cannot read', (e) => e.kind === 'scan-stuck' && e.phase === 'start');
    expect(blind).toMatchObject({ severity: 'critical', title: `poolwatch cannot read pool pw-${POOL}` });
    expect(blind.text).toContain(`btrfs filesystem show --raw -- ${uuid}`);
    await rm(join(dir, 'hang'));
    await waitFor(async () => (await pool())?.stale == null, 'the pool to be read again', 60_000);
    await graph.monitor.evaluate();
    const back = await waitForEvent('the pool read again', (e) => e.kind === 'scan-stuck' && e.phase === 'resolved');
    expect(back.text).toBe(`btrfs answers about pool pw-${POOL} again.`);
  }, 180_000);
});
