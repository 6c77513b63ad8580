import { ArgvError } from '../host/argv.ts';
import type { CommandResult, CommandSpec, Host, HostActivity } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';

/** One recorded interaction, replayable by FakeHost. */
export interface HostRecording {
  commands: {
    file: string;
    args: string[];
    result: CommandResult | { hostError: { exitCode: number | null; stderr: string } } | { argvError: { operand: string; reason: string } };
  }[];
  files: Record<string, string>;
  dirs: Record<string, string[]>;
  links: Record<string, string>;
}

/**
 * Wraps a real host and records everything it answered, so a real machine state (a lab scenario)
 * becomes a unit-test fixture that FakeHost replays exactly.
 */
export class RecordingHost implements Host {
  readonly recording: HostRecording = { commands: [], files: {}, dirs: {}, links: {} };
  constructor(private readonly inner: Host) {}

  async run(cmd: CommandSpec, opts?: { signal?: AbortSignal }): Promise<CommandResult> {
    try {
      const r = await this.inner.run(cmd, opts);
      this.recording.commands.push({ file: cmd.file, args: [...cmd.args], result: r });
      return r;
    } catch (err) {
      if (err instanceof HostError) {
        this.recording.commands.push({ file: cmd.file, args: [...cmd.args], result: { hostError: { exitCode: err.detail.exitCode, stderr: err.detail.stderr } } });
      }
      // The host refused the operand (a device gone between lsblk and the probe): replayed as refused.
      if (err instanceof ArgvError) {
        this.recording.commands.push({ file: cmd.file, args: [...cmd.args], result: { argvError: { operand: err.operand, reason: err.reason } } });
      }
      throw err;
    }
  }

  async readFile(path: string): Promise<string | null> {
    const r = await this.inner.readFile(path);
    if (r !== null) this.recording.files[path] = r;
    return r;
  }

  async readDir(path: string): Promise<string[] | null> {
    const r = await this.inner.readDir(path);
    if (r !== null) this.recording.dirs[path] = r;
    return r;
  }

  async realPath(path: string): Promise<string | null> {
    const r = await this.inner.realPath(path);
    if (r !== null) this.recording.links[path] = r;
    return r;
  }

  readNow(files: readonly string[], dirs: readonly string[]): { files: (string | null)[]; dirs: (string[] | null)[] } {
    const r = this.inner.readNow(files, dirs);
    files.forEach((f, i) => {
      if (r.files[i] !== null) this.recording.files[f] = r.files[i]!;
    });
    dirs.forEach((d, i) => {
      if (r.dirs[i] !== null) this.recording.dirs[d] = r.dirs[i]!;
    });
    return r;
  }

  readHead(path: string, bytes: number): Promise<Buffer | null> {
    return this.inner.readHead(path, bytes);
  }

  activity(): HostActivity {
    return this.inner.activity();
  }
}
