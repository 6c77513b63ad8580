/**
 * The rules every argv poolwatch spawns obeys (ADR 010). The command builders (commands.ts,
 * job-commands.ts, smart-commands.ts) build every CommandSpec through `command()` here, so no
 * caller can skip them:
 *
 * - an operand never starts with `-` and never holds a control character, and `--` separates the
 *   options from the operands (every btrfs, mount, umount, wipefs, mkdir, blkid and smartctl
 *   subcommand poolwatch runs accepts it: checked on btrfs-progs 6.2, util-linux 2.38, smartctl 7.3);
 * - a device operand is an absolute, normalised `/dev/…` path; when the command runs, the host
 *   resolves it (realpath) and refuses it unless it is a block device the kernel lists;
 * - a mount point operand is an absolute, normalised path: one that must be mounted now (the host
 *   checks the mount table when the command runs), or a new one strictly under the managed root
 *   that nothing is mounted on;
 * - option values (mount options, profiles, smartctl device types) match what the builder allows;
 * - only specs made here run: Host implementations refuse any other (`assertBuilt`).
 *
 * A refusal is an ArgvError: nothing was spawned.
 */
import { posix } from 'node:path';
import type { CommandSpec } from './host.ts';

export class ArgvError extends Error {
  override readonly name = 'ArgvError';
  constructor(readonly operand: string, readonly reason: string) {
    super(`refused to run a command with ${JSON.stringify(operand.slice(0, 200))}: ${reason}`);
  }
}

/** What the host checks about an operand when the command runs (the builder checked its form). */
export type OperandCheck =
  | { readonly kind: 'device'; readonly path: string }
  | { readonly kind: 'mounted'; readonly path: string }
  | { readonly kind: 'new-mount-point'; readonly path: string; readonly root: string };

/** One operand of a command, made by the helpers below. */
export interface Operand {
  readonly value: string;
  readonly check: OperandCheck | null;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function plain(value: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new ArgvError(String(value), `${what} is empty`);
  if (value.startsWith('-')) throw new ArgvError(value, `${what} starts with "-" and would be read as an option`);
  if (CONTROL.test(value)) throw new ArgvError(value, `${what} holds a control character`);
  if (value.length > 4096) throw new ArgvError(value, `${what} is longer than 4096 characters`);
  return value;
}

/** An absolute path without `.`/`..` segments, doubled or trailing slashes. */
function normalisedPath(value: string, what: string): string {
  plain(value, what);
  if (!value.startsWith('/')) throw new ArgvError(value, `${what} is not an absolute path`);
  if (value === '/') throw new ArgvError(value, `${what} is the root directory`);
  if (posix.normalize(value) !== value || value.endsWith('/')) throw new ArgvError(value, `${what} is not a normalised path`);
  return value;
}

/** A device node: `/dev/…`; when the command runs, the host checks it is a block device the kernel lists. */
export function deviceOperand(path: string): Operand {
  normalisedPath(path, 'a device path');
  if (!path.startsWith('/dev/')) throw new ArgvError(path, 'a device path must lie under /dev/');
  return { value: path, check: { kind: 'device', path } };
}

/** The mount point of a mounted filesystem; the host checks the mount table when the command runs. */
export function mountedOperand(path: string): Operand {
  normalisedPath(path, 'a mount point');
  return { value: path, check: { kind: 'mounted', path } };
}

/**
 * `name=/dev/…` (dd's `if=`, ledctl's `locate=`): a device operand written as an assignment, the
 * device checked exactly as `deviceOperand` checks it.
 */
export function deviceAssignmentOperand(name: 'if' | 'locate' | 'locate_off', path: string): Operand {
  const device = deviceOperand(path);
  return { value: `${name}=${device.value}`, check: device.check };
}

/** A mount point poolwatch creates and mounts on: strictly under the managed root, not mounted on now. */
export function newMountPointOperand(path: string, root: string): Operand {
  normalisedPath(root, 'the mount root');
  normalisedPath(path, 'a mount point');
  if (!path.startsWith(`${root}/`)) throw new ArgvError(path, `a new mount point must lie under the mount root ${root}`);
  return { value: path, check: { kind: 'new-mount-point', path, root } };
}

/** A btrfs filesystem uuid in its canonical form. */
export function uuidOperand(uuid: string): Operand {
  if (!UUID.test(uuid)) throw new ArgvError(String(uuid), 'not a filesystem uuid (8-4-4-4-12 lowercase hex)');
  return { value: uuid, check: null };
}

/** A word or number the builder composed (`missing`, `3`, `2:max`); never an option. */
export function wordOperand(value: string): Operand {
  return { value: plain(value, 'an operand'), check: null };
}

/** A non-negative integer (devids, pids, sizes). */
export function integerText(n: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new ArgvError(String(n), `${what} must be a non-negative integer`);
  return String(n);
}

/** An option value the builder composed: checked against the builder's pattern. */
export function optionValue(value: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value) || CONTROL.test(value)) throw new ArgvError(String(value), `not a valid ${what}`);
  return value;
}

