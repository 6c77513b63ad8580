import type { CommandSpec } from './host.ts';

/**
 * Typed builders for every command poolwatch runs. argv arrays only; each has its own timeout
 * because a failing disk can make a read hang for minutes.
 */
const QUICK_MS = 15_000;
const SCAN_MS = 60_000;
/** Per-pool reads in the watcher's scan: short, so one busy pool cannot hold up the others. */
const PER_POOL_MS = 5_000;

export const cmd = {
  btrfsVersion: (): CommandSpec => ({ file: 'btrfs', args: ['--version'], timeoutMs: QUICK_MS }),
  /** All pools btrfs can see, mounted or not. Exit 0 even when devices are missing. */
  fiShow: (): CommandSpec => ({ file: 'btrfs', args: ['filesystem', 'show', '--raw'], timeoutMs: SCAN_MS }),
  /** `btrfs device scan` registers member devices (needed before a degraded mount). */
  deviceScan: (): CommandSpec => ({ file: 'btrfs', args: ['device', 'scan'], timeoutMs: SCAN_MS }),
  /** JSON device stats; `-c` sets exit bit 64 when any counter is non-zero (data, not failure). */
  deviceStatsJson: (mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['--format', 'json', 'device', 'stats', '-c', mountPoint], timeoutMs: QUICK_MS, okExitCodes: [64],
  }),
  deviceStatsText: (target: string): CommandSpec => ({
    file: 'btrfs', args: ['device', 'stats', '-c', target], timeoutMs: QUICK_MS, okExitCodes: [64],
  }),
  fiUsage: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['filesystem', 'usage', '-T', '-b', mountPoint], timeoutMs: QUICK_MS }),
  fiDf: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['filesystem', 'df', '-b', mountPoint], timeoutMs: QUICK_MS }),
  deviceUsage: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['device', 'usage', '-b', mountPoint], timeoutMs: PER_POOL_MS }),
  /** Reads profiles of an unmounted pool straight from the chunk tree (no mount needed). */
  dumpChunkTree: (devicePath: string): CommandSpec => ({
    file: 'btrfs', args: ['inspect-internal', 'dump-tree', '-t', 'chunk', devicePath], timeoutMs: PER_POOL_MS,
  }),
  findmntBtrfs: (): CommandSpec => ({
    file: 'findmnt', args: ['-J', '-t', 'btrfs', '-o', 'SOURCE,TARGET,FSTYPE,OPTIONS,UUID'], timeoutMs: QUICK_MS,
    // findmnt exits 1 when nothing matches: that is "no btrfs mounts", not a failure.
    okExitCodes: [1],
  }),
  lsblk: (): CommandSpec => ({ file: 'lsblk', args: ['-J', '-b', '-O'], timeoutMs: QUICK_MS }),
  /** Filesystem signatures without udev: lsblk's FSTYPE is empty on machines without udevd. */
  blkidProbe: (devicePath: string): CommandSpec => ({
    file: 'blkid', args: ['-p', '-o', 'export', devicePath], timeoutMs: QUICK_MS,
    // 2: no signature found (the device is blank). 8: ambivalent probe result.
    okExitCodes: [2, 8],
  }),
  losetupList: (): CommandSpec => ({ file: 'losetup', args: ['--list', '--json', '--output', 'NAME,BACK-FILE'], timeoutMs: QUICK_MS }),
} as const;
