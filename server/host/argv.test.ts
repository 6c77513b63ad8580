/**
 * ADR 010: the operand rules live in the command builders and in Host.run. These tests try to get
 * around them — options in disguise, paths outside /dev or the mount root, hand-made or altered
 * specs — and check that nothing is spawned.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgvError, mountTargetsOf } from './argv.ts';
import { cmd } from './commands.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import type { CommandSpec } from './host.ts';
import { jobCmd } from './job-commands.ts';
import { RealHost } from './real-host.ts';
import { smartctlCommands } from './smart-commands.ts';

const UUID = '38e467b1-b378-4b20-87b2-55034121c160';

describe('builders refuse operands that could be read as options or escape what poolwatch manages', () => {
  it.each<[string, () => CommandSpec, RegExp]>([
    ['a device path that is an option', () => cmd.dumpChunkTree(`-U${UUID}`), /starts with "-"/],
    ['a relative device path', () => cmd.blkidProbe('loop0'), /not an absolute path/],
    ['a device path outside /dev', () => jobCmd.wipefs('/etc/passwd'), /under \/dev\//],
    ['a device path that climbs out of /dev', () => jobCmd.wipefs('/dev/../etc/passwd'), /not a normalised path/],
    ['a device path with a newline', () => jobCmd.wipefs('/dev/sda\n/dev/sdb'), /control character/],
    ['a replace target that is an option', () => jobCmd.replaceStart({ devid: 1, targetPath: '-f', mountPoint: '/mnt2/p', readFromOtherMirrors: true }), /starts with "-"/],
    ['an added disk that is an option', () => jobCmd.deviceAdd(['/dev/sdb', '--force'], '/mnt2/p'), /starts with "-"/],
    ['a mount point that is an option', () => cmd.fiUsage('-h'), /starts with "-"/],
    ['a relative mount point', () => jobCmd.umount('mnt2/p'), /not an absolute path/],
    ['the root directory as a mount point', () => jobCmd.umount('/'), /root directory/],
    ['a mount point with a trailing slash', () => jobCmd.scrubStart('/mnt2/p/', false), /not a normalised path/],
    ['a new mount point outside the mount root', () => jobCmd.mount('/dev/sda', '/etc', ['ro'], '/mnt2'), /under the mount root \/mnt2/],
    ['a new mount point that climbs out of the root', () => jobCmd.mkdirMountPoint('/mnt2/../etc', '/mnt2'), /not a normalised path/],
    ['the mount root itself', () => jobCmd.mkdirMountPoint('/mnt2', '/mnt2'), /under the mount root/],
    ['a mount option that smuggles another', () => jobCmd.mount('/dev/sda', '/mnt2/p', ['ro,exec'], '/mnt2'), /mount option/],
    ['a convert profile that smuggles a filter', () => jobCmd.balanceStart('/mnt2/p', { convert: { data: 'raid1,devid=1', metadata: 'raid1' } }), /profile/],
    ['a devid that is not a number', () => jobCmd.deviceRemove(-1, '/mnt2/p'), /non-negative integer/],
    ['a uuid that is not one', () => cmd.fiShowPool(`${UUID} -d`), /filesystem uuid/],
    ['a smartctl device that is an option', () => smartctlCommands().report('-a', null), /starts with "-"/],
    ['a smartctl device type that is another option', () => smartctlCommands().report('/dev/sda', 'sat -s on'), /device type/],
  ])('%s', (_name, build, reason) => {
    expect(build).toThrow(ArgvError);
    expect(build).toThrow(reason);
  });

  it('puts `--` between options and operands, and freezes the spec', () => {
    const spec = jobCmd.mount('/dev/sda', '/mnt2/p', ['degraded', 'ro'], '/mnt2');
    expect(spec.args).toEqual(['-t', 'btrfs', '-o', 'degraded,ro', '--', '/dev/sda', '/mnt2/p']);
    expect(spec.checks).toEqual([{ kind: 'device', path: '/dev/sda' }, { kind: 'new-mount-point', path: '/mnt2/p', root: '/mnt2' }]);
    expect(Object.isFrozen(spec) && Object.isFrozen(spec.args)).toBe(true);
    expect(() => (spec.args as string[]).push('/dev/sdb')).toThrow(TypeError);
  });
});

describe('Host.run refuses what did not come from a builder, and checks operands against the machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolwatch-argv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const host = new RealHost();

  it('refuses a hand-made spec, and a builder\'s spec with its argv swapped, without spawning', async () => {
    const marker = join(dir, 'spawned');
    const handMade: CommandSpec = { file: 'touch', args: [marker], timeoutMs: 5000 };
    await expect(host.run(handMade)).rejects.toThrow(/not made by a command builder/);
    const copied: CommandSpec = { ...cmd.lsblk(), file: 'touch', args: [marker] };
    await expect(host.run(copied)).rejects.toThrow(ArgvError);
    await expect(new FakeHost([{ file: 'touch', args: [marker], result: { stdout: '', stderr: '', exitCode: 0 } }]).run(handMade)).rejects.toThrow(ArgvError);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a /dev path that is not a block device, or resolves outside /dev', async () => {
    await expect(host.run(cmd.blkidProbe('/dev/null'))).rejects.toThrow(/not a block device the kernel lists/);
    // /dev/fd links to /proc/self/fd.
    await expect(host.run(cmd.blkidProbe('/dev/fd'))).rejects.toThrow(/outside \/dev\//);
    await expect(host.run(cmd.blkidProbe('/dev/no-such-disk'))).rejects.toThrow(/no such device/);
  });

  it('refuses a mount point where nothing is mounted', async () => {
    await expect(host.run(cmd.fiUsage(join(dir, 'not-mounted')))).rejects.toThrow(/nothing is mounted there/);
  });

  it('checks devices against the block devices the machine lists (by their real path) and mount points against the mount table', async () => {
    const mountinfo = '36 25 0:32 / /mnt2/tank rw,relatime shared:1 - btrfs /dev/sdb rw\n37 25 0:33 / /mnt2/my\\040pool rw - btrfs /dev/sdc rw\n';
    const ok = { stdout: '', stderr: '', exitCode: 0 };
    const fake = new FakeHost(
      [
        { file: 'wipefs', args: ['-a', '--', '/dev/disk/by-id/ata-SPARE'], result: ok },
        { file: 'btrfs', args: ['scrub', 'start', '--', '/mnt2/my pool'], result: ok },
        { file: 'mount', args: ['-t', 'btrfs', '--', '/dev/sdd', '/mnt2/new'], result: ok },
      ],
      { '/proc/self/mountinfo': mountinfo }, {},
      { '/dev/disk/by-id/ata-SPARE': '/dev/sdd', '/dev/disk/by-id/evil': '/tmp/file' },
      { blockDevices: ['/dev/sdb', '/dev/sdc', '/dev/sdd'] },
    );
    await fake.run(jobCmd.wipefs('/dev/disk/by-id/ata-SPARE'));
    await fake.run(jobCmd.scrubStart('/mnt2/my pool', false));
    await fake.run(jobCmd.mount('/dev/sdd', '/mnt2/new', [], '/mnt2'));
    await expect(fake.run(jobCmd.wipefs('/dev/disk/by-id/evil'))).rejects.toThrow(/outside \/dev\//);
    await expect(fake.run(jobCmd.wipefs('/dev/sde'))).rejects.toThrow(/no such device/);
    await expect(fake.run(jobCmd.scrubStart('/mnt2/other', false))).rejects.toThrow(/nothing is mounted there/);
    // A new mount point already in use: mounting there would stack one pool on another.
    await expect(fake.run(jobCmd.mount('/dev/sdd', '/mnt2/tank', [], '/mnt2'))).rejects.toThrow(/already mounted there/);
    expect(fake.calls).toHaveLength(3);
  });

  it('reads mount points from mountinfo, octal escapes decoded', () => {
    expect([...mountTargetsOf('1 0 0:1 / / rw - ext4 /dev/vda1 rw\n2 1 0:2 / /mnt2/a\\012b\\134c rw - btrfs /dev/sdb rw\n')]).toEqual(['/', '/mnt2/a\nb\\c']);
  });
});

describe('identifyCmd (ADR 024): the device of an assignment operand is checked like any device operand', () => {
  it('builds dd and ledctl with the device after "--" and a device check', async () => {
    const { identifyCmd } = await import('./commands.ts');
    const dd = identifyCmd.readBurst('/dev/sdc', 128, 16);
    expect([dd.file, ...dd.args]).toEqual(['dd', '--', 'if=/dev/sdc', 'of=/dev/null', 'bs=1M', 'count=16', 'skip=128', 'iflag=direct', 'status=none']);
    expect(dd.checks).toEqual([{ kind: 'device', path: '/dev/sdc' }]);
    const led = identifyCmd.ledLocate('/dev/disk/by-id/wwn-0x5000');
    expect([led.file, ...led.args]).toEqual(['ledctl', '--', 'locate=/dev/disk/by-id/wwn-0x5000']);
  });
  it('refuses a path outside /dev, one that is not normalised, an option, a negative size', async () => {
    const { identifyCmd } = await import('./commands.ts');
    expect(() => identifyCmd.readBurst('/etc/passwd', 0, 1)).toThrow(ArgvError);
    expect(() => identifyCmd.readBurst('/dev/../etc/shadow', 0, 1)).toThrow(ArgvError);
    expect(() => identifyCmd.ledLocate('-x')).toThrow(ArgvError);
    expect(() => identifyCmd.readBurst('/dev/sdc', -1, 1)).toThrow(ArgvError);
  });
});
