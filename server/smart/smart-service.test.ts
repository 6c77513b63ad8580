/**
 * SmartService, the facade (RealHost → fixtures/bin/smartctl, which prints recorded captures): the
 * pages it joins from its parts — statuses per disk, loop devices as "SMART not available", history
 * rows, rising counters, ERC warnings, replace advice — and what a restart serves from the store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../test-support/clock.ts';
import type { TestInventory } from '../test-support/smart-snapshot.ts';
import type { FakeSmartctl } from '../test-support/fake-smartctl-env.ts';
import { DiskSmartResponse, SmartSummaryResponse } from '../../contracts/smart.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMARTCTL_CORPUS } from '../test-support/fake-smartctl-env.ts';
import { useSmartBed, KEYS, SMART_MAP, POOL_UUID } from '../test-support/smart-bed.ts';
import type { SmartService } from './smart-service.ts';

// Every read spawns the fake smartctl (a node process): seconds per test on a loaded two-core machine. What is read is tested, not the speed.
describe('SmartService pages (RealHost + fake smartctl)', { timeout: 60_000 }, () => {
  const bed = useSmartBed();
  let service: SmartService;
  let fake: FakeSmartctl;
  let inventory: TestInventory;
  let clock: FakeClock;
  beforeEach(() => {
    fake = bed.fake;
    inventory = bed.inventory;
    clock = bed.clock;
    service = bed.graph.smart;
  });
  const make = (...args: Parameters<typeof bed.make>) => bed.make(...args);
  const audit = () => bed.graph.stores.audit.list();

  it('lists every disk: healthy, failing, warning, not available (loop), not checked (detached)', async () => {
    await service.reader.refreshDue();
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
    fake.setMap({ ...SMART_MAP, '/dev/sda': 'sata-hdd-seagate-st3500418as-reallocated-304.json' });
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
    fake.setMap({ ...SMART_MAP, '/dev/sda': { report: ['sata-hdd-wd-red-wd20efrx.json', { stdout: JSON.stringify(red) }] } });
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
  it('says "not attached" for actions on a detached disk and "not found" for an unknown key', async () => {
    await expect(service.refresh(KEYS.gone, 'alice')).rejects.toThrow(/not attached/);
    await expect(service.disk('serial:nope')).rejects.toThrow(/no disk with key/);
    const gone = await service.disk(KEYS.gone);
    expect(gone).toMatchObject({ status: 'not-checked', path: null });
  });
});
