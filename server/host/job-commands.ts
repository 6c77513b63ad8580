import type { CommandSpec } from './host.ts';

/**
 * Typed builders for the commands maintenance jobs run: argv arrays only. Long operations are
 * started so that they outlive poolwatch (replace without -B, balance --bg, scrub in its default
 * background mode) and are then followed through their status commands.
 */

const QUICK_MS = 15_000;
/** mount/umount/wipefs: a failing disk can stall them, but not for this long. */
const DEVICE_MS = 5 * 60_000;
/** `replace start` and `device add` discard (TRIM) the whole new disk before they return. */
const START_MS = 15 * 60_000;
/** `balance pause|cancel` wait until the chunk being moved is done; chunks can be GiBs on slow disks. */
const WAIT_CHUNK_MS = 2 * 60 * 60_000;
/**
 * Commands that run as long as the operation itself (device remove, shrink, balance resume).
 * A timeout would kill them, and btrfs treats that as a cancel; this only guards against a hang.
 */
const OPERATION_MS = 7 * 24 * 60 * 60_000;

export type Size = 'max' | number;

export const jobCmd = {
  mkdirP: (path: string): CommandSpec => ({ file: 'mkdir', args: ['-p', path], timeoutMs: QUICK_MS }),
  /** `mount -t btrfs [-o opts] <device> <mnt>`. */
  mount: (device: string, mountPoint: string, options: readonly string[]): CommandSpec => ({
    file: 'mount',
    args: ['-t', 'btrfs', ...(options.length > 0 ? ['-o', options.join(',')] : []), device, mountPoint],
    timeoutMs: DEVICE_MS,
  }),
  /** `mount -o remount,<opts> <mnt>`: e.g. ro → rw,degraded. */
  remount: (mountPoint: string, options: readonly string[]): CommandSpec => ({
    file: 'mount', args: ['-o', ['remount', ...options].join(','), mountPoint], timeoutMs: DEVICE_MS,
  }),
  umount: (mountPoint: string): CommandSpec => ({ file: 'umount', args: [mountPoint], timeoutMs: DEVICE_MS }),
  /** Erases every filesystem/partition-table signature on the device (admin-confirmed only). */
  wipefs: (device: string): CommandSpec => ({ file: 'wipefs', args: ['-a', device], timeoutMs: DEVICE_MS }),

  /** Without -B btrfs-progs forks and the kernel replace outlives this process (and poolwatch). */
  replaceStart: (o: { devid: number; targetPath: string; mountPoint: string; readFromOtherMirrors: boolean }): CommandSpec => ({
    file: 'btrfs',
    args: ['replace', 'start', ...(o.readFromOtherMirrors ? ['-r'] : []), String(o.devid), o.targetPath, o.mountPoint],
    timeoutMs: START_MS,
  }),
  replaceStatus: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['replace', 'status', '-1', mountPoint], timeoutMs: QUICK_MS }),
  replaceCancel: (mountPoint: string): CommandSpec => ({
    // Exit 2 with "not started" when nothing runs: the job then reads the status anyway.
    file: 'btrfs', args: ['replace', 'cancel', mountPoint], timeoutMs: WAIT_CHUNK_MS, okExitCodes: [2],
  }),

  /** `balance start --bg`: a foreground balance is cancelled when its process dies. */
  balanceStart: (mountPoint: string, mode: { convert: { data: string; metadata: string } } | 'full'): CommandSpec => ({
    file: 'btrfs',
    args: [
      'balance', 'start', '--bg',
      ...(mode === 'full' ? ['--full-balance'] : [`-dconvert=${mode.convert.data},soft`, `-mconvert=${mode.convert.metadata},soft`]),
      mountPoint,
    ],
    timeoutMs: START_MS,
  }),
  /** Exit 1 while a balance runs or is paused, 0 when there is none. */
  balanceStatus: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['balance', 'status', mountPoint], timeoutMs: QUICK_MS, okExitCodes: [1] }),
  balancePause: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['balance', 'pause', mountPoint], timeoutMs: WAIT_CHUNK_MS }),
  balanceCancel: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['balance', 'cancel', mountPoint], timeoutMs: WAIT_CHUNK_MS }),
  /** Runs in the foreground until the balance ends (btrfs-progs 6.2 has no --bg for resume). */
  balanceResume: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['balance', 'resume', mountPoint], timeoutMs: OPERATION_MS }),

  /**
   * Backgrounds by default: the scrub outlives this process. On a read-only mount it must be `-r`
   * (report only): without it the kernel aborts the scrub at once and `scrub start` still exits 0.
   */
  scrubStart: (mountPoint: string, readOnly: boolean): CommandSpec => ({
    file: 'btrfs', args: ['scrub', 'start', ...(readOnly ? ['-r'] : []), mountPoint], timeoutMs: START_MS,
  }),
  scrubResume: (mountPoint: string, readOnly: boolean): CommandSpec => ({
    file: 'btrfs', args: ['scrub', 'resume', ...(readOnly ? ['-r'] : []), mountPoint], timeoutMs: START_MS,
  }),
  scrubCancel: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['scrub', 'cancel', mountPoint], timeoutMs: WAIT_CHUNK_MS }),
  /** Human form: has percent, time left and the error summary. */
  scrubStatus: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['scrub', 'status', mountPoint], timeoutMs: QUICK_MS }),
  /** Raw counters (-R): exact error figures for the result. */
  scrubStatusRaw: (mountPoint: string): CommandSpec => ({ file: 'btrfs', args: ['scrub', 'status', '-R', mountPoint], timeoutMs: QUICK_MS }),

  deviceAdd: (devicePaths: readonly string[], mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['device', 'add', ...devicePaths, mountPoint], timeoutMs: START_MS,
  }),
  /**
   * Synchronous: runs until every chunk has moved off the member. `devid` or `missing`.
   */
  deviceRemove: (which: number | 'missing', mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['device', 'remove', String(which), mountPoint], timeoutMs: OPERATION_MS,
  }),
  deviceRemoveCancel: (mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['device', 'remove', 'cancel', mountPoint], timeoutMs: WAIT_CHUNK_MS,
  }),
  /** `filesystem resize <devid>:<bytes|max>`; a shrink moves chunks and can take long. */
  resize: (devid: number, size: Size, mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['filesystem', 'resize', `${devid}:${size}`, mountPoint], timeoutMs: OPERATION_MS,
  }),
  /** Prints every counter (JSON, with devids) and zeroes them in the same ioctl. */
  deviceStatsReset: (mountPoint: string): CommandSpec => ({
    file: 'btrfs', args: ['--format', 'json', 'device', 'stats', '-z', mountPoint], timeoutMs: QUICK_MS,
  }),
  /** Kernel log: the reason a backgrounded btrfs operation failed is only written there. */
  dmesg: (): CommandSpec => ({ file: 'dmesg', args: [], timeoutMs: QUICK_MS }),
} as const;
