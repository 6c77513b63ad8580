import type { CommandSpec } from './host.ts';

/** A command that failed to run, exited with an unexpected status, or timed out. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly command: Pick<CommandSpec, 'file' | 'args'>,
    readonly detail: {
      exitCode: number | null;
      timedOut: boolean;
      stderr: string;
      stdout?: string;
      /** ENOENT when the executable is not installed, EACCES when not permitted. */
      errno?: string;
    },
    options?: { cause?: unknown },
  ) {
    const argv = [command.file, ...command.args].join(' ');
    const why = detail.errno === 'ENOENT'
      ? `${command.file} is not installed (not found on PATH)`
      : detail.timedOut
        ? 'timed out'
        : `exited with status ${detail.exitCode ?? 'unknown'}`;
    const err = detail.stderr.trim();
    super(`\`${argv}\` ${why}${err ? `: ${err.split('\n').slice(0, 5).join(' / ')}` : ''}`, options);
  }
}
