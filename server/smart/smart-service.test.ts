/**
 * The SMART service against the real execa path (RealHost → fixtures/bin/smartctl, which prints
 * recorded captures): statuses per disk, loop devices as "SMART not available", history rows,
 * device-type overrides, ERC warnings and setting, self-tests as jobs, replace advice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskSmartResponse, SmartErcResponse, SmartSummaryResponse } from '../../contracts/smart.ts';
import type { Job } from '../../contracts/jobs.ts';
import { RealHost } from '../host/real-host.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Db } from '../store/db.ts';
import { SmartStore } from '../store/smart-store.ts';
import { FAKE_DEVICES, SMARTCTL_CORPUS, useFakeSmartctl, type FakeSmartctl, type FakeSpec } from '../test-support/fake-smartctl-env.ts';
import { FakeClock } from '../test-support/clock.ts';
import { testConfig, testGraph, type TestGraph } from '../test-support/graph.ts';
import { SmartService } from './smart-service.ts';
import { POOL_UUID, TestInventory, disk, member, raid1Pool, snapshotOf } from '../test-support/smart-snapshot.ts';

const SCAN = {
  json_format_version: [1, 0],
  smartctl: { version: [7, 3], argv: ['smartctl', '--scan-open', '-j'], exit_status: 0 },
  devices: [
    { name: '/dev/sda', info_name: '/dev/sda [SAT]', type: 'sat', protocol: 'ATA' },
    { name: '/dev/sdb', info_name: '/dev/sdb [SAT]', type: 'sat', protocol: 'ATA' },
    { name: '/dev/sdc', info_name: '/dev/sdc [USB JMicron]', type: 'usbjmicron', protocol: 'ATA' },
    { name: '/dev/bus/0', info_name: '/dev/bus/0 [megaraid_disk_01]', type: 'megaraid,1', protocol: 'SCSI' },
  ],
};

const MAP: Record<string, FakeSpec> = {
  '--scan-open': { report: { stdout: JSON.stringify(SCAN) } },
  // raid1 members: a healthy WD Red, an SSD with ERC at 25.6 s, a failing USB disk
  '/dev/sda': 'sata-hdd-wd-red-wd20efrx.json',
  '/dev/sdb': 'sata-ssd-ocz-vertex2-scterc_x.json',
  '/dev/sdc': 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json',
  // unused disk with ERC disabled: not a pool member, so no ERC warning
  '/dev/sdd': 'usb-sunplus-hdd-samsung-hd204ui-scterc_x.json',
  // a disk behind a MegaRAID controller: answers only with the right -d type
  '/dev/sde': { report: 'megaraid-sata-hdd-wd4000fyyx-reallocated_a.json', expectType: 'sat+megaraid,1' },
  // /dev/loop7 is not in the map: the fake answers "Unable to detect device type", like a loop device
};

const KEYS = { red: 'wwn:0x50014ee2b1', ocz: 'serial:OCZ:1', failing: 'serial:WD3200:2', unused: 'serial:HD204UI:3', raid: 'serial:WD4000:4', loop: 'loop:/tmp/x.img', gone: 'serial:GONE:5' };

function machine() {
  return snapshotOf(
    [
      member(KEYS.red, '/dev/sda', 1, ['/dev/disk/by-id/ata-WDC_WD20EFRX-68EUZN0_WD-1']),
      member(KEYS.ocz, '/dev/sdb', 2),
      member(KEYS.failing, '/dev/sdc', 3),
      disk(KEYS.unused, '/dev/sdd'),
      disk(KEYS.raid, '/dev/sde'),
      disk(KEYS.loop, '/dev/loop7', { type: 'loop' }),
      disk(KEYS.gone, null, { role: 'detached', pool: { uuid: POOL_UUID, label: 'tank', devid: null }, lastSeenAt: '2026-11-01T00:00:00.000Z' }),
    ],
    [raid1Pool([{ devid: 1, path: '/dev/sda' }, { devid: 2, path: '/dev/sdb' }, { devid: 3, path: '/dev/sdc', errors: { write: 0, read: 7, flush: 0, corruption: 2, generation: 0 } }])],
  );
}

// Every read spawns the fake smartctl (a node process): seconds per test on a loaded two-core machine. What is read is tested, not the speed.
describe('SmartService (RealHost + fake smartctl)', { timeout: 60_000 }, () => {
  let fake: FakeSmartctl;
  let graph: TestGraph;
  let db: Db;
  let jobs: JobRunner;
  let events: Job[];
  let inventory: TestInventory;
  let clock: FakeClock;
  let service: SmartService;

  const envOf = (env: Record<string, string> = {}) =>
    ({ POOLWATCH_SMARTCTL: fake.binary, POOLWATCH_SELF_TEST_POLL_SECONDS: '0.05', ...env });

  /** Another SmartService on the same database and job runner: what a restart (or other settings) gives. */
  function make(env: Record<string, string> = {}, over: { mountRoot?: string } = {}) {
    const config = testConfig(envOf(env), over);
    return new SmartService({
      host: graph.host, inventory, store: graph.stores.smart, audit: graph.stores.audit, writes: graph.writes, config: config.smart, jobs,
      clock: clock, mountRoot: config.mountRoot,
    });
  }

  beforeEach(() => {
    fake = useFakeSmartctl(MAP);
    inventory = new TestInventory(machine());
    // Polls pass at once; the test moves the clock where the refresh interval matters.
    clock = new FakeClock('2026-11-26T12:00:00.000Z');
    graph = testGraph({ host: new RealHost({ testDevices: FAKE_DEVICES }), clock, inventory, env: envOf() });
    db = graph.db;
    jobs = graph.jobs;
    events = [];
    jobs.on('job', (j) => events.push(j));
    service = graph.smart;
  });
  afterEach(() => {
    graph.stop();
    fake.restore();
  });

  const audit = () => graph.stores.audit.list();

  it('lists every disk: healthy, failing, warning, not available (loop), not checked (detached)', async () => {
    await service.refreshDue();
    const body = SmartSummaryResponse.parse({ disks: await service.summaries(), refreshMinutes: service.refreshMinutes });
    const by = Object.fromEntries(body.disks.map((d) => [d.diskKey, d]));
    expect(by[KEYS.red]?.status).toBe('passed');
    expect(by[KEYS.failing]).toMatchObject({ status: 'failing', topReasonCode: 'smart-verdict-failed', replaceAdvised: true });
    expect(by[KEYS.ocz]).toMatchObject({ status: 'passed', warningCodes: ['erc-not-set'] });
    expect(by[KEYS.unused]).toMatchObject({ status: 'warning', warningCodes: [] });
    expect(by[KEYS.loop]).toMatchObject({ status: 'not-available', path: '/dev/loop7' });
    expect(by[KEYS.loop]?.topReason).toMatch(/^SMART not available/);
    expect(by[KEYS.gone]).toMatchObject({ status: 'not-checked', path: null });
    // without its MegaRAID -d type the disk does not answer: not available until the admin sets the type
    expect(by[KEYS.raid]?.status).toBe('not-available');
    // the scan ran once, the detached disk was not read, each attached disk once
    const calls = fake.calls();
    expect(calls.filter((c) => c.includes('--scan-open'))).toHaveLength(1);
    expect(calls.filter((c) => c.includes('-x')).map((c) => c.at(-1)).sort()).toEqual(['/dev/loop7', '/dev/sda', '/dev/sdb', '/dev/sdc', '/dev/sdd', '/dev/sde']);
    // the periodic read leaves sleeping disks asleep and uses the scanned type
    expect(calls).toContainEqual(['-j', '-x', '-n', 'standby', '-d', 'sat', '--', '/dev/sda']);
    expect(calls).toContainEqual(['-j', '-x', '-n', 'standby', '--', '/dev/loop7']);
  });

  it('gives a loop device a clean "SMART not available", not an error', async () => {
    const r = DiskSmartResponse.parse(await service.disk(KEYS.loop));
    expect(r.status).toBe('not-available');
    expect(r.error).toBeNull();
    expect(r.report).toMatchObject({ protocol: 'unavailable', reason: 'unsupported-device' });
    expect(r.summary).toBe('SMART not available: this device has no SMART (/dev/loop7: Unable to detect device type).');
    expect(r.history).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.replaceAdvice).toBeNull();
  });

  it('advises replacing a failing member in place with -r, naming devid and mount point', async () => {
    const r = await service.disk(KEYS.failing);
    expect(r.status).toBe('failing');
    expect(r.replaceAdvice).toMatchObject({
      poolUuid: POOL_UUID, devid: 3, urgency: 'now', mounted: true, parity: false,
      command: ['btrfs', 'replace', 'start', '-r', '3', '<new-device>', '/mnt2/tank'],
      btrfsErrors: { read: 7, corruption: 2 },
    });
    expect(r.replaceAdvice?.message).toContain('9 I/O or checksum errors');
    expect(r.deviceType).toEqual({ effective: 'usbjmicron', source: 'scan', override: null, scanned: 'usbjmicron' });
  });

  it('warns about ERC only on members of redundant pools', async () => {
    const ocz = await service.disk(KEYS.ocz);
    expect(ocz.warnings).toEqual([{ code: 'erc-not-set', message: expect.stringContaining('read 25.6 s / write 25.6 s') }]);
    const unused = await service.disk(KEYS.unused);
    expect(unused.erc).toMatchObject({ state: 'supported', read: { enabled: false } });
    expect(unused.warnings).toEqual([]);
    // once the pool is single (no redundancy), the OCZ member gets no ERC warning either
    inventory.snap = { ...inventory.snap, pools: [{ ...inventory.snap.pools[0]!, profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] } }] };
    expect((await service.disk(KEYS.ocz)).warnings).toEqual([]);
  });

  it('keeps a history row per change only, and serves the last result after a restart without reading the disk', async () => {
    await service.refresh(KEYS.red, 'alice');
    await service.refresh(KEYS.red, 'alice');
    expect((await service.disk(KEYS.red)).history).toHaveLength(1);
    // the same disk now reports 304 reallocated sectors
    fake.setMap({ ...MAP, '/dev/sda': 'sata-hdd-seagate-st3500418as-reallocated-304.json' });
    clock.set('2026-11-26T13:00:00.000Z');
    const r = await service.refresh(KEYS.red, 'alice');
    expect(r.status).toBe('failing');
    expect(r.history.map((h) => [h.status, h.keyValues['ata-5']])).toEqual([['failing', 304], ['passed', 0]]);
    expect(audit().filter((e) => e.action === 'smart.refresh')).toHaveLength(3);

    const before = fake.calls().length;
    const restarted = make();
    const again = await restarted.disk(KEYS.red);
    expect(again).toMatchObject({ status: 'failing', lastCheckedAt: '2026-11-26T13:00:00.000Z' });
    expect(fake.calls().length).toBe(before);
  });

  it('says which failure-predicting counter rose since an earlier read, and keeps saying so for a week', async () => {
    // The WD Red read again later with 8 remapped and 3 pending sectors (the fake plays the captures in order).
    const red = JSON.parse(readFileSync(join(SMARTCTL_CORPUS, 'sata-hdd-wd-red-wd20efrx.json'), 'utf8')) as { ata_smart_attributes: { table: { id: number; raw: { value: number; string: string } }[] } };
    const raws: Record<number, number> = { 5: 8, 197: 3 };
    for (const a of red.ata_smart_attributes.table) if (raws[a.id] !== undefined) a.raw = { value: raws[a.id]!, string: String(raws[a.id]) };
    fake.setMap({ ...MAP, '/dev/sda': { report: ['sata-hdd-wd-red-wd20efrx.json', { stdout: JSON.stringify(red) }] } });
    const rising = (r: DiskSmartResponse) => r.assessment?.reasons.filter((x) => x.code === 'attribute-rising').map((x) => [x.severity, x.message]);

    expect((await service.refresh(KEYS.red, 'alice')).status).toBe('passed');
    clock.set('2026-11-26T12:30:00.000Z');
    const second = DiskSmartResponse.parse(await service.refresh(KEYS.red, 'alice'));
    // pending sectors rising is critical although 3 alone is only a warning
    expect(second.status).toBe('failing');
    const since = [
      ['critical', 'Current_Pending_Sector (ID 197) rose from 0 to 3 since 2026-11-26 12:00 UTC: more sectors became unreadable.'],
      ['warning', 'Reallocated_Sector_Ct (ID 5) rose from 0 to 8 since 2026-11-26 12:00 UTC: the drive is remapping more sectors to spares.'],
    ];
    expect(rising(second)).toEqual(since);
    expect(second.replaceAdvice).toMatchObject({ devid: 1, urgency: 'now' });
    expect(second.history[0]).toMatchObject({ status: 'failing', keyValues: { 'ata-5': 8, 'ata-197': 3 } });
    expect(second.history[0]?.reasonCodes).toContain('attribute-rising');
    expect((await service.summaries()).find((d) => d.diskKey === KEYS.red)).toMatchObject({ status: 'failing', topReasonCode: 'attribute-rising' });

    // the next read, half an hour on, still compares with the counters of a week ago (here: the first read)
    clock.set('2026-11-26T13:00:00.000Z');
    expect(rising(await service.refresh(KEYS.red, 'alice'))).toEqual(since);
    // after a restart the cached result judges the same rise, without reading the disk
    // (Only report reads count: other calls, such as an ERC read, may land in the log at any time.)
    // (Only report reads of this disk count: the new service may warm up disks it has never read.)
    const reportReads = () => fake.calls().filter((c) => c.includes('-x') && c.includes('/dev/sda')).length;
    const before = reportReads();
    expect(rising(await make().disk(KEYS.red))).toEqual(since);
    expect(reportReads()).toBe(before);

    // a week later the counters have not moved since: back to what the absolute thresholds say
    clock.set('2026-12-04T13:00:00.000Z');
    const later = await service.refresh(KEYS.red, 'alice');
    expect(rising(later)).toEqual([]);
    expect(later.status).toBe('warning');
    expect(later.assessment?.reasons.map((r) => r.code).sort()).toEqual(['pending-sectors', 'reallocated-sectors']);
  });

  it('proposes the replace under POOLWATCH_MOUNT_ROOT when the pool is not mounted', async () => {
    const pool = inventory.snap.pools[0]!;
    inventory.snap = { ...inventory.snap, pools: [{ ...pool, mounted: false, mountPoint: null }] };
    const r = await make({}, { mountRoot: '/srv/pools' }).disk(KEYS.failing);
    expect(r.replaceAdvice).toMatchObject({ devid: 3, mounted: false, mountPoint: '/srv/pools/tank', command: ['btrfs', 'replace', 'start', '-r', '3', '<new-device>', '/srv/pools/tank'] });
    expect(r.replaceAdvice?.message).toContain('must be mounted (at /srv/pools/tank)');
    // without the setting: the default root
    expect((await service.disk(KEYS.failing)).replaceAdvice?.mountPoint).toBe('/mnt2/tank');
  });

  it('refreshes a disk again only after the refresh interval', async () => {
    await service.refreshDue();
    const reads = () => fake.calls().filter((c) => c.includes('-x')).length;
    const first = reads();
    clock.set('2026-11-26T12:29:00.000Z');
    await service.refreshDue();
    expect(reads()).toBe(first);
    clock.set('2026-11-26T12:31:00.000Z');
    await service.refreshDue();
    expect(reads()).toBe(first * 2);
  });

  it('leaves a sleeping disk asleep on the periodic refresh but reads it when asked', async () => {
    const standby = { json_format_version: [1, 0], smartctl: { version: [7, 3], messages: [{ string: 'Device is in STANDBY mode, exit(2)', severity: 'information' }], exit_status: 2 }, device: { name: '/dev/sda', info_name: '/dev/sda [SAT]', type: 'sat', protocol: 'ATA' } };
    fake.setMap({ ...MAP, '/dev/sda': { report: [{ stdout: JSON.stringify(standby) }, 'sata-hdd-wd-red-wd20efrx.json'] } });
    await service.refreshDue();
    const asleep = await service.summaries();
    expect(asleep.find((d) => d.diskKey === KEYS.red)?.status).toBe('not-checked');
    const r = await service.refresh(KEYS.red, 'alice');
    expect(r.status).toBe('passed');
    expect(fake.calls().filter((c) => c.at(-1) === '/dev/sda' && c.includes('-x')).at(-1)).toEqual(['-j', '-x', '-d', 'sat', '--', '/dev/sda']);
  });

  it('uses the admin\'s device-type override (a disk behind a MegaRAID controller)', async () => {
    const r = await service.setDeviceType(KEYS.raid, 'sat+megaraid,1', 'alice');
    expect(r.deviceType).toMatchObject({ effective: 'sat+megaraid,1', source: 'override' });
    expect(r.status).toBe('failing');
    expect(r.report).toMatchObject({ protocol: 'ata', identity: { model: 'WD4000FYYX' } });
    expect(fake.calls()).toContainEqual(['-j', '-x', '-d', 'sat+megaraid,1', '--', '/dev/sde']);
    expect(audit().find((e) => e.action === 'smart.device-type')).toMatchObject({ actor: 'alice', target: KEYS.raid, details: { deviceType: 'sat+megaraid,1' } });
    const cleared = await service.setDeviceType(KEYS.raid, null, 'alice');
    expect(cleared.deviceType.source).toBe('auto');
  });

  it('reads ERC from the drive and sets it as a job, remembering it to re-apply', async () => {
    const before = SmartErcResponse.parse(await service.readErc(KEYS.ocz));
    expect(before).toMatchObject({ redundantMember: true, erc: { state: 'supported', read: { deciseconds: 256 } }, setting: null, reapplyEnabled: true });
    expect(before.warnings.map((w) => w.code)).toEqual(['erc-not-set']);

    const { jobId, kind } = await service.setErc(KEYS.ocz, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true }, 'alice');
    expect(kind).toBe('smart-set-erc');
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ kind: 'smart-set-erc', state: 'succeeded', target: '/dev/sdb', createdBy: 'alice', argv: [[fake.binary, '-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb']] });
    expect(job.result?.summary).toBe('ERC on /dev/sdb: read 7.0 s, write 7.0 s; re-applied at every start');
    expect(audit().find((e) => e.action === 'smart.set-erc' && e.argv)).toMatchObject({ actor: 'alice', outcome: 'ok', argv: [fake.binary, '-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb'], exitCode: 0 });

    const after = await service.readErc(KEYS.ocz);
    expect(after).toMatchObject({ erc: { state: 'supported', read: { enabled: true, deciseconds: 70 } }, setting: { readDeciseconds: 70, reapplyAtStart: true, setBy: 'alice' }, warnings: [] });
    // Served from the SMART report the job updated: showing it again asks nothing of the drive…
    const ercReads = () => fake.calls().filter((c) => c.includes('scterc') && c.includes('/dev/sdb')).length;
    const reads = ercReads();
    expect((await service.readErc(KEYS.ocz)).erc).toMatchObject({ read: { deciseconds: 70 } });
    expect(ercReads()).toBe(reads);
    // …unless asked to read it now.
    expect((await service.readErc(KEYS.ocz, { fresh: true })).erc).toMatchObject({ state: 'supported' });
    expect(ercReads()).toBe(reads + 1);
    expect((await service.disk(KEYS.ocz)).warnings).toEqual([]);
  });

  it('fails the ERC job when the drive has no ERC, and refuses ERC on NVMe', async () => {
    fake.setMap({ ...MAP, '/dev/sdd': { report: 'usb-sunplus-hdd-samsung-hd204ui-scterc_x.json', 'scterc-set': { stdout: 'smartctl 7.3 2022-02-28 r5338 [x86_64-linux] (local build)\n\nSCT Error Recovery Control command not supported\n', exit: 4 } } });
    const { jobId } = await service.setErc(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false }, 'alice');
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'failed', error: 'ERC was not set on /dev/sdd: the drive does not support SCT Error Recovery Control', exitCode: 4 });
    expect(new SmartStore(db).ercSettings().has(KEYS.unused)).toBe(false);
    expect(audit().find((e) => e.action === 'smart.set-erc' && e.argv === null)).toMatchObject({ outcome: 'failed' });

    fake.setMap({ ...MAP, '/dev/sdd': 'nvme-toshiba-kxg6_x.json' });
    await service.refresh(KEYS.unused, 'alice');
    await expect(service.setErc(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false }, 'alice')).rejects.toThrow(/ATA feature.*NVME/);
  });

  it('re-applies remembered ERC at start and when the disk comes back, if asked to', async () => {
    new SmartStore(db).saveErcSetting(KEYS.ocz, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true, setAt: 'x', setBy: 'alice' });
    new SmartStore(db).saveErcSetting(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false, setAt: 'x', setBy: 'alice' });
    await service.tick();
    const sets = () => fake.calls().filter((c) => c[1]?.startsWith('scterc,'));
    expect(sets()).toEqual([['-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb']]);
    expect(events.filter((j) => j.kind === 'smart-set-erc' && j.state === 'succeeded').map((j) => j.createdBy)).toEqual(['system']);
    await service.tick();
    expect(sets()).toHaveLength(1);
    // the disk is pulled and plugged back: it forgot ERC, so it is set again
    const full = inventory.snap;
    inventory.snap = { ...full, disks: full.disks.filter((d) => d.identity.key !== KEYS.ocz) };
    await service.tick();
    inventory.snap = full;
    await service.tick();
    expect(sets()).toHaveLength(2);
    // switched off globally: nothing is re-applied
    const off = make({ POOLWATCH_ERC_REAPPLY_AT_START: '0' });
    await off.tick();
    expect(sets()).toHaveLength(2);
  });

  it('runs a self-test as a job with progress from polling, and the result lands in the log', async () => {
    fake.setMap({
      ...MAP,
      '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: ['sata-hdd-wd140edfz-selftest-in-progress_a.json', 'sata-ssd-samsung-860evo_x.json'] },
    });
    await service.refresh(KEYS.ocz, 'alice');
    const { jobId, kind } = await service.startSelfTest(KEYS.ocz, { type: 'short' }, 'alice');
    expect(kind).toBe('smart-self-test');
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { summary: 'Short offline self-test: Completed without error' } });
    // ATA said "10% remaining": 90 done
    expect([...new Set(events.filter((j) => j.id === jobId).map((j) => j.progress.percent))]).toEqual([null, 0, 90, 100]);
    expect(job.argv).toEqual([
      [fake.binary, '-t', 'short', '-d', 'sat', '--', '/dev/sdb'],
      [fake.binary, '-j', '-a', '-d', 'sat', '--', '/dev/sdb'],
      [fake.binary, '-j', '-a', '-d', 'sat', '--', '/dev/sdb'],
    ]);
    expect(audit().find((e) => e.action === 'smart.self-test' && e.argv?.includes('-t'))).toMatchObject({ outcome: 'ok', actor: 'alice' });
    expect((await service.summaries()).find((d) => d.diskKey === KEYS.ocz)?.selfTestPercentDone).toBeNull();
  });

  it('a self-test schedule runs through the composed scheduler: recommended and staggered per member, started as "schedule" when due, its next run moved', async () => {
    fake.setMap({
      ...MAP,
      '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: ['sata-hdd-wd140edfz-selftest-in-progress_a.json', 'sata-ssd-samsung-860evo_x.json'] },
    });
    for (const key of [KEYS.red, KEYS.ocz, KEYS.failing]) await service.refresh(key, 'alice');
    // The inventory links each member to its disk (what recommended schedules follow).
    const snap = machine();
    const [pool] = snap.pools;
    inventory.snap = { ...snap, pools: [{ ...pool!, devices: pool!.devices.map((d) => ({ ...d, disk: snap.disks.find((k) => k.path === d.path)!.identity })) }] };
    const { created } = await graph.scheduler.recommended(POOL_UUID, 'alice');
    const short = created.filter((s) => s.kind === 'smart-short');
    expect(short.map((s) => s.diskKey).sort()).toEqual([KEYS.red, KEYS.ocz, KEYS.failing].sort());
    expect(created.filter((s) => s.kind === 'smart-long')).toHaveLength(3);
    // Staggered: no two members of the pool test on the same day.
    expect(new Set(short.map((s) => (s.recurrence.every === 'week' ? s.recurrence.weekday : -1))).size).toBe(3);

    const ocz = short.find((s) => s.diskKey === KEYS.ocz)!;
    const due = new Date(clock.now().getTime() + 60_000);
    await graph.scheduler.update(ocz.id, { kind: 'smart-short', poolUuid: ocz.poolUuid, diskKey: ocz.diskKey, enabled: true, recurrence: ocz.recurrence, speedLimitBytesPerSecond: null, nextRunAt: due.toISOString() }, 'alice');
    await graph.scheduler.tick();
    expect(jobs.list({}).filter((j) => j.kind === 'smart-self-test')).toEqual([]);
    await clock.advance(61_000);
    await graph.scheduler.tick();
    const started = jobs.list({}).filter((j) => j.kind === 'smart-self-test');
    expect(started).toHaveLength(1);
    expect(started[0]!.createdBy).toBe('schedule');
    const done = await jobs.wait(started[0]!.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { summary: 'Short offline self-test: Completed without error' } });
    expect(done.argv[0]).toEqual([fake.binary, '-t', 'short', '-d', 'sat', '--', '/dev/sdb']);
    const after = graph.scheduler.list().find((s) => s.id === ocz.id)!;
    expect(after.lastJobId).toBe(done.id);
    expect(after.lastOutcome).toMatch(/^job succeeded/);
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(clock.now().getTime() + 24 * 3600_000);
  });

  it('fails the self-test job when the drive logs a read failure', async () => {
    fake.setMap({ ...MAP, '/dev/sdc': { report: 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json', poll: ['usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json'] } });
    const { jobId } = await service.startSelfTest(KEYS.failing, { type: 'long' }, 'alice');
    const job = await jobs.wait(jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Short offline self-test: Completed: read failure \(first error at LBA \d+\)$/);
  });

  it('refuses a self-test the disk does not offer, and one while a test runs', async () => {
    await service.refresh(KEYS.red, 'alice');
    fake.setMap({ ...MAP, '/dev/sda': 'sata-hdd-wd140edfz-selftest-in-progress_a.json' });
    await service.refresh(KEYS.red, 'alice');
    await expect(service.startSelfTest(KEYS.red, { type: 'short' }, 'alice')).rejects.toThrow(/already running/);
    fake.setMap({ ...MAP, '/dev/sda': 'nvme-toshiba-kxg6_x.json' });
    await service.refresh(KEYS.red, 'alice');
    await expect(service.startSelfTest(KEYS.red, { type: 'conveyance' }, 'alice')).rejects.toThrow(/does not offer a conveyance/);
    // a loop device has no SMART: nothing is sent to it
    await expect(service.startSelfTest(KEYS.loop, { type: 'short' }, 'alice')).rejects.toThrow(/^a self-test needs SMART on the disk: SMART not available/);
    await expect(service.setErc(KEYS.loop, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true }, 'alice')).rejects.toThrow(/^ERC needs SMART/);
    expect(fake.calls().filter((c) => c.at(-1) === '/dev/loop7').map((c) => c[0])).toEqual(['-j']);
  });

  it('aborts a self-test on the drive; with a job following it, abort cancels the job, which aborts the test', async () => {
    expect(await service.abortSelfTest(KEYS.ocz, 'alice')).toEqual({ message: 'Sending command: "Abort SMART off-line mode self-test routine". Self-testing aborted!' });
    expect(fake.calls()).toContainEqual(['-X', '-d', 'sat', '--', '/dev/sdb']);
    expect(audit().find((e) => e.action === 'smart.self-test-abort')).toMatchObject({ outcome: 'ok', actor: 'alice' });

    const running = 'sata-hdd-wd140edfz-selftest-in-progress_a.json';
    fake.setMap({ ...MAP, '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: [running, running, running, running, 'sata-ssd-samsung-860evo_x.json'] } });
    const { jobId } = await service.startSelfTest(KEYS.ocz, { type: 'long' }, 'bob');
    await expect(service.startSelfTest(KEYS.ocz, { type: 'short' }, 'bob')).rejects.toThrow(/already following/);
    await new Promise<void>((resolve) => {
      const seen = (j: Job) => {
        if (j.id === jobId && j.progress.percent === 90) {
          jobs.off('job', seen);
          resolve();
        }
      };
      jobs.on('job', seen);
    });
    expect((await service.summaries()).find((d) => d.diskKey === KEYS.ocz)?.selfTestPercentDone).toBe(90);
    expect(await service.abortSelfTest(KEYS.ocz, 'bob')).toEqual({ message: `asked job ${jobId} to abort the self-test` });
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ state: 'cancelled', error: 'the long self-test was aborted on the drive' });
    expect(job.argv).toContainEqual([fake.binary, '-X', '-d', 'sat', '--', '/dev/sdb']);
  });

  it('says "not attached" for actions on a detached disk and "not found" for an unknown key', async () => {
    await expect(service.refresh(KEYS.gone, 'alice')).rejects.toThrow(/not attached/);
    await expect(service.disk('serial:nope')).rejects.toThrow(/no disk with key/);
    const gone = await service.disk(KEYS.gone);
    expect(gone).toMatchObject({ status: 'not-checked', path: null });
  });

  it('reports a missing smartctl as a SMART read error on the disk, not a crash', async () => {
    const missing = make({ POOLWATCH_SMARTCTL: '/nonexistent/smartctl' });
    const r = await missing.disk(KEYS.red);
    expect(r.status).toBe('error');
    expect(r.summary).toBe('SMART read failed: /nonexistent/smartctl is not installed (install smartmontools)');
  });
});
