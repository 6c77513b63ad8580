/**
 * A host for property tests over the whole app (server/http/fuzz.test.ts): it replays a recorded
 * machine, answers every other command as a failing one (exit 1, like a btrfs that refuses), and
 * writes down every command that would have been spawned. A command no builder made, or one with
 * an operand that starts with `-`, holds a control character or names a device outside /dev/, is a
 * violation: it is refused (as RealHost would) and kept in `violations` for the test to fail on.
 */
import { ArgvError, assertBuilt, mountTargetsOf, verifyOperands, type OperandFacts } from '../host/argv.ts';
import type { CommandResult, CommandSpec, Host, HostActivity } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import type { HostRecording } from './recording-host.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The stderr of a command this host does not know (what a 503 `host-error` answer then quotes). */
export const NOT_ON_THIS_MACHINE = 'ERROR: not available on this machine (fuzz test host)';

export class GuardedHost implements Host {
  /** argv of every command that passed the checks and would have been spawned, in order. */
  readonly spawned: string[][] = [];
  /** What no request may ever cause; the test fails when this is not empty. */
  readonly violations: string[] = [];
  private readonly facts: OperandFacts;

  constructor(private readonly rec: HostRecording) {
    const blockDevices = new Set((rec.dirs['/sys/class/block'] ?? []).map((n) => `/dev/${n}`));
    this.facts = {
      realPath: async (p) => rec.links[p] ?? (blockDevices.has(p) ? p : null),
      isListedBlockDevice: async (p) => blockDevices.has(p),
      mountTargets: async () => mountTargetsOf(rec.files['/proc/self/mountinfo'] ?? ''),
    };
  }

  /** The operands (after `--`) that break the rules of ADR 010, with why. */
  static operandProblems(cmd: CommandSpec): string[] {
    const dd = cmd.args.indexOf('--');
    const operands = dd < 0 ? [] : cmd.args.slice(dd + 1);
    const problems: string[] = [];
    for (const o of operands) {
      if (o === '' || o.startsWith('-')) problems.push(`operand ${JSON.stringify(o)} is empty or starts with "-"`);
      if (CONTROL.test(o)) problems.push(`operand ${JSON.stringify(o)} holds a control character`);
    }
    for (const c of cmd.checks ?? []) {
      if (c.kind === 'device' && !c.path.startsWith('/dev/')) problems.push(`device operand ${JSON.stringify(c.path)} is outside /dev/`);
      // An assignment operand (`if=/dev/x`, `locate=/dev/x`: argv.ts deviceAssignmentOperand) carries the checked path whole.
      const named = ['if', 'locate', 'locate_off'].map((n) => `${n}=${c.path}`);
      if (!operands.includes(c.path) && !operands.some((o) => named.includes(o))) problems.push(`checked operand ${JSON.stringify(c.path)} is not an operand after "--"`);
    }
    return problems;
  }

  async run(cmd: CommandSpec): Promise<CommandResult> {
    const argv = [cmd.file, ...(cmd.args ?? [])];
    try {
      assertBuilt(cmd);
    } catch (err) {
      this.violations.push(`not made by a command builder: ${JSON.stringify(argv)}`);
      throw err;
    }
    const problems = GuardedHost.operandProblems(cmd);
    if (problems.length > 0) {
      this.violations.push(`${JSON.stringify(argv)}: ${problems.join('; ')}`);
      throw new ArgvError(argv.join(' '), problems.join('; '));
    }
    // What RealHost checks when the command runs (a refusal here is the host doing its job: nothing spawns).
    await verifyOperands(cmd, this.facts);
    this.spawned.push([...argv]);
    const planned = this.rec.commands.find((c) => c.file === cmd.file && c.args.join(' ') === cmd.args.join(' '));
    if (!planned) return this.fail(cmd, NOT_ON_THIS_MACHINE);
    const r = planned.result;
    if ('hostError' in r) throw new HostError(cmd, { exitCode: r.hostError.exitCode, timedOut: false, stderr: r.hostError.stderr });
    if ('argvError' in r) throw new ArgvError(r.argvError.operand, r.argvError.reason);
    const ok = r.exitCode === 0 || cmd.okExitCodes === 'any' || (cmd.okExitCodes?.includes(r.exitCode) ?? false);
    if (!ok) throw new HostError(cmd, { exitCode: r.exitCode, timedOut: false, stderr: r.stderr, stdout: r.stdout });
    return r;
  }

  private fail(cmd: CommandSpec, stderr: string): never {
    throw new HostError(cmd, { exitCode: 1, timedOut: false, stderr });
  }

  async readFile(path: string): Promise<string | null> {
    return this.rec.files[path] ?? null;
  }

  async readDir(path: string): Promise<string[] | null> {
    return this.rec.dirs[path] ?? null;
  }

  async realPath(path: string): Promise<string | null> {
    return this.rec.links[path] ?? (path in this.rec.files ? path : null);
  }

  readNow(files: readonly string[], dirs: readonly string[]): { files: (string | null)[]; dirs: (string[] | null)[] } {
    return { files: files.map((f) => this.rec.files[f] ?? null), dirs: dirs.map((d) => this.rec.dirs[d] ?? null) };
  }

  /** Device contents are never recorded: unreadable, as a device poolwatch may not open. */
  async readHead(): Promise<Buffer | null> {
    return null;
  }

  activity(): HostActivity {
    return { started: this.spawned.length, running: [] };
  }
}
