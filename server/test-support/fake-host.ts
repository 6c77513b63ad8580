import { ArgvError, assertBuilt, mountTargetsOf, verifyOperands, type OperandFacts } from '../host/argv.ts';
import type { CommandResult, CommandSpec, Host, HostActivity } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import type { HostRecording } from './recording-host.ts';

export interface PlannedCommand {
  file: string;
  args: readonly string[];
  result: CommandResult | { throws: HostError | ArgvError };
}

/**
 * The machine FakeHost checks operands against (ADR 010). Without it, FakeHost still refuses specs
 * no builder made; with it, device operands must resolve (links) to one of `blockDevices` and mount
 * point operands are checked against `/proc/self/mountinfo` from the planned files.
 */
export interface FakeMachine {
  blockDevices: readonly string[];
}

/**
 * A strict fake for unit tests: it answers only the commands and files it was given, and fails
 * loudly on anything unplanned, so a test cannot pass by accident on a command it did not expect.
 */
export class FakeHost implements Host {
  readonly calls: string[] = [];
  /** Every path read with readFile, in order (planned or not). */
  readonly reads: string[] = [];
  constructor(
    private readonly commands: PlannedCommand[],
    private readonly files: Record<string, string> = {},
    private readonly dirs: Record<string, string[]> = {},
    private readonly links: Record<string, string> = {},
    private readonly machine: FakeMachine | null = null,
  ) {}

  private operandFacts(): OperandFacts | null {
    const machine = this.machine;
    if (!machine) return null;
    return {
      realPath: async (p) => this.links[p] ?? (machine.blockDevices.includes(p) ? p : null),
      isListedBlockDevice: async (p) => machine.blockDevices.includes(p),
      mountTargets: async () => mountTargetsOf(this.files['/proc/self/mountinfo'] ?? ''),
    };
  }

  /** Replays what a RecordingHost saw on a real machine. */
  static fromRecording(rec: HostRecording): FakeHost {
    return new FakeHost(
      rec.commands.map((c) => ({
        file: c.file,
        args: c.args,
        result: 'hostError' in c.result
          ? { throws: new HostError({ file: c.file, args: c.args }, { exitCode: c.result.hostError.exitCode, timedOut: false, stderr: c.result.hostError.stderr }) }
          : 'argvError' in c.result
            ? { throws: new ArgvError(c.result.argvError.operand, c.result.argvError.reason) }
            : c.result,
      })),
      rec.files, rec.dirs, rec.links,
    );
  }

  async run(cmd: CommandSpec): Promise<CommandResult> {
    const facts = this.operandFacts();
    if (facts) await verifyOperands(cmd, facts);
    else assertBuilt(cmd);
    const argv = [cmd.file, ...cmd.args].join(' ');
    this.calls.push(argv);
    const planned = this.commands.find((c) => c.file === cmd.file && c.args.join(' ') === cmd.args.join(' '));
    if (!planned) throw new Error(`FakeHost: unplanned command \`${argv}\``);
    if ('throws' in planned.result) throw planned.result.throws;
    const r = planned.result;
    const ok = r.exitCode === 0 || cmd.okExitCodes === 'any' || (cmd.okExitCodes?.includes(r.exitCode) ?? false);
    if (!ok) throw new HostError(cmd, { exitCode: r.exitCode, timedOut: false, stderr: r.stderr, stdout: r.stdout });
    return r;
  }

  async readFile(path: string): Promise<string | null> {
    this.reads.push(path);
    return this.files[path] ?? null;
  }

  async readDir(path: string): Promise<string[] | null> {
    return this.dirs[path] ?? null;
  }

  async realPath(path: string): Promise<string | null> {
    return this.links[path] ?? (path in this.files ? path : null);
  }

  readNow(files: readonly string[], dirs: readonly string[]): { files: (string | null)[]; dirs: (string[] | null)[] } {
    this.reads.push(...files);
    return { files: files.map((f) => this.files[f] ?? null), dirs: dirs.map((d) => this.dirs[d] ?? null) };
  }

  /** Device contents: what `heads` holds for the path (tests of the watcher's signature probe), else unreadable. */
  readonly heads: Record<string, Buffer> = {};
  async readHead(path: string, bytes: number): Promise<Buffer | null> {
    return this.heads[path]?.subarray(0, bytes) ?? null;
  }

  /** FakeHost answers at once: nothing is ever running. */
  activity(): HostActivity {
    return { started: this.calls.length, running: [] };
  }
}
