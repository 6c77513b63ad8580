import { command, deviceAssignmentOperand, deviceOperand, integerText, mountedOperand, uuidOperand, wordOperand } from './argv.ts';
import type { CommandSpec } from './host.ts';

/**
 * Typed builders for every command the inventory and the pre-flight checks run. argv arrays only,
 * built through argv.ts (operand rules, `--`); each has its own timeout because a failing disk can
 * make a read hang for minutes.
 */
const QUICK_MS = 15_000;
const SCAN_MS = 60_000;
/**
 * Reads: the host applies its read deadline (POOLWATCH_READ_DEADLINE_SECONDS, default 10 s) and
 * kills the command's process group after it, so one hung pool cannot hold up the others.
 */
const READ = { timeoutMs: QUICK_MS, read: true } as const;

export const cmd = {
  btrfsVersion: (): CommandSpec => command('btrfs', ['--version'], [], READ),
  /**
   * One pool's members, by its uuid (ADR 010): never `fi show` of every pool, whose labels are
   * printed raw between the lines a parser must read. Exit 0 even when devices are missing.
   */
  fiShowPool: (uuid: string): CommandSpec => command('btrfs', ['filesystem', 'show', '--raw'], [uuidOperand(uuid)], READ),
  /** `btrfs device scan` registers member devices (needed before a degraded mount). */
  deviceScan: (): CommandSpec => command('btrfs', ['device', 'scan'], [], { timeoutMs: SCAN_MS }),
  /** JSON device stats; `-c` sets exit bit 64 when any counter is non-zero (data, not failure). */
  deviceStatsJson: (mountPoint: string): CommandSpec =>
    command('btrfs', ['--format', 'json', 'device', 'stats', '-c'], [mountedOperand(mountPoint)], { ...READ, okExitCodes: [64] }),
  fiUsage: (mountPoint: string): CommandSpec => command('btrfs', ['filesystem', 'usage', '-T', '-b'], [mountedOperand(mountPoint)], READ),
  deviceUsage: (mountPoint: string): CommandSpec => command('btrfs', ['device', 'usage', '-b'], [mountedOperand(mountPoint)], READ),
  /** Reads profiles of an unmounted pool straight from the chunk tree (no mount needed). */
  dumpChunkTree: (devicePath: string): CommandSpec =>
    command('btrfs', ['inspect-internal', 'dump-tree', '-t', 'chunk'], [deviceOperand(devicePath)], READ),
  /**
   * Every mounted filesystem (btrfs ones are the pools' mounts; all of them are mount points in use,
   * which a new mount must avoid). Run in the host's mount namespace, like every command.
   */
  findmnt: (): CommandSpec => command('findmnt', ['-J', '-o', 'SOURCE,TARGET,FSTYPE,OPTIONS,UUID'], [], {
    ...READ,
    // findmnt exits 1 when nothing matches.
    okExitCodes: [1],
  }),
  lsblk: (): CommandSpec => command('lsblk', ['-J', '-b', '-O'], [], READ),
  /**
   * Filesystem signature of one device, read from the device (not udev's database, which machines
   * without udevd lack). The udev form prints one `KEY=value` per line with the label `\xNN`-encoded
   * (ID_FS_LABEL_ENC), so no label can break a line.
   */
  blkidProbe: (devicePath: string): CommandSpec => command('blkid', ['-p', '-o', 'udev'], [deviceOperand(devicePath)], {
    ...READ,
    // 2: no signature found (the device is blank). 8: ambivalent probe result.
    okExitCodes: [2, 8],
  }),
  /**
   * The raw label, for the rare label whose encoded form blkid cut short (its udev output stops at
   * 264 characters): printed unencoded and followed by one newline, the only thing on stdout.
   */
  blkidLabel: (devicePath: string): CommandSpec => command('blkid', ['-p', '-o', 'value', '-s', 'LABEL'], [deviceOperand(devicePath)], {
    ...READ, okExitCodes: [2],
  }),
} as const;

/**
 * Identify a disk (ADR 024): the enclosure's locate LED through ledctl, or a burst of direct reads
 * whose activity the disk's LED shows. Reads and LED requests only: nothing here writes to a disk.
 */
export const identifyCmd = {
  /** `ledctl -- locate=<dev>`: lights the slot's locate LED (ledmon; needs an enclosure it knows). */
  ledLocate: (device: string): CommandSpec => command('ledctl', [], [deviceAssignmentOperand('locate', device)], { timeoutMs: QUICK_MS }),
  /** `ledctl -- locate_off=<dev>`: switches it off again. */
  ledLocateOff: (device: string): CommandSpec => command('ledctl', [], [deviceAssignmentOperand('locate_off', device)], { timeoutMs: QUICK_MS }),
  /**
   * `dd -- if=<dev> of=/dev/null bs=1M count=<n> skip=<offset> iflag=direct status=none`: reads
   * `countMiB` MiB at `skipMiB`, bypassing the page cache so the disk itself is read.
   */
  readBurst: (device: string, skipMiB: number, countMiB: number): CommandSpec => command('dd', [], [
    deviceAssignmentOperand('if', device),
    wordOperand('of=/dev/null'),
    wordOperand('bs=1M'),
    wordOperand(`count=${integerText(countMiB, 'the burst size')}`),
    wordOperand(`skip=${integerText(skipMiB, 'the read offset')}`),
    wordOperand('iflag=direct'),
    wordOperand('status=none'),
  ], { timeoutMs: QUICK_MS, read: true }),
} as const;
