/**
 * Spawns one command with a hard deadline (issue 9 item 3, docs/decisions/018). The command runs in
 * its own process group (its own session); when the deadline passes, or the caller cancels, the
 * whole group gets SIGTERM, then SIGKILL after a grace period, and our ends of its pipes are
 * destroyed. The promise settles then, whatever the processes do: a `btrfs` stuck in the kernel
 * whose child keeps stdout open, or a child that left the group, cannot keep it pending.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  /** After this, the process group is killed and the outcome is `timedOut`. */
  deadlineMs: number;
  /** Between SIGTERM and SIGKILL (and between SIGKILL and giving up on the pipes). */
  killGraceMs: number;
  /** Output beyond this (stdout + stderr) kills the group: poolwatch parses nothing that large. */
  maxBufferBytes: number;
  signal?: AbortSignal | undefined;
  /**
   * CommandSpec.leavesRunning: stdout/stderr go to (unlinked) files, the run settles when the
   * command exits, and what it left running is never killed after that.
   */
  leavesRunning?: boolean;
}

export interface SpawnOutcome {
  stdout: string;
  stderr: string;
  /** Null when the command did not exit on its own (killed, or never started). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The output passed maxBufferBytes. */
  overflow: boolean;
  /** ENOENT, EACCES… when the executable could not be started. */
  errno: string | null;
  /** When the command exited but something it started kept its pipes open past the drain time. */
  pipesHeld: boolean;
}

/**
 * After the command exits, how long its pipes may stay open (something it started still holds
 * them) before the group is killed and the pipes closed: the command has answered by then.
 */
export const EXIT_DRAIN_MS = 1000;

export function spawnWithDeadline(file: string, args: readonly string[], opts: SpawnOptions): Promise<SpawnOutcome> {
  if (opts.leavesRunning) return spawnLeavingRunning(file, args, opts);
  return new Promise<SpawnOutcome>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let exited = false;
    let timedOut = false;
    let cancelled = false;
    let overflow = false;
    let pipesHeld = false;
    const timers: NodeJS.Timeout[] = [];
    // Real time on purpose (ADR 012): deadlines and kill grace of a real process.
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(fn, ms);
      t.unref?.();
      timers.push(t);
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, [...args], { env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve(outcome({ errno: errnoOf(e) ?? 'EINVAL', message: (e as Error).message }));
      return;
    }

    function outcome(extra: { errno?: string; message?: string } = {}): SpawnOutcome {
      return {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') || (extra.message ?? ''),
        exitCode: timedOut || cancelled || overflow ? null : exitCode,
        signal: exitSignal,
        timedOut,
        cancelled,
        overflow,
        errno: extra.errno ?? null,
        pipesHeld,
      };
    }

    const settle = (extra?: { errno?: string; message?: string }) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(outcome(extra));
    };

    const killGroup = (sig: NodeJS.Signals) => signalGroup(child.pid, sig);

    /** TERM the group, KILL it after the grace period, then close our pipe ends and settle. */
    const stop = () => {
      killGroup('SIGTERM');
      later(opts.killGraceMs, () => {
        killGroup('SIGKILL');
        // The pipes close when every holder died; one that left the group may still hold them.
        later(Math.min(opts.killGraceMs, 500), () => settle());
      });
    };

    const onAbort = () => {
      if (settled || timedOut || cancelled) return;
      cancelled = true;
      stop();
    };

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (overflow) return;
      bytes += chunk.length;
      if (bytes > opts.maxBufferBytes) {
        overflow = true;
        stop();
        return;
      }
      into.push(chunk);
    };
    child.stdout!.on('data', collect(out));
    child.stderr!.on('data', collect(err));
    // A destroyed pipe may report an error; the outcome says what happened.
    child.stdout!.on('error', () => undefined);
    child.stderr!.on('error', () => undefined);

    child.on('error', (e) => {
      // The executable could not be started (ENOENT, EACCES): nothing runs, settle now.
      if (child.pid === undefined || !exited) settle({ errno: errnoOf(e) ?? undefined, message: e.message });
    });
    child.on('exit', (code, sig) => {
      exited = true;
      exitCode = code;
      exitSignal = sig;
      // Normally 'close' follows at once. If something the command started keeps the pipes open,
      // the command has still answered: give the pipes a moment, then end the group and move on.
      later(EXIT_DRAIN_MS, () => {
        if (settled) return;
        pipesHeld = true;
        killGroup('SIGKILL');
        settle();
      });
    });
    child.on('close', () => settle());

    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    later(opts.deadlineMs, () => {
      if (settled || cancelled || overflow) return;
      timedOut = true;
      stop();
    });
  });
}

