import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SmartAtaReport, SmartErc } from '../../contracts/smart.ts';
import { ERC_MAX_OK_DECISECONDS, diskStatusOf, ercWarnings, isRedundantMember, keyValuesOf, replaceAdviceFor, smartResultOf } from './smart-result.ts';
import { POOL_UUID, disk, member, raid1Pool } from '../test-support/smart-snapshot.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'smartctl');
const LAB = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');
const result = (dir: string, file: string) => smartResultOf(readFileSync(join(dir, file), 'utf8'));
const timer = (ds: number | null) => ({ enabled: ds !== null, deciseconds: ds });
const erc = (r: number | null, w: number | null): SmartErc => ({ state: 'supported', read: timer(r), write: timer(w) });

describe('disk status and summary line', () => {
  it.each([
    ['a loop device (no device type)', LAB, 'smartctl-json-x__loop-device.txt', 'not-available', /^SMART not available: this device has no SMART \(\/dev\/loop2: Unable to detect device type\)\.$/],
    ['a loop device forced to -d sat: IDENTIFY fails', LAB, 'smartctl-json-d-sat-x__loop-device.txt', 'error', /^SMART read failed: identify failed/],
    ['a QEMU virtual disk with no health data', CORPUS, 'scsi-qemu-virtual-disk-limited_x.json', 'not-available', /^SMART not available: the device returns no health data/],
    ['a RAID1 virtual volume', CORPUS, 'scsi-intel-raid1-virtual-volume-exit4_a.json', 'not-available', /set its -d type/],
    ['permission denied (not root)', CORPUS, 'error-nvme-permission-denied_x.json', 'error', /^SMART read failed: permission denied \(Smartctl open device: \/dev\/nvme0 failed: Permission denied\)\.$/],
    ['a healthy WD Red', CORPUS, 'sata-hdd-wd-red-wd20efrx.json', 'passed', /^SMART overall health: PASSED/],
    ['a failing USB disk', CORPUS, 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json', 'failing', /overall health self-assessment is FAILED/],
    ['an NVMe with media errors', CORPUS, 'nvme-samsung-970evo-media-errors_x.json', 'failing', /media and data integrity error/],
  ])('%s', (_name, dir, file, status, summary) => {
    const r = result(dir, file);
    const s = diskStatusOf({ ...r, error: null });
    expect(s.status).toBe(status);
    expect(s.summary).toMatch(summary);
  });

  it('not read yet, or smartctl could not run', () => {
    expect(diskStatusOf(null).status).toBe('not-checked');
    expect(diskStatusOf({ report: null, assessment: null, error: 'smartctl timed out' })).toEqual({ status: 'error', summary: 'SMART read failed: smartctl timed out' });
  });
});

describe('ERC warnings', () => {
  it('warns a redundant member whose ERC is off or slower than the limit', () => {
    expect(ercWarnings(erc(null, null), true, '/dev/sda').map((w) => w.code)).toEqual(['erc-not-set']);
    expect(ercWarnings(erc(256, 256), true, '/dev/sda')[0]?.message).toContain('read 25.6 s / write 25.6 s');
    expect(ercWarnings(erc(70, null), true, '/dev/sda')[0]?.message).toContain('read 7.0 s / write disabled');
    expect(ercWarnings(erc(ERC_MAX_OK_DECISECONDS + 1, 70), true, '/dev/sda')).toHaveLength(1);
  });

  it('is quiet at about 7 s, for non-members, and when ERC is unknown', () => {
    expect(ercWarnings(erc(70, 70), true, '/dev/sda')).toEqual([]);
    expect(ercWarnings(erc(ERC_MAX_OK_DECISECONDS, ERC_MAX_OK_DECISECONDS), true, '/dev/sda')).toEqual([]);
    expect(ercWarnings(erc(null, null), false, '/dev/sda')).toEqual([]);
    expect(ercWarnings(null, true, '/dev/sda')).toEqual([]);
    expect(ercWarnings({ state: 'failed', messages: ['SCT (Get) Error Recovery Control command failed'] }, true, '/dev/sda')).toEqual([]);
  });

  it('explains a drive without ERC and names its kernel timeout file', () => {
    const [w] = ercWarnings({ state: 'unsupported' }, true, '/dev/sdc');
    expect(w?.code).toBe('erc-unsupported');
    expect(w?.message).toContain('/sys/block/sdc/device/timeout');
  });

  it('only members of pools that survive a lost disk count as redundant', () => {
    const pool = raid1Pool([{ devid: 1, path: '/dev/sda' }]);
    expect(isRedundantMember(member('k', '/dev/sda', 1), [pool])).toBe(true);
    expect(isRedundantMember(member('k', '/dev/sda', 1), [{ ...pool, profiles: { data: ['raid0'], metadata: ['raid1'], system: ['raid1'] } }])).toBe(false);
    expect(isRedundantMember(member('k', '/dev/sda', 1), [{ ...pool, profiles: { data: [], metadata: [], system: [] } }])).toBe(false);
    expect(isRedundantMember(disk('k', '/dev/sda'), [pool])).toBe(false);
  });
});

describe('replace advice', () => {
  const pool = raid1Pool([{ devid: 1, path: '/dev/sda' }, { devid: 2, path: '/dev/sdb' }]);

  it('failing member: replace now with -r into the mount point', () => {
    const a = replaceAdviceFor(member('k', '/dev/sdb', 2), [pool], 'failing');
    expect(a).toMatchObject({ poolUuid: POOL_UUID, devid: 2, urgency: 'now', mounted: true, parity: false, command: ['btrfs', 'replace', 'start', '-r', '2', '<new-device>', '/mnt2/tank'] });
    expect(a?.message).toContain('no errors');
  });

  it('warning: plan it; unmounted: says where to mount; parity: prefer add then remove', () => {
    const unmounted = { ...pool, mounted: false, mountPoint: null, profiles: { data: ['raid5' as const], metadata: ['raid1' as const], system: ['raid1' as const] } };
    const a = replaceAdviceFor(member('k', '/dev/sdb', 2), [unmounted], 'warning');
    expect(a).toMatchObject({ urgency: 'plan', mounted: false, mountPoint: '/mnt2/tank', parity: true });
    expect(a?.message).toMatch(/must be mounted \(at \/mnt2\/tank\).*prefer adding a disk/);
  });

  it('proposes the mount point under the configured mount root; a mounted pool keeps its own', () => {
    const unmounted = { ...pool, mounted: false, mountPoint: null };
    const a = replaceAdviceFor(member('k', '/dev/sdb', 2), [unmounted], 'failing', '/srv/pools');
    expect(a).toMatchObject({ mountPoint: '/srv/pools/tank', command: ['btrfs', 'replace', 'start', '-r', '2', '<new-device>', '/srv/pools/tank'] });
    expect(a?.message).toContain('must be mounted (at /srv/pools/tank)');
    expect(replaceAdviceFor(member('k', '/dev/sdb', 2), [{ ...unmounted, label: null }], 'failing', '/srv/pools')?.mountPoint).toBe(`/srv/pools/${POOL_UUID}`);
    expect(replaceAdviceFor(member('k', '/dev/sdb', 2), [pool], 'failing', '/srv/pools')?.mountPoint).toBe('/mnt2/tank');
  });

  it('none for healthy disks, non-members and unknown states', () => {
    expect(replaceAdviceFor(member('k', '/dev/sdb', 2), [pool], 'passed')).toBeNull();
    expect(replaceAdviceFor(member('k', '/dev/sdb', 2), [pool], 'not-available')).toBeNull();
    expect(replaceAdviceFor(disk('k', '/dev/sdc'), [pool], 'failing')).toBeNull();
    expect(replaceAdviceFor(member('k', '/dev/sdb', 9), [pool], 'failing')).toBeNull();
  });
});

describe('key values for history', () => {
  it('takes the raw counts of the ATA attributes that predict failure, the error log and failed tests', () => {
    const r = result(CORPUS, 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json').report as SmartAtaReport;
    const kv = keyValuesOf(r);
    expect(kv).toMatchObject({ 'ata-5': 535, 'ata-197': 1, 'ata-187': 84, 'self-tests-failed': 3 });
    expect(kv['error-log']).toBeGreaterThan(0);
  });

  it('NVMe and SCSI counters', () => {
    const nvme = result(CORPUS, 'nvme-samsung-970evo-media-errors_x.json').report;
    const scsi = result(CORPUS, 'sas-hdd-seagate-st4000nm0043.json').report;
    if (nvme.protocol === 'unavailable' || scsi.protocol === 'unavailable') throw new Error('expected disk reports');
    expect(Object.keys(keyValuesOf(nvme)).sort()).toEqual(['nvme-available-spare', 'nvme-critical-warning', 'nvme-media-errors', 'nvme-percentage-used', 'self-tests-failed']);
    expect(keyValuesOf(scsi)['scsi-grown-defects']).toBeGreaterThan(0);
  });
});
