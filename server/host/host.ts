/**
 * The seam between poolwatch and the machine. Only server/host/ implements it (execa + fs);
 * unit tests use FakeHost (answers planned commands from fixtures, fails on anything unplanned).
 */
import type { OperandCheck } from './argv.ts';

export interface CommandSpec {
  /** Executable name or absolute path, e.g. `btrfs`. */
  readonly file: string;
  /** argv, never a shell string. */
  readonly args: readonly string[];
  /** Per-command timeout; a failing disk can hang a command. */
  readonly timeoutMs: number;
  /**
   * Exit codes that are data rather than failure (e.g. `btrfs device stats -c` sets bit 64,
   * `smartctl` returns a bit mask). Any other non-zero exit raises HostError.
   */
  readonly okExitCodes?: readonly number[] | 'any';
  /** What the host checks about the operands before it spawns (set by the builders, argv.ts). */
  readonly checks?: readonly OperandCheck[];
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface Host {
  run(cmd: CommandSpec, opts?: { signal?: AbortSignal }): Promise<CommandResult>;
  /** Reads a small text file (sysfs, procfs). Resolves null when the file does not exist. */
  readFile(path: string): Promise<string | null>;
  /** Lists a directory's entries. Resolves null when the directory does not exist. */
  readDir(path: string): Promise<string[] | null>;
  /** Resolves a symlink to its absolute target. Resolves null when it does not exist. */
  realPath(path: string): Promise<string | null>;
}