/**
 * A command that forks the operation's process and exits (CommandSpec.leavesRunning). Until it
 * exits, its deadline and the abort signal kill its group as for any command; once it exited,
 * what it started runs on. Its output is read from files: a forked process that keeps them open
 * neither holds the run nor dies of a closed pipe.
 */
function spawnLeavingRunning(file: string, args: readonly string[], opts: SpawnOptions): Promise<SpawnOutcome> {
  return new Promise<SpawnOutcome>((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'poolwatch-cmd-'));
    const fds = [openSync(join(dir, 'stdout'), 'w+', 0o600), openSync(join(dir, 'stderr'), 'w+', 0o600)] as const;
    // The child gets its own copies; ours are kept to read the output back, the names go at once.
    rmSync(dir, { recursive: true, force: true });
    let settled = false;
    let timedOut = false;
    let cancelled = false;
    const timers: NodeJS.Timeout[] = [];
    // Real time on purpose (ADR 012): deadlines and kill grace of a real process.
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(fn, ms);
      t.unref?.();
      timers.push(t);
    };
    const readBack = (fd: number): { text: string; overflow: boolean } => {
      const buf = Buffer.alloc(Math.min(opts.maxBufferBytes + 1, 1024 * 1024));
      const n = readSync(fd, buf, 0, buf.length, 0);
      return { text: buf.subarray(0, Math.min(n, opts.maxBufferBytes)).toString('utf8'), overflow: n > opts.maxBufferBytes };
    };
    const settle = (exitCode: number | null, signal: NodeJS.Signals | null, extra: { errno?: string; message?: string } = {}) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      const out = readBack(fds[0]);
      const err = readBack(fds[1]);
      for (const fd of fds) closeSync(fd);
      resolve({
        stdout: out.text,
        stderr: err.text || (extra.message ?? ''),
        exitCode: timedOut || cancelled ? null : exitCode,
        signal,
        timedOut,
        cancelled,
        overflow: out.overflow || err.overflow,
        errno: extra.errno ?? null,
        pipesHeld: false,
      });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, [...args], { env: opts.env, detached: true, stdio: ['ignore', fds[0], fds[1]] });
    } catch (e) {
      settle(null, null, { errno: errnoOf(e) ?? 'EINVAL', message: (e as Error).message });
      return;
    }
    let exited = false;
    const killGroup = (sig: NodeJS.Signals) => {
      if (!exited) signalGroup(child.pid, sig);
    };
    const stop = () => {
      killGroup('SIGTERM');
      later(opts.killGraceMs, () => {
        killGroup('SIGKILL');
        later(Math.min(opts.killGraceMs, 500), () => settle(null, null));
      });
    };
    const onAbort = () => {
      if (settled || exited || timedOut || cancelled) return;
      cancelled = true;
      stop();
    };
    child.on('error', (e) => {
      if (child.pid === undefined || !exited) settle(null, null, { errno: errnoOf(e) ?? undefined, message: e.message });
    });
    child.on('exit', (code, sig) => {
      exited = true;
      settle(code, sig);
    });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    later(opts.deadlineMs, () => {
      if (settled || exited || cancelled) return;
      timedOut = true;
      stop();
    });
  });
}

/** Signals a detached child's whole process group (its pid is the group's id). */
function signalGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function errnoOf(e: unknown): string | null {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}
