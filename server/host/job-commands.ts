import { PROFILES } from '../../contracts/api.ts';
import { command, deviceOperand, integerText, mountedOperand, newMountPointOperand, optionValue, wordOperand } from './argv.ts';
import type { CommandSpec } from './host.ts';

/**
 * Typed builders for the commands maintenance jobs run: argv arrays only, built through argv.ts
 * (operand rules, `--`). Long operations are started so that they outlive poolwatch (replace
 * without -B, balance --bg, scrub in its default background mode) and are then followed through
 * their status commands.
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

/** One mount option: `ro`, `degraded`, `subvol=…`-style `name=value` with a plain value. */
const MOUNT_OPTION = /^[a-z][a-z0-9_]*(=[A-Za-z0-9_.:/@+-]+)?$/;
const mountOptions = (options: readonly string[]): string => options.map((o) => optionValue(o, MOUNT_OPTION, 'mount option')).join(',');
const PROFILE = new RegExp(`^(${PROFILES.join('|')})$`);

export const jobCmd = {
  /** Creates a new mount point under the managed root (ADR 010: never elsewhere, never on a mounted one). */
  mkdirMountPoint: (path: string, root: string): CommandSpec => command('mkdir', ['-p'], [newMountPointOperand(path, root)], { timeoutMs: QUICK_MS }),
  /** `mount -t btrfs [-o opts] -- <device> <mnt>`: `mnt` under the managed root, not mounted on now. */
  mount: (device: string, mountPoint: string, options: readonly string[], root: string): CommandSpec => command(
    'mount',
    ['-t', 'btrfs', ...(options.length > 0 ? ['-o', mountOptions(options)] : [])],
    [deviceOperand(device), newMountPointOperand(mountPoint, root)],
    { timeoutMs: DEVICE_MS },
  ),
  /** `mount -o remount,<opts> -- <mnt>`: e.g. ro → rw,degraded. */
  remount: (mountPoint: string, options: readonly string[]): CommandSpec =>
    command('mount', ['-o', mountOptions(['remount', ...options])], [mountedOperand(mountPoint)], { timeoutMs: DEVICE_MS }),
  umount: (mountPoint: string): CommandSpec => command('umount', [], [mountedOperand(mountPoint)], { timeoutMs: DEVICE_MS }),
  /** Erases every filesystem/partition-table signature on the device (admin-confirmed only). */
  wipefs: (device: string): CommandSpec => command('wipefs', ['-a'], [deviceOperand(device)], { timeoutMs: DEVICE_MS }),
  /** What `wipefs -a` would erase, without erasing anything: the dry-run preview and the read-back after a wipe. */
  wipefsPreview: (device: string): CommandSpec => command('wipefs', ['--no-act', '-a'], [deviceOperand(device)], { timeoutMs: QUICK_MS, read: true }),

  /** Without -B btrfs-progs forks and the kernel replace outlives this process (and poolwatch). */
  replaceStart: (o: { devid: number; targetPath: string; mountPoint: string; readFromOtherMirrors: boolean }): CommandSpec => command(
    'btrfs',
    ['replace', 'start', ...(o.readFromOtherMirrors ? ['-r'] : [])],
    [wordOperand(integerText(o.devid, 'devid')), deviceOperand(o.targetPath), mountedOperand(o.mountPoint)],
    { timeoutMs: START_MS },
  ),
  replaceStatus: (mountPoint: string): CommandSpec => command('btrfs', ['replace', 'status', '-1'], [mountedOperand(mountPoint)], { timeoutMs: QUICK_MS, read: true }),
  replaceCancel: (mountPoint: string): CommandSpec =>
    // Exit 2 with "not started" when nothing runs: the job then reads the status anyway.
    command('btrfs', ['replace', 'cancel'], [mountedOperand(mountPoint)], { timeoutMs: WAIT_CHUNK_MS, okExitCodes: [2] }),

  /** `balance start --bg`: a foreground balance is cancelled when its process dies. */
  balanceStart: (mountPoint: string, mode: { convert: { data: string; metadata: string } } | 'full'): CommandSpec => command(
    'btrfs',
    [
      'balance', 'start', '--bg',
      ...(mode === 'full'
        ? ['--full-balance']
        : [`-dconvert=${optionValue(mode.convert.data, PROFILE, 'profile')},soft`, `-mconvert=${optionValue(mode.convert.metadata, PROFILE, 'profile')},soft`]),
    ],
    [mountedOperand(mountPoint)],
    { timeoutMs: START_MS },
  ),
  /**
   * Moves the metadata (and system) block groups in the foreground: run before a remove when the
   * space verdict says metadata must move first (docs/recovery-space.md). Exit 1 on ENOSPC.
   */
  balanceMetadata: (mountPoint: string): CommandSpec => command('btrfs', ['balance', 'start', '-m'], [mountedOperand(mountPoint)], { timeoutMs: OPERATION_MS }),
    /** Exit 1 while a balance runs or is paused, 0 when there is none. */
  balanceStatus: (mountPoint: string): CommandSpec => command('btrfs', ['balance', 'status'], [mountedOperand(mountPoint)], { timeoutMs: QUICK_MS, read: true, okExitCodes: [1] }),
  balancePause: (mountPoint: string): CommandSpec => command('btrfs', ['balance', 'pause'], [mountedOperand(mountPoint)], { timeoutMs: WAIT_CHUNK_MS }),
  balanceCancel: (mountPoint: string): CommandSpec => command('btrfs', ['balance', 'cancel'], [mountedOperand(mountPoint)], { timeoutMs: WAIT_CHUNK_MS }),
  /** Runs in the foreground until the balance ends (btrfs-progs 6.2 has no --bg for resume). */
  balanceResume: (mountPoint: string): CommandSpec => command('btrfs', ['balance', 'resume'], [mountedOperand(mountPoint)], { timeoutMs: OPERATION_MS }),

  /**
   * Backgrounds by default: the scrub outlives this process. On a read-only mount it must be `-r`
   * (report only): without it the kernel aborts the scrub at once and `scrub start` still exits 0.
   * The forked scrub process keeps the command's stdout and writes the status file that `scrub
   * status` and `scrub resume` read: it must be left running (leavesRunning), or the scrub dies
   * with it and leaves no result behind.
   */
  scrubStart: (mountPoint: string, readOnly: boolean): CommandSpec =>
    command('btrfs', ['scrub', 'start', ...(readOnly ? ['-r'] : [])], [mountedOperand(mountPoint)], { timeoutMs: START_MS, leavesRunning: true }),
  scrubResume: (mountPoint: string, readOnly: boolean): CommandSpec =>
    command('btrfs', ['scrub', 'resume', ...(readOnly ? ['-r'] : [])], [mountedOperand(mountPoint)], { timeoutMs: START_MS, leavesRunning: true }),
  scrubCancel: (mountPoint: string): CommandSpec => command('btrfs', ['scrub', 'cancel'], [mountedOperand(mountPoint)], { timeoutMs: WAIT_CHUNK_MS }),
  /** Human form: has percent, time left and the error summary. */
  scrubStatus: (mountPoint: string): CommandSpec => command('btrfs', ['scrub', 'status'], [mountedOperand(mountPoint)], { timeoutMs: QUICK_MS, read: true }),
  /** Raw counters (-R): exact error figures for the result. */
  scrubStatusRaw: (mountPoint: string): CommandSpec => command('btrfs', ['scrub', 'status', '-R'], [mountedOperand(mountPoint)], { timeoutMs: QUICK_MS, read: true }),

  deviceAdd: (devicePaths: readonly string[], mountPoint: string): CommandSpec =>
    command('btrfs', ['device', 'add'], [...devicePaths.map(deviceOperand), mountedOperand(mountPoint)], { timeoutMs: START_MS }),
  /**
   * Synchronous: runs until every chunk has moved off the member. `devid` or `missing`.
   */
  deviceRemove: (which: number | 'missing', mountPoint: string): CommandSpec => command(
    'btrfs', ['device', 'remove'],
    [wordOperand(which === 'missing' ? 'missing' : integerText(which, 'devid')), mountedOperand(mountPoint)],
    { timeoutMs: OPERATION_MS },
  ),
  deviceRemoveCancel: (mountPoint: string): CommandSpec =>
    command('btrfs', ['device', 'remove'], [wordOperand('cancel'), mountedOperand(mountPoint)], { timeoutMs: WAIT_CHUNK_MS }),
  /** `filesystem resize <devid>:<bytes|max>`; a shrink moves chunks and can take long. */
  resize: (devid: number, size: Size, mountPoint: string): CommandSpec => command(
    'btrfs', ['filesystem', 'resize'],
    [wordOperand(`${integerText(devid, 'devid')}:${size === 'max' ? 'max' : integerText(size, 'size')}`), mountedOperand(mountPoint)],
    { timeoutMs: OPERATION_MS },
  ),
  /** Prints every counter (JSON, with devids) and zeroes them in the same ioctl. */
  deviceStatsReset: (mountPoint: string): CommandSpec =>
    command('btrfs', ['--format', 'json', 'device', 'stats', '-z'], [mountedOperand(mountPoint)], { timeoutMs: QUICK_MS }),
  /** Kernel log: the reason a backgrounded btrfs operation failed is only written there. */
  dmesg: (): CommandSpec => command('dmesg', [], [], { timeoutMs: QUICK_MS }),
  /** The same with wall-clock times, so a line can be tied to a job that started at a known time. */
  kernelLog: (): CommandSpec => command('dmesg', ['--time-format', 'iso'], [], { timeoutMs: QUICK_MS }),
} as const;
