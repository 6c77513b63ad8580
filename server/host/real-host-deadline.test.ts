/**
 * Hard deadlines (issue 9 item 3, ADR 018): a `btrfs` that never answers while something it started
 * keeps its pipes open — what a dying disk does — still settles the run, and every process of it is
 * gone afterwards. Runs fixtures/bin/btrfs (a shell script) through RealHost; no root needed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../lab/lab.ts';
import { command } from './argv.ts';
import { cmd } from './commands.ts';
import { HostError } from './host-error.ts';
import { RealHost } from './real-host.ts';

const FAKE_BTRFS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'bin', 'btrfs');
const UUID = '0f3e2b1a-1111-4222-8333-944455566677';

let dir: string;
let hangFile: string;
let pidFile: string;
const saved = { ...process.env };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pids(): Promise<number[]> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

const host = (over: { readDeadlineMs?: number; killGraceMs?: number } = {}) =>
  new RealHost({ executables: { btrfs: FAKE_BTRFS }, readDeadlineMs: 300, killGraceMs: 200, ...over });

/** Runs the command and returns how long it took and how it ended. */
async function timed(p: Promise<unknown>): Promise<{ ms: number; error: unknown; value: unknown }> {
  const t = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - t, error: null, value };
  } catch (error) {
    return { ms: performance.now() - t, error, value: null };
  }
}

describe('RealHost: every command has a deadline after which its process group dies', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'poolwatch-deadline-'));
    hangFile = join(dir, 'hang');
    pidFile = join(dir, 'pids');
    process.env.POOLWATCH_FAKE_BTRFS_HANG = hangFile;
    process.env.POOLWATCH_FAKE_BTRFS_PIDS = pidFile;
  });

  afterEach(async () => {
    for (const pid of await pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    process.env = { ...saved };
    await rm(dir, { recursive: true, force: true });
  });

  it('settles a read whose btrfs sleeps forever while its child holds stdout, and kills both', async () => {
    await writeFile(hangFile, 'hang');
    const h = host();
    const run = h.run(cmd.fiShowPool(UUID));
    // While it hangs, the host says what it is waiting on.
    await waitFor(async () => h.activity().running.length === 1, 'the command to start');
    expect(h.activity().running[0]!.argv).toEqual(['btrfs', 'filesystem', 'show', '--raw', '--', UUID]);
    const { ms, error } = await timed(run);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).detail.timedOut).toBe(true);
    expect((error as HostError).message).toContain('btrfs filesystem show --raw -- ' + UUID);
    expect((error as HostError).message).toMatch(/timed out/);
    expect(ms).toBeLessThan(5000);
    expect(h.activity().running).toEqual([]);
    const started = await pids();
    expect(started.length).toBe(2);
    await waitFor(async () => started.every((p) => !alive(p)), 'the command and its child to be killed', 3000);
  });

  it('kills with SIGKILL what ignores SIGTERM', async () => {
    await writeFile(hangFile, 'ignore-term');
    const { error } = await timed(host().run(cmd.btrfsVersion()));
    expect((error as HostError).detail.timedOut).toBe(true);
    const started = await pids();
    expect(started.length).toBe(2);
    await waitFor(async () => started.every((p) => !alive(p)), 'processes that ignore SIGTERM to be killed', 3000);
  });

  it('settles even when a process left the group and keeps the pipe open (our end is closed)', async () => {
    await writeFile(hangFile, 'escape');
    const { ms, error } = await timed(host().run(cmd.btrfsVersion()));
    expect((error as HostError).detail.timedOut).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('keeps the answer of a command that exited while something it started holds its stdout', async () => {
    await writeFile(hangFile, 'exit-child');
    const { error, value } = await timed(host({ readDeadlineMs: 10_000 }).run(cmd.btrfsVersion()));
    expect(error).toBeNull();
    expect(value).toMatchObject({ exitCode: 0, stdout: 'partial\n' });
    const started = await pids();
    await waitFor(async () => started.every((p) => !alive(p)), 'the left-behind child to be killed', 3000);
  });

  it('a command that leaves its operation running (scrub start): answers at its exit, and what it left keeps running', async () => {
    await writeFile(hangFile, 'exit-child');
    // What `btrfs scrub start` does: prints, forks the scrub process (which keeps stdout), exits 0.
    const spec = command('btrfs', ['version'], [], { timeoutMs: 10_000, leavesRunning: true });
    const { error, value } = await timed(host().run(spec));
    expect(error).toBeNull();
    expect(value).toMatchObject({ exitCode: 0, stdout: 'partial\n' });
    const [, left] = await pids();
    await new Promise((r) => setTimeout(r, 1500));
    expect(alive(left!), 'the process the command left running is not killed').toBe(true);
    process.kill(left!, 'SIGKILL');
  });

  it('a command meant to leave its operation running still dies at its deadline when it never exits', async () => {
    await writeFile(hangFile, 'hang');
    const spec = command('btrfs', ['version'], [], { timeoutMs: 300, leavesRunning: true });
    const { error } = await timed(host().run(spec));
    expect((error as HostError).detail.timedOut).toBe(true);
    const started = await pids();
    await waitFor(async () => started.every((p) => !alive(p)), 'the group to be killed', 3000);
  });

  it('cancels on the abort signal (a job stopped by the admin) and kills the group', async () => {
    await writeFile(hangFile, 'hang');
    const abort = new AbortController();
    const run = host({ readDeadlineMs: 60_000 }).run(cmd.btrfsVersion(), { signal: abort.signal });
    await waitFor(async () => (await pids()).length === 2, 'the command to start');
    abort.abort();
    const { error } = await timed(run);
    expect((error as HostError).detail.timedOut).toBe(false);
    expect((error as HostError).detail.stderr).toBe('cancelled');
    const started = await pids();
    await waitFor(async () => started.every((p) => !alive(p)), 'the cancelled command to be killed', 3000);
  });

  it('uses the read deadline for reads and the builder deadline for the rest', async () => {
    await writeFile(hangFile, 'hang');
    // `device scan` is not a read: its own deadline (60 s) applies, so it is still running at 1 s.
    const h = host({ readDeadlineMs: 200 });
    const scan = h.run(cmd.deviceScan());
    const read = await timed(h.run(cmd.btrfsVersion()));
    expect((read.error as HostError).detail.timedOut).toBe(true);
    expect(h.activity().running.map((r) => r.argv.join(' '))).toEqual(['btrfs device scan']);
    for (const pid of await pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    const { error } = await timed(scan);
    expect(error).toBeInstanceOf(HostError);
  });

  it('names a missing executable', async () => {
    const { error } = await timed(new RealHost({ executables: { btrfs: join(dir, 'no-such-btrfs') } }).run(cmd.btrfsVersion()));
    expect((error as HostError).detail.errno).toBe('ENOENT');
    expect((error as HostError).message).toContain('btrfs is not installed');
  });
});
