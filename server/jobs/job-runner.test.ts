/**
 * The job runner with a scripted host: journaling, auditing, the one-exclusive-operation rule,
 * cancel, following a kernel operation, and reconcile after a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../contracts/jobs.ts';
import { ConflictError } from '../errors.ts';
import type { CommandResult, CommandSpec, Host, HostActivity } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { jobCmd } from '../host/job-commands.ts';
import { AuditStore } from '../store/audit-store.ts';
import { openDb, type Db } from '../store/db.ts';
import { JobRunner, JobOutcomeError, type JobRunnerOptions } from './job-runner.ts';
import { testWrites } from '../test-support/writes.ts';
import { JobStore } from './job-store.ts';
import { STARTUP_GRACE_MS, type KernelOp } from './kernel-ops.ts';
import { FakeClock } from '../test-support/clock.ts';

const LAB = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');
const fixture = (name: string): string => readFileSync(join(LAB, `${name}.txt`), 'utf8');
const UUID = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';
const MNT = '/mnt2/pool';
const EXOP = `/sys/fs/btrfs/${UUID}/exclusive_operation`;

type Answer = CommandResult | HostError | 'hang';

/** Answers planned commands in order (the last answer repeats); 'hang' waits for the abort signal. */
class ScriptedHost implements Host {
  readonly calls: string[] = [];
  readonly files: Record<string, string> = { [EXOP]: 'none\n' };
  private readonly script = new Map<string, Answer[]>();

  on(spec: CommandSpec, ...answers: Answer[]): this {
    this.script.set([spec.file, ...spec.args].join(' '), answers);
    return this;
  }

  async run(spec: CommandSpec, opts: { signal?: AbortSignal } = {}): Promise<CommandResult> {
    const argv = [spec.file, ...spec.args].join(' ');
    this.calls.push(argv);
    const answers = this.script.get(argv);
    if (!answers) throw new Error(`ScriptedHost: unplanned command \`${argv}\``);
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (a === 'hang') {
      return new Promise((_resolve, reject) => {
        opts.signal?.addEventListener('abort', () => reject(new HostError(spec, { exitCode: null, timedOut: false, stderr: 'cancelled' })));
      });
    }
    if (a instanceof HostError) throw a;
    return a;
  }
  async readFile(path: string): Promise<string | null> {
    return this.files[path] ?? null;
  }
  async readDir(path: string): Promise<string[] | null> {
    // The pool's member devices: how the kernel log names the pool.
    return path === `/sys/fs/btrfs/${UUID}/devices` ? ['loop0'] : null;
  }
  activity(): HostActivity {
    return { started: this.calls.length, running: [] };
  }
  readNow(files: readonly string[], dirs: readonly string[]) {
    return { files: files.map(() => null), dirs: dirs.map(() => null) };
  }
  async readHead(): Promise<Buffer | null> {
    return null;
  }
  async realPath(): Promise<string | null> {
    return null;
  }
}

const out = (stdout: string, exitCode = 0, stderr = ''): CommandResult => ({ stdout, stderr, exitCode });

/** A runner on `db` (a unit test of the runner itself; the server's comes from compose()). */
function runnerOn(db: Db, host: Host, over: Partial<JobRunnerOptions> = {}): JobRunner {
  return new JobRunner({
    // Polls pass at once: the fake clock stands still unless a test moves it.
    host, store: new JobStore(db), audit: new AuditStore(db), writes: testWrites(), atomically: (write) => db.transaction(write)(), clock: new FakeClock(), pollMs: 2000,
    finish: async () => null, auditAction: () => null, ...over,
  });
}
const MKDIR = jobCmd.mkdirMountPoint('/mnt2/pool', '/mnt2');
const MOUNT = jobCmd.mount('/dev/sda', '/mnt2/pool', ['degraded', 'ro'], '/mnt2');

