import { readFileSync, readdirSync } from 'node:fs';
import { open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { mountTargetsOf, verifyOperands, type OperandFacts } from './argv.ts';
import type { CommandResult, CommandSpec, Host, HostActivity } from './host.ts';
import { HostError } from './host-error.ts';
import { HOST_MOUNT_NAMESPACE, hostNamespacePrefix } from './mount-namespace.ts';
import { spawnWithDeadline } from './spawn.ts';

/**
 * Every command runs with LC_ALL=C so that btrfs-progs, smartctl and util-linux print the output
 * our parsers know, whatever the admin's locale. PATH gains /usr/sbin and /sbin because btrfs,
 * losetup and smartctl live there on Debian while a service manager may give a short PATH.
 */
const COMMAND_ENV = {
  LC_ALL: 'C',
  LANG: 'C',
  PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin:/usr/local/sbin`,
};

/** Output beyond this is not something poolwatch parses; stop a runaway command from eating memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Default deadline of a read (CommandSpec.read): seconds, so a hung disk never stalls the watcher for long. */
export const DEFAULT_READ_DEADLINE_MS = 10_000;
/** Between SIGTERM and SIGKILL of a command's process group. */
export const DEFAULT_KILL_GRACE_MS = 2000;

export interface RealHostOptions {
  /** The mount namespace commands run in when it is not poolwatch's own (server/host/mount-namespace.ts). */
  hostMountNamespace?: string;
  /**
   * Only for tests that run a fake binary (fixtures/bin/smartctl) against made-up device paths
   * (`/dev/sda` on a machine without one): how device operands resolve. Everything else — builder-made
   * specs, operand form, mount points — is checked as always. Production never sets it.
   */
  testDevices?: Pick<OperandFacts, 'realPath' | 'isListedBlockDevice'>;
  /** The deadline of every read command (POOLWATCH_READ_DEADLINE_SECONDS); jobs keep their own. */
  readDeadlineMs?: number;
  /** Between SIGTERM and SIGKILL of a command's process group. */
  killGraceMs?: number;
  /**
   * The executable each command name runs (POOLWATCH_BTRFS: `{ btrfs: '/opt/btrfs-progs/bin/btrfs' }`);
   * names not in the map run from PATH. Errors and the audit still name the command (`btrfs …`).
   */
  executables?: Readonly<Record<string, string>>;
}

export class RealHost implements Host {
  private prefix: Promise<readonly string[]> | null = null;
  private readonly facts: OperandFacts;
  private readonly running = new Map<number, { argv: readonly string[]; startedAt: number }>();
  private started = 0;

  constructor(private readonly opts: RealHostOptions = {}) {
    this.facts = {
      realPath: opts.testDevices?.realPath ?? ((p) => this.realPath(p)),
      isListedBlockDevice: opts.testDevices?.isListedBlockDevice ?? isListedBlockDevice,
      // The mount table of the namespace commands run in: the host's when they go through nsenter.
      mountTargets: async () => mountTargetsOf((await this.readFile(await this.mountInfoPath())) ?? ''),
    };
  }

  /** `nsenter --mount=… --` when poolwatch runs in a private mount namespace (systemd hardening), else nothing. */
  commandPrefix(): Promise<readonly string[]> {
    this.prefix ??= hostNamespacePrefix(this.opts.hostMountNamespace ?? HOST_MOUNT_NAMESPACE);
    return this.prefix;
  }

  /** `/proc/self/mountinfo`, or the host namespace's (`/proc/1/mountinfo`) when commands run there. */
  private async mountInfoPath(): Promise<string> {
    if ((await this.commandPrefix()).length === 0) return '/proc/self/mountinfo';
    return `${dirname(dirname(this.opts.hostMountNamespace ?? HOST_MOUNT_NAMESPACE))}/mountinfo`;
  }

  async run(cmd: CommandSpec, opts: { signal?: AbortSignal } = {}): Promise<CommandResult> {
    // ADR 010: nothing spawns unless a builder made the spec and its operands check out now.
    await verifyOperands(cmd, this.facts);
    const executable = this.opts.executables?.[cmd.file] ?? cmd.file;
    const [first, ...rest] = [...(await this.commandPrefix()), executable, ...cmd.args] as [string, ...string[]];
    const deadlineMs = cmd.read ? this.opts.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS : cmd.timeoutMs;
    const id = ++this.started;
    // Real time on purpose (ADR 012): the host runs real processes and is built before the clock (server/main.ts).
    this.running.set(id, { argv: [cmd.file, ...cmd.args], startedAt: Date.now() });
    let result;
    try {
      result = await spawnWithDeadline(first, rest, {
        env: { ...process.env, ...COMMAND_ENV },
        deadlineMs,
        killGraceMs: this.opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        maxBufferBytes: MAX_OUTPUT_BYTES,
        signal: opts.signal,
        ...(cmd.leavesRunning ? { leavesRunning: true } : {}),
      });
    } finally {
      this.running.delete(id);
    }
    // Errors name the command itself (cmd), not the nsenter wrapper.
    const { stdout, stderr } = result;
    if (result.errno || result.timedOut || result.cancelled || result.overflow || result.exitCode === null) {
      throw new HostError(cmd, {
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        stderr: stderr || (result.cancelled ? 'cancelled' : result.overflow ? `more than ${MAX_OUTPUT_BYTES} bytes of output`
          : result.timedOut ? `no answer within ${formatMs(deadlineMs)}; its processes were killed`
            : result.signal ? `killed by ${result.signal}` : ''),
        stdout,
        errno: result.errno ?? undefined,
      });
    }
    const exitCode = result.exitCode;
    const ok = exitCode === 0 || cmd.okExitCodes === 'any' || (cmd.okExitCodes?.includes(exitCode) ?? false);
    if (!ok) {
      throw new HostError(cmd, { exitCode, timedOut: false, stderr, stdout });
    }
    return { stdout, stderr, exitCode };
  }

  activity(): HostActivity {
    return { started: this.started, running: [...this.running.values()].map((r) => ({ argv: r.argv, startedAt: r.startedAt })) };
  }

  async readFile(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  readNow(files: readonly string[], dirs: readonly string[]): { files: (string | null)[]; dirs: (string[] | null)[] } {
    return {
      files: files.map((f) => {
        try {
          return readFileSync(f, 'utf8');
        } catch {
          return null;
        }
      }),
      dirs: dirs.map((d) => {
        try {
          return readdirSync(d);
        } catch {
          return null;
        }
      }),
    };
  }

  async readHead(path: string, bytes: number): Promise<Buffer | null> {
    let fh;
    try {
      fh = await open(path, 'r');
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } catch {
      return null;
    } finally {
      await fh?.close().catch(() => undefined);
    }
  }

  async readDir(path: string): Promise<string[] | null> {
    try {
      return await readdir(path);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async realPath(path: string): Promise<string | null> {
    try {
      return await realpath(path);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }
}

/** A block device node directly under /dev whose kernel name /sys/class/block lists (what lsblk lists). */
async function isListedBlockDevice(real: string): Promise<boolean> {
  if (dirname(real) !== '/dev') return false;
  const st = await stat(real).catch(() => null);
  if (!st?.isBlockDevice()) return false;
  return (await stat(`/sys/class/block/${basename(real)}`).catch(() => null)) !== null;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENODEV' || code === 'ENXIO';
}