const BUILT = new WeakSet<CommandSpec>();

export interface CommandOptions {
  timeoutMs: number;
  /** A read: the host's read deadline applies (CommandSpec.read). */
  read?: boolean;
  okExitCodes?: readonly number[] | 'any';
  /** CommandSpec.leavesRunning. */
  leavesRunning?: boolean;
  /** False only for commands that take no operand separator (none so far take operands without it). */
  dashDash?: boolean;
}

/** `file options… -- operands…`, frozen, with the checks the host makes when it runs. */
export function command(file: string, options: readonly string[], operands: readonly Operand[], opts: CommandOptions): CommandSpec {
  for (const o of operands) {
    // An Operand made by hand (not by the helpers above) is checked all the same.
    if (o.check === null) plain(o.value, 'an operand');
  }
  const args = operands.length > 0 && opts.dashDash !== false
    ? [...options, '--', ...operands.map((o) => o.value)]
    : [...options, ...operands.map((o) => o.value)];
  const spec: CommandSpec = Object.freeze({
    file,
    args: Object.freeze(args),
    timeoutMs: opts.timeoutMs,
    ...(opts.read ? { read: true } : {}),
    ...(opts.okExitCodes !== undefined ? { okExitCodes: opts.okExitCodes } : {}),
    ...(opts.leavesRunning ? { leavesRunning: true } : {}),
    checks: Object.freeze(operands.flatMap((o) => (o.check ? [Object.freeze({ ...o.check })] : []))),
  });
  BUILT.add(spec);
  return spec;
}

/** Host implementations call this first: a CommandSpec not made by a builder never runs. */
export function assertBuilt(spec: CommandSpec): void {
  if (!BUILT.has(spec)) {
    throw new ArgvError([spec.file, ...(spec.args ?? [])].join(' '), 'this command was not made by a command builder (server/host/*commands.ts)');
  }
}

/** What the host needs to check operands when a command runs. */
export interface OperandFacts {
  /** Resolves symlinks; null when the path does not exist. */
  realPath(path: string): Promise<string | null>;
  /** True when the (resolved) path is a block device the kernel lists in /sys/class/block. */
  isListedBlockDevice(realPath: string): Promise<boolean>;
  /** Mount points of every filesystem mounted now (the mount table findmnt reads). */
  mountTargets(): Promise<ReadonlySet<string>>;
}

/** The checks made when a command runs; throws ArgvError before anything is spawned. */
export async function verifyOperands(spec: CommandSpec, facts: OperandFacts): Promise<void> {
  assertBuilt(spec);
  const checks = spec.checks ?? [];
  if (checks.length === 0) return;
  let mounts: ReadonlySet<string> | null = null;
  const mounted = async () => (mounts ??= await facts.mountTargets());
  for (const c of checks) {
    if (c.kind === 'device') {
      const real = await facts.realPath(c.path);
      if (real === null) throw new ArgvError(c.path, 'no such device');
      if (!real.startsWith('/dev/')) throw new ArgvError(c.path, `resolves to ${real}, outside /dev/`);
      if (!(await facts.isListedBlockDevice(real))) throw new ArgvError(c.path, `${real} is not a block device the kernel lists`);
    } else if (c.kind === 'mounted') {
      if (!(await mounted()).has(c.path)) throw new ArgvError(c.path, 'nothing is mounted there');
    } else if ((await mounted()).has(c.path)) {
      throw new ArgvError(c.path, 'a filesystem is already mounted there');
    }
  }
}

/** Mount points in /proc/self/mountinfo (field 5; spaces, tabs, newlines and backslashes octal-escaped). */
export function mountTargetsOf(mountinfo: string): Set<string> {
  const out = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const target = line.split(' ')[4];
    if (target) out.add(target.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}