describe('JobRunner', () => {
  let db: Db;
  let host: ScriptedHost;
  let runner: JobRunner;
  const events: Job[] = [];

  beforeEach(() => {
    db = openDb(':memory:', new FakeClock());
    host = new ScriptedHost();
    runner = runnerOn(db, host);
    events.length = 0;
    runner.on('job', (j) => events.push(j));
  });
  afterEach(() => {
    runner.stop();
    db.close();
  });

  const start = (run: Parameters<JobRunner['start']>[0]['run'], extra: Partial<Parameters<JobRunner['start']>[0]> = {}) =>
    runner.start({ kind: 'mount-degraded-ro', poolUuid: UUID, target: '/mnt2/pool', actor: 'alice', exclusive: true, action: 'pool.mount-degraded-ro', run, ...extra });

  it('runs the commands, keeps argv/output/exit code, journals and audits every command', async () => {
    host.on(MKDIR, out('')).on(MOUNT, out('mounted\n', 0, 'warning: degraded\n'));
    const started = await start(async (ctx) => {
      await ctx.exec(MKDIR);
      await ctx.exec(MOUNT);
      ctx.setNextSteps(['refresh backups']);
    });
    expect(started.state).toBe('running');
    const job = await runner.wait(started.id);
    expect(job).toMatchObject({
      state: 'succeeded', createdBy: 'alice', exitCode: 0, stdout: 'mounted\n', stderr: 'warning: degraded\n', error: null, nextSteps: ['refresh backups'],
      argv: [['mkdir', '-p', '--', '/mnt2/pool'], ['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', '/dev/sda', '/mnt2/pool']], cancellable: false,
    });
    expect(job.finishedAt).not.toBeNull();
    expect(new JobStore(db).get(started.id)?.job).toEqual(job);
    expect(events.at(-1)).toEqual(job);
    const audit = new AuditStore(db).list().reverse();
    expect(audit.map((e) => [e.action, e.argv?.[0] ?? null, e.exitCode, e.outcome, e.actor])).toEqual([
      // Written with the journal row before anything ran: with a full data dir the job is refused instead.
      ['pool.mount-degraded-ro', null, null, 'started', 'alice'],
      ['pool.mount-degraded-ro', 'mkdir', 0, 'ok', 'alice'],
      ['pool.mount-degraded-ro', 'mount', 0, 'ok', 'alice'],
      ['pool.mount-degraded-ro', null, 0, 'ok', 'alice'],
    ]);
    expect(audit[2]?.stderrExcerpt).toBe('warning: degraded\n');
  });

  it('a failing command fails the job with its stderr and exit code', async () => {
    const err = new HostError(MOUNT, { exitCode: 32, timedOut: false, stderr: "mount: wrong fs type, bad option, bad superblock\n" });
    host.on(MOUNT, err);
    const job = await runner.wait((await start(async (ctx) => void (await ctx.exec(MOUNT)))).id);
    expect(job).toMatchObject({ state: 'failed', exitCode: 32, stderr: 'mount: wrong fs type, bad option, bad superblock\n' });
    expect(job.error).toMatch(/exited with status 32: mount: wrong fs type/);
    expect(new AuditStore(db).list().map((e) => e.outcome)).toEqual(['failed', 'failed', 'started']);
  });

  it('one exclusive job per pool, and none while the kernel runs an exclusive operation', async () => {
    host.on(MOUNT, 'hang');
    const first = await start(async (ctx) => void (await ctx.exec(MOUNT)));
    await expect(start(async () => undefined)).rejects.toThrow(ConflictError);
    await expect(start(async () => undefined)).rejects.toThrow(/a mount-degraded-ro job \(.*\) is running on this pool/);
    // Non-exclusive work (a pause, a counter reset) may run beside it.
    const side = await start(async () => undefined, { exclusive: false, kind: 'balance-pause' });
    expect((await runner.wait(side.id)).state).toBe('succeeded');
    await runner.cancel(first.id, 'alice');
    expect((await runner.wait(first.id)).state).toBe('cancelled');

    host.files[EXOP] = 'balance paused\n';
    await expect(start(async () => undefined)).rejects.toThrow(/the kernel is running "balance paused" on this pool/);
    expect(runner.list({ poolUuid: UUID }).map((j) => j.kind)).toEqual(['balance-pause', 'mount-degraded-ro']);
  });

  it('cancel aborts a running command; a finished job cannot be cancelled', async () => {
    host.on(MOUNT, 'hang');
    const started = await start(async (ctx) => void (await ctx.exec(MOUNT)));
    const asked = await runner.cancel(started.id, 'bob');
    expect(asked.log.at(-1)).toMatch(/cancel requested by bob/);
    const job = await runner.wait(started.id);
    expect(job).toMatchObject({ state: 'cancelled', error: 'cancelled' });
    await expect(runner.cancel(started.id, 'bob')).rejects.toThrow(/is cancelled: there is nothing to cancel/);
    expect(new AuditStore(db).list().find((e) => e.action === 'job.cancel')).toMatchObject({ actor: 'bob', target: started.id });
    const uncancellable = await start(async (ctx) => ctx.sleep(50), { cancellable: false });
    await expect(runner.cancel(uncancellable.id, 'bob')).rejects.toThrow(/cannot be cancelled safely/);
  });

  it('follows a backgrounded replace to its end, and cancels it with btrfs replace cancel', async () => {
    const startedAt = new Date(2026, 10, 26, 15, 3, 19).toISOString();
    const op: KernelOp = { type: 'replace', poolUuid: UUID, mountPoint: MNT, startedAt, devid: 2, targetPath: '/dev/sdz' };
    host.files[EXOP] = 'none\n';
    host.on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__running-throttled')), out(fixture('replace-status__running-throttled')), out(fixture('replace-status__cancelled')));
    host.on(jobCmd.replaceCancel(MNT), out(''));
    const started = await start(async (ctx) => {
      ctx.track(op);
      await ctx.follow(op);
    }, { kind: 'replace' });
    await runner.cancel(started.id, 'alice');
    const job = await runner.wait(started.id);
    expect(job.state).toBe('cancelled');
    expect(job.error).toMatch(/the replace was cancelled/);
    expect(job.argv).toEqual([['btrfs', 'replace', 'cancel', '--', MNT]]);
    expect(events.some((e) => e.progress.percent === 20.8)).toBe(true);
    expect(new JobStore(db).get(started.id)?.kernelOp).toEqual(op);
  });

  it('a replace the kernel stopped without being asked is failed, not cancelled, with the kernel log', async () => {
    const startedAt = new Date(2026, 10, 26, 15, 3, 19).toISOString();
    const op: KernelOp = { type: 'replace', poolUuid: UUID, mountPoint: MNT, startedAt, devid: 2, targetPath: '/dev/sdz' };
    host.files[EXOP] = 'none\n';
    host.on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__running-throttled')), out(fixture('replace-status__cancelled')));
    const started = await start(async (ctx) => {
      ctx.track(op);
      await ctx.follow(op);
    }, { kind: 'replace' });
    const job = await runner.wait(started.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/kernel stopped it/);
  });

  it('a full balance gone after a cancel that worked was cancelled, not done; after a cancel that failed it finished', async () => {
    const clock = new FakeClock();
    const op: KernelOp = { type: 'balance', poolUuid: UUID, mountPoint: MNT, startedAt: clock.now().toISOString(), convert: null };
    const follow = async (ctx: Parameters<Parameters<JobRunner['start']>[0]['run']>[0]) => {
      ctx.track(op);
      await ctx.follow(op);
    };
    const balanceCancel = jobCmd.balanceCancel(MNT);
    runner.stop();
    runner = runnerOn(db, host, { clock });
    const kernelSays = (end: string) => out([
      `${clock.now().toISOString().replace('.', ',')} BTRFS info (device loop0): balance: start -d -m -s`,
      `${clock.now().toISOString().replace('.', ',')} BTRFS info (device loop0): ${end}`,
    ].join('\n'));
    for (const [cancelAnswer, end, state] of [
      [out(''), 'balance: canceled', 'cancelled'],
      [new HostError(balanceCancel, { exitCode: 1, timedOut: false, stderr: `ERROR: balance cancel on '${MNT}' failed: Not in progress\n` }), 'balance: ended with status: 0', 'succeeded'],
    ] as const) {
      host.on(jobCmd.balanceStatus(MNT), out(fixture('balance-status__running')));
      host.on(jobCmd.kernelLog(), kernelSays(end));
      host.on(balanceCancel, cancelAnswer);
      const started = await start(follow, { kind: 'balance-start' });
      await runner.cancel(started.id, 'alice');
      host.on(jobCmd.balanceStatus(MNT), out(fixture('balance-status__idle'), 1));
      // Past the start-up grace, where "no balance" still means "not started yet".
      clock.set(clock.nowMs() + STARTUP_GRACE_MS + 1000);
      const job = await runner.wait(started.id);
      expect(job.state, job.log.join('\n')).toBe(state);
      if (state === 'cancelled') {
        expect(job.error).toMatch(/the (full )?balance was cancelled/);
        expect(job.progress.percent, 'no "100 %" for a cancelled balance').not.toBe(100);
      }
    }
  });

  it('JobOutcomeError from run() sets that state', async () => {
    const job = await runner.wait((await start(async () => {
      throw new JobOutcomeError('interrupted', 'the pool went away');
    })).id);
    expect(job).toMatchObject({ state: 'interrupted', error: 'the pool went away' });
  });

  it('keeps only the tail of long output', async () => {
    host.on(MKDIR, out('x'.repeat(70 * 1024) + 'END'));
    const job = await runner.wait((await start(async (ctx) => void (await ctx.exec(MKDIR)))).id);
    expect(job.stdout.length).toBe(64 * 1024);
    expect(job.stdout.startsWith('[… earlier output dropped …]')).toBe(true);
    expect(job.stdout.endsWith('END')).toBe(true);
  });
});

