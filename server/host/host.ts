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
  /**
   * Per-command deadline: after it, the command's whole process group is killed and the run fails
   * with `timedOut` (a failing disk can hang a command). Ignored for reads (below).
   */
  readonly timeoutMs: number;
  /**
   * A read the watcher or a status poll makes: its deadline is the host's read deadline
   * (POOLWATCH_READ_DEADLINE_SECONDS, seconds), not timeoutMs.
   */
  readonly read?: boolean;
  /**
   * Exit codes that are data rather than failure (e.g. `btrfs device stats -c` sets bit 64,
   * `smartctl` returns a bit mask). Any other non-zero exit raises HostError.
   */
  readonly okExitCodes?: readonly number[] | 'any';
  /**
   * The command forks the operation's own process and exits while that process carries on holding
   * the stdout/stderr it inherited (`btrfs scrub start` without -B keeps them until the scrub ends,
   * and only that process writes the scrub's status file). Its output goes to files, not pipes, and
   * nothing is killed once the command exited: the operation is followed and stopped through its
   * own status and cancel commands.
   */
  readonly leavesRunning?: boolean;
  /** What the host checks about the operands before it spawns (set by the builders, argv.ts). */
  readonly checks?: readonly OperandCheck[];
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** What the host is running now, and how many commands it started (the benchmark counts them). */
export interface HostActivity {
  started: number;
  /** Commands running now, oldest first: argv as built (command name, not the executable's path). */
  running: { argv: readonly string[]; startedAt: number }[];
}

export interface Host {
  run(cmd: CommandSpec, opts?: { signal?: AbortSignal }): Promise<CommandResult>;
  /** Reads a small text file (sysfs, procfs). Resolves null when the file does not exist. */
  readFile(path: string): Promise<string | null>;
  /** Lists a directory's entries. Resolves null when the directory does not exist. */
  readDir(path: string): Promise<string[] | null>;
  /** Resolves a symlink to its absolute target. Resolves null when it does not exist. */
  realPath(path: string): Promise<string | null>;
  /**
   * Reads many small kernel files (sysfs, procfs) and directory listings at once, synchronously:
   * they answer from kernel memory in microseconds, and one call per watcher tick costs far less
   * than a promise per file. Null for what does not exist or cannot be read. Never for devices or
   * regular files (those use readFile / readHead).
   */
  readNow(files: readonly string[], dirs: readonly string[]): { files: (string | null)[]; dirs: (string[] | null)[] };
  /** The first `bytes` bytes of a block device (a filesystem signature), or null when it cannot be read. */
  readHead(path: string, bytes: number): Promise<Buffer | null>;
  /** Commands running now and started so far. */
  activity(): HostActivity;
}
