import { describe, expect, it } from 'vitest';
import type { CommandSpec } from './host.ts';
import { jobCmd } from './job-commands.ts';

const argv = (c: CommandSpec) => [c.file, ...c.args];

describe('job command builders (argv arrays, `--` before the operands, long operations backgrounded)', () => {
  it.each([
    [jobCmd.replaceStart({ devid: 3, targetPath: '/dev/disk/by-id/ata-X', mountPoint: '/mnt2/a b', readFromOtherMirrors: false }), ['btrfs', 'replace', 'start', '--', '3', '/dev/disk/by-id/ata-X', '/mnt2/a b']],
    [jobCmd.replaceStart({ devid: 1, targetPath: '/dev/sdb', mountPoint: '/m', readFromOtherMirrors: true }), ['btrfs', 'replace', 'start', '-r', '--', '1', '/dev/sdb', '/m']],
    [jobCmd.balanceStart('/m', { convert: { data: 'raid1', metadata: 'raid1c3' } }), ['btrfs', 'balance', 'start', '--bg', '-dconvert=raid1,soft', '-mconvert=raid1c3,soft', '--', '/m']],
    [jobCmd.balanceStart('/m', 'full'), ['btrfs', 'balance', 'start', '--bg', '--full-balance', '--', '/m']],
    [jobCmd.scrubStart('/m', false), ['btrfs', 'scrub', 'start', '--', '/m']],
    [jobCmd.scrubStart('/m', true), ['btrfs', 'scrub', 'start', '-r', '--', '/m']],
    [jobCmd.deviceRemove('missing', '/m'), ['btrfs', 'device', 'remove', '--', 'missing', '/m']],
    [jobCmd.deviceRemove(4, '/m'), ['btrfs', 'device', 'remove', '--', '4', '/m']],
    [jobCmd.deviceRemoveCancel('/m'), ['btrfs', 'device', 'remove', '--', 'cancel', '/m']],
    [jobCmd.deviceAdd(['/dev/sdb', '/dev/sdc'], '/m'), ['btrfs', 'device', 'add', '--', '/dev/sdb', '/dev/sdc', '/m']],
    [jobCmd.resize(2, 'max', '/m'), ['btrfs', 'filesystem', 'resize', '--', '2:max', '/m']],
    [jobCmd.resize(2, 536870912, '/m'), ['btrfs', 'filesystem', 'resize', '--', '2:536870912', '/m']],
    [jobCmd.mkdirMountPoint('/mnt2/p', '/mnt2'), ['mkdir', '-p', '--', '/mnt2/p']],
    [jobCmd.mount('/dev/sda', '/mnt2/p', ['degraded', 'ro'], '/mnt2'), ['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', '/dev/sda', '/mnt2/p']],
    [jobCmd.mount('/dev/sda', '/mnt2/p', [], '/mnt2'), ['mount', '-t', 'btrfs', '--', '/dev/sda', '/mnt2/p']],
    [jobCmd.remount('/mnt2/p', ['rw', 'degraded']), ['mount', '-o', 'remount,rw,degraded', '--', '/mnt2/p']],
    [jobCmd.umount('/mnt2/p'), ['umount', '--', '/mnt2/p']],
    [jobCmd.wipefs('/dev/sdb'), ['wipefs', '-a', '--', '/dev/sdb']],
    [jobCmd.deviceStatsReset('/m'), ['btrfs', '--format', 'json', 'device', 'stats', '-z', '--', '/m']],
    [jobCmd.dmesg(), ['dmesg']],
  ])('%j', (spec, want) => {
    expect(argv(spec)).toEqual(want);
    expect(spec.timeoutMs).toBeGreaterThan(0);
  });
  it('status commands accept the exit codes that are data', () => {
    expect(jobCmd.balanceStatus('/m').okExitCodes).toEqual([1]);
    expect(jobCmd.replaceCancel('/m').okExitCodes).toEqual([2]);
  });
  it('operations that run in the foreground until done get a timeout longer than any real one', () => {
    expect(jobCmd.deviceRemove(1, '/m').timeoutMs).toBeGreaterThanOrEqual(24 * 60 * 60_000);
    expect(jobCmd.balanceResume('/m').timeoutMs).toBeGreaterThanOrEqual(24 * 60 * 60_000);
    expect(jobCmd.deviceRemove(1, '/m').timeoutMs).toBeLessThan(2 ** 31);
  });
});