describe('reconcile after a restart', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:', new FakeClock());
  });
  afterEach(() => db.close());

  /** Journals a job as a crashed poolwatch would have left it: running, with its kernel op. */
  function journal(op: KernelOp | null, kind: Job['kind'] = 'replace'): Job {
    const job: Job = {
      id: '11111111-2222-4333-8444-555555555555', kind, poolUuid: UUID, target: 'devid 2', state: 'running', exclusive: true, cancellable: true,
      progress: { percent: 10, etaSeconds: null, detail: null }, argv: [['btrfs', 'replace', 'start', '--', '2', '/dev/sdz', MNT]], stdout: '', stderr: '',
      log: [], exitCode: 0, error: null, createdBy: 'alice', createdAt: '2026-11-26T15:00:00.000Z', startedAt: '2026-11-26T15:00:00.000Z',
      finishedAt: null, nextSteps: [], result: null,
    };
    new JobStore(db).insert(job, op);
    return job;
  }
  const replaceOp = (startedAt: Date): KernelOp => ({ type: 'replace', poolUuid: UUID, mountPoint: MNT, startedAt: startedAt.toISOString(), devid: 2, targetPath: '/dev/sdz' });

  it('follows an operation the kernel still runs, reports its progress and records how it ended', async () => {
    const host = new ScriptedHost();
    host.files[EXOP] = 'device replace\n';
    host.on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__running-throttled')), out(fixture('replace-status__running-throttled')), out(fixture('replace-status__finished')));
    const job = journal(replaceOp(new Date(2026, 10, 26, 15, 4, 4)));
    const runner = runnerOn(db, host, { finish: async () => ['run a scrub'] });
    const seen: Job[] = [];
    runner.on('job', (j) => seen.push(j));
    const touched = await runner.reconcile();
    expect(touched).toHaveLength(1);
    expect(touched[0]).toMatchObject({ state: 'running', progress: { percent: 20.8 } });
    expect(touched[0]!.log.at(-1)).toMatch(/still runs the replace: following it again/);
    expect(runner.activeExclusive(UUID)?.id, 'it holds the pool again').toBe(job.id);
    host.files[EXOP] = 'none\n';
    const done = await runner.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', progress: { percent: 100 }, nextSteps: ['run a scrub'], result: { summary: expect.stringMatching(/finished/) } });
    runner.stop();
  });

  it('records the outcome the kernel states when the operation ended meanwhile', async () => {
    const host = new ScriptedHost().on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__finished')));
    journal(replaceOp(new Date(2026, 10, 26, 15, 4, 4)));
    const [job] = await runnerOn(db, host).reconcile();
    expect(job).toMatchObject({ state: 'succeeded', error: null });
    expect(job!.log[0]).toMatch(/no longer runs the replace; it last said: Started on 26.Nov 15:04:05, finished/);
  });

  it('audits the outcome under the action name the job was started with (the restarted runner is told it)', async () => {
    const host = new ScriptedHost().on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__finished')));
    const journaled = journal(replaceOp(new Date(2026, 10, 26, 15, 4, 4)));
    await runnerOn(db, host, { auditAction: (j) => `pool.${j.kind}` }).reconcile();
    expect(new AuditStore(db).list().map((e) => [e.action, e.actor, e.outcome, (e.details as { jobId?: string }).jobId])).toEqual([
      ['pool.replace', 'alice', 'ok', journaled.id],
    ]);
  });

  it('marks it interrupted when the kernel shows no trace of it', async () => {
    const host = new ScriptedHost().on(jobCmd.replaceStatus(MNT), out(fixture('replace-status__finished')));
    // The status belongs to an earlier replace (it started before this job).
    journal(replaceOp(new Date(2026, 10, 26, 17, 0, 0)));
    const [job] = await runnerOn(db, host).reconcile();
    expect(job).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/the replace did not start/) });
  });

  it('marks a job without a kernel operation interrupted: its command died with poolwatch', async () => {
    journal(null, 'mount');
    const [job] = await runnerOn(db, new ScriptedHost()).reconcile();
    expect(job).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/the outcome of `btrfs replace start -- 2 \/dev\/sdz \/mnt2\/pool` is unknown/) });
    expect(new JobStore(db).unfinished()).toEqual([]);
  });

  it('a stopped runner writes nothing: the journal keeps the job running for the next one', async () => {
    const host = new ScriptedHost();
    host.on(MOUNT, 'hang');
    const runner = runnerOn(db, host);
    const started = await runner.start({ kind: 'mount', poolUuid: UUID, target: null, actor: 'alice', exclusive: true, run: async (ctx) => void (await ctx.exec(MOUNT)) });
    runner.stop();
    expect(new JobStore(db).get(started.id)?.job.state).toBe('running');
    await expect(runner.start({ kind: 'mount', poolUuid: UUID, target: null, actor: 'alice', exclusive: true, run: async () => undefined })).rejects.toThrow(/stopped/);
  });
});
