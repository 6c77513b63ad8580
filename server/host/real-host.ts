import { execa } from 'execa';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { mountTargetsOf, verifyOperands, type OperandFacts } from './argv.ts';
import type { CommandResult, CommandSpec, Host } from './host.ts';
import { HostError } from './host-error.ts';
import { HOST_MOUNT_NAMESPACE, hostNamespacePrefix } from './mount-namespace.ts';

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

export interface RealHostOptions {
  /** The mount namespace commands run in when it is not poolwatch's own (server/host/mount-namespace.ts). */
  hostMountNamespace?: string;
  /**
   * Only for tests that run a fake binary (fixtures/bin/smartctl) against made-up device paths
   * (`/dev/sda` on a machine without one): how device operands resolve. Everything else — builder-made
   * specs, operand form, mount points — is checked as always. Production never sets it.
   */
  testDevices?: Pick<OperandFacts, 'realPath' | 'isListedBlockDevice'>;
}

export class RealHost implements Host {
  private prefix: Promise<readonly string[]> | null = null;
  private readonly facts: OperandFacts;

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
    const [first, ...rest] = [...(await this.commandPrefix()), cmd.file, ...cmd.args] as [string, ...string[]];
    // Errors name the command itself (cmd), not the nsenter wrapper.
    const result = await execa(first, rest, {
      env: COMMAND_ENV,
      extendEnv: true,
      timeout: cmd.timeoutMs,
      cancelSignal: opts.signal,
      reject: false,
      stdin: 'ignore',
      stripFinalNewline: false,
      maxBuffer: MAX_OUTPUT_BYTES,
      forceKillAfterDelay: 2000,
    });
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    const errno = (result as { code?: string }).code;
    if (result.failed && (result.exitCode === undefined || result.timedOut || result.isCanceled)) {
      throw new HostError(cmd, {
        exitCode: result.exitCode ?? null,
        timedOut: Boolean(result.timedOut),
        stderr: stderr || (result.isCanceled ? 'cancelled' : result.shortMessage ?? ''),
        stdout,
        errno: errno && /^E[A-Z]+$/.test(errno) ? errno : undefined,
      }, { cause: result.cause });
    }
    const exitCode = result.exitCode ?? 0;
    const ok = exitCode === 0 || cmd.okExitCodes === 'any' || (cmd.okExitCodes?.includes(exitCode) ?? false);
    if (!ok) {
      throw new HostError(cmd, { exitCode, timedOut: false, stderr, stdout });
    }
    return { stdout, stderr, exitCode };
  }

  async readFile(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
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

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENODEV' || code === 'ENXIO';
}
