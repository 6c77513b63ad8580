/**
 * Runs maintenance work as tracked jobs: journaled in SQLite, one exclusive operation per pool,
 * progress polled from the kernel, every command audited, cancellable, and restart-safe — after
 * a restart `reconcile()` asks the kernel about every job the journal says was running and either
 * follows the operation again or records how it ended.
 *
 * Emits `job` (the whole Job) on every change, for the live event stream.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Job, JobKind, JobProgress, JobResult, JobState } from '../../contracts/jobs.ts';
import { MAX_JOB_OUTPUT_CHARS } from '../../contracts/jobs.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { CommandResult, CommandSpec, Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import type { Clock } from '../clock.ts';
import type { AuditOutcome, AuditStore } from '../store/audit-store.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import type { JobStore } from './job-store.ts';
import {
  SETTLE_MS,
  STARTUP_GRACE_MS,
  btrfsKernelMessages,
  cancelCommand,
  exclusiveOperation,
  observe,
  type KernelOp,
  type Observation,
  type OutcomeState,
} from './kernel-ops.ts';
import { reasonInText } from './failure-reason.ts';
import { estimateEtaSeconds, type ProgressSample } from './progress.ts';

/** A status command failing this many times in a row ends following (the pool went away). */
const MAX_OBSERVE_FAILURES = 5;
/** Lines kept in a job's log. */
const MAX_LOG_LINES = 200;

export interface JobContext {
  readonly jobId: string;
  /** Aborted when the job is cancelled and has no gentler way to stop. */
  readonly signal: AbortSignal;
  /** Runs a command through the host: recorded in the job (argv, output, exit code) and audited. */
  exec(spec: CommandSpec): Promise<CommandResult>;
  setProgress(p: Partial<JobProgress>): void;
  log(line: string): void;
  setNextSteps(steps: string[]): void;
  setResult(result: JobResult): void;
  /** Journals a kernel operation the job started (what reconcile asks about) and polls its progress. */
  track(op: KernelOp): void;
  /**
   * track(), then waits until the kernel says the operation ended. Resolves when it succeeded;
   * throws JobOutcomeError (failed / cancelled / interrupted) otherwise.
   */
  follow(op: KernelOp): Promise<Observation>;
  sleep(ms: number): Promise<void>;
}

export interface StartJobOptions {
  kind: JobKind;
  poolUuid: string | null;
  target: string | null;
  /** Username or `token:<name>`: goes into the job and every audit entry. */
  actor: string;
  /** Holds the pool: refused while another exclusive job runs or the kernel runs an exclusive operation. */
  exclusive: boolean;
  /** The audit log's action name; default `job.<kind>`. */
  action?: string;
  /** What to do afterwards, as known before the job runs (the finish hook may refine it). */
  nextSteps?: string[];
  /** Log lines to start with (what the pre-flight checked). */
  log?: string[];
  run: (ctx: JobContext) => Promise<void>;
  /** Polled while the job runs, unless it follows a kernel operation (which has its own progress). */
  progress?: () => Promise<Partial<JobProgress> | null>;
  /** How to stop it. Default: the kernel operation's cancel command, else abort the running command. */
  cancel?: (ctx: JobContext) => Promise<void>;
  /** False for jobs nothing can stop safely. Default true. */
  cancellable?: boolean;
  /** Called once the job ended; returns the next steps to show (null keeps them). */
  finish?: (job: Job) => Promise<string[] | null>;
}

export interface JobRunnerOptions {
  host: Host;
  store: JobStore;
  audit: AuditStore;
  /**
   * A job starts only once its journal row and its "started" audit entry are written (together):
   * with the data dir full it is refused before anything runs. What a running job writes after
   * that (progress, each command's audit entry) is best-effort: the job goes on either way.
   */
  writes: DataDirHealth;
  /** Runs `write` in one database transaction. */
  atomically: <T>(write: () => T) => T;
  clock: Clock;
  /** How often a running operation's status is read (config.jobPollMs). */
  pollMs: number;
  /** Next steps for jobs that ended without their starter around (after a restart). */
  finish: (job: Job) => Promise<string[] | null>;
  /**
   * The audit action of a job found in the journal after a restart (what its starter passed as
   * `action`), so that its outcome lands under the same name as its commands; null: `job.<kind>`.
   */
  auditAction: (job: Job) => string | null;
}

/** How a job ended when it did not succeed; thrown from run() or follow(). */
export class JobOutcomeError extends Error {
  override readonly name = 'JobOutcomeError';
  constructor(readonly state: Exclude<OutcomeState, 'succeeded'>, message: string, readonly result: JobResult | null = null) {
    super(message);
  }
}

/** Thrown inside jobs of a runner that was stopped: they stop without writing anything. */
class RunnerStoppedError extends Error {
  override readonly name = 'RunnerStoppedError';
}

interface Entry {
  job: Job;
  kernelOp: KernelOp | null;
  abort: AbortController;
  cancelRequested: boolean;
  /** Settles when the cancel command (or hook) ended: true when it worked. */
  cancelling: Promise<boolean> | null;
  following: boolean;
  firstSample: ProgressSample | null;
  opts: Pick<StartJobOptions, 'cancel' | 'finish' | 'progress' | 'action'>;
  done: Promise<Job>;
  resolve: (job: Job) => void;
}

function keepTail(text: string): string {
  if (text.length <= MAX_JOB_OUTPUT_CHARS) return text;
  const marker = '[… earlier output dropped …]\n';
  return marker + text.slice(text.length - (MAX_JOB_OUTPUT_CHARS - marker.length));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class JobRunner extends EventEmitter<{ job: [Job] }> {
  private readonly host: Host;
  private readonly store: JobStore;
  private readonly audit: AuditStore;
  private readonly writes: DataDirHealth;
  private readonly atomically: JobRunnerOptions['atomically'];
  private readonly now: () => Date;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly finishHook: JobRunnerOptions['finish'];
  private readonly auditActionOf: JobRunnerOptions['auditAction'];
  private readonly entries = new Map<string, Entry>();
  private stopped = false;

  constructor(opts: JobRunnerOptions) {
    super();
    // One listener per open page (server-sent events): no fixed cap.
    this.setMaxListeners(0);
    this.host = opts.host;
    this.store = opts.store;
    this.audit = opts.audit;
    this.writes = opts.writes;
    this.atomically = opts.atomically;
    this.clock = opts.clock;
    this.now = () => opts.clock.now();
    this.pollMs = opts.pollMs;
    this.finishHook = opts.finish;
    this.auditActionOf = opts.auditAction;
  }

  /** A job by id, from memory while it runs, else from the journal. */
  get(id: string): Job | null {
    const e = this.entries.get(id);
    return e ? structuredClone(e.job) : (this.store.get(id)?.job ?? null);
  }

  list(opts: { poolUuid?: string; active?: boolean; limit?: number } = {}): Job[] {
    return this.store.list(opts).map((j) => this.entries.get(j.id)?.job ?? j).map((j) => structuredClone(j));
  }

  /** The exclusive job running on the pool, or null. */
  activeExclusive(poolUuid: string): Job | null {
    for (const e of this.entries.values()) if (e.job.exclusive && e.job.poolUuid === poolUuid) return structuredClone(e.job);
    return null;
  }

  /** Running jobs of the pool (exclusive or not). */
  activeOn(poolUuid: string): Job[] {
    return [...this.entries.values()].filter((e) => e.job.poolUuid === poolUuid).map((e) => structuredClone(e.job));
  }

  /**
   * Refuses (ConflictError) when another exclusive job holds the pool or the kernel runs an
   * exclusive operation on it. Exposed so that actions can check before their pre-flight work.
   */
  async assertPoolFree(poolUuid: string): Promise<void> {
    const holder = this.activeExclusive(poolUuid);
    if (holder) throw new ConflictError(busyMessage(holder));
    const op = await exclusiveOperation(this.host, poolUuid);
    if (op) {
      throw new ConflictError(`the kernel is running "${op}" on this pool; btrfs allows one exclusive operation per pool at a time: wait until it ends or cancel it`);
    }
    const again = this.activeExclusive(poolUuid);
    if (again) throw new ConflictError(busyMessage(again));
  }

  /** Creates the job and starts it; resolves once it is running (not when it ends: see wait()). */
  async start(opts: StartJobOptions): Promise<Job> {
    if (this.stopped) throw new ConflictError('the job runner is stopped');
    if (opts.exclusive && opts.poolUuid) await this.assertPoolFree(opts.poolUuid);
    const created = this.now().toISOString();
    const job: Job = {
      id: randomUUID(), kind: opts.kind, poolUuid: opts.poolUuid, target: opts.target, state: 'queued',
      exclusive: opts.exclusive, cancellable: opts.cancellable ?? true,
      progress: { percent: null, etaSeconds: null, detail: null },
      argv: [], stdout: '', stderr: '', log: [...(opts.log ?? [])], exitCode: null, error: null,
      createdBy: opts.actor, createdAt: created, startedAt: null, finishedAt: null,
      nextSteps: [...(opts.nextSteps ?? [])], result: null,
    };
    // The journal row and the "started" audit entry, together, before anything runs (StorageError when the data dir refuses).
    this.writes.mustWrite(`starting the ${opts.kind} job`, () => this.atomically(() => {
      this.store.insert(job);
      this.audit.record({
        at: created, actor: opts.actor, action: opts.action ?? `job.${opts.kind}`, poolUuid: opts.poolUuid, target: opts.target,
        argv: null, exitCode: null, outcome: 'started', details: { jobId: job.id },
      });
    }));
    const entry = this.newEntry(job, null, opts);
    job.state = 'running';
    job.startedAt = this.now().toISOString();
    this.changed(entry);
    void this.execute(entry, opts.run);
    this.startProgressLoop(entry);
    return structuredClone(job);
  }

  /** Resolves with the job once it has ended (at once when it already has). */
  async wait(id: string): Promise<Job> {
    const e = this.entries.get(id);
    if (e) return e.done;
    const j = this.store.get(id)?.job;
    if (!j) throw new NotFoundError(`no job ${id}`);
    return j;
  }

  /**
   * Asks a running job to stop. Answers at once (cancelling a balance waits for the chunk in
   * flight); the job ends as cancelled when the kernel or the command says it stopped.
   */
  async cancel(id: string, actor: string): Promise<Job> {
    const entry = this.entries.get(id);
    if (!entry) {
      const j = this.store.get(id)?.job;
      if (!j) throw new NotFoundError(`no job ${id}`);
      throw new ConflictError(`job ${id} is ${j.state}: there is nothing to cancel`);
    }
    if (!entry.job.cancellable) throw new ConflictError(`a ${entry.job.kind} job cannot be cancelled safely; it ends on its own`);
    if (entry.cancelRequested) return structuredClone(entry.job);
    this.writes.mustWrite('cancelling the job', () => this.audit.record({
      at: this.now().toISOString(), actor, action: 'job.cancel', poolUuid: entry.job.poolUuid, target: entry.job.id,
      argv: null, exitCode: null, outcome: 'ok', details: { jobId: entry.job.id, kind: entry.job.kind },
    }));
    entry.cancelRequested = true;
    this.log(entry, `cancel requested by ${actor}`);
    const ctx = this.contextOf(entry, { withoutSignal: true });
    const how = entry.opts.cancel ?? (entry.kernelOp ? async (c: JobContext) => void (await c.exec(cancelCommand(entry.kernelOp!))) : null);
    if (how) {
      entry.cancelling = how(ctx).then(() => true, (err: unknown) => {
        if (!(err instanceof RunnerStoppedError)) this.log(entry, `cancel failed: ${messageOf(err)}`);
        return false;
      });
    } else {
      entry.abort.abort();
    }
    this.changed(entry);
    return structuredClone(entry.job);
  }

  /**
   * After a restart: every job the journal says is running is either followed again (the kernel
   * still runs its operation) or ended with what the kernel says now. Returns the jobs it touched.
   */
  async reconcile(): Promise<Job[]> {
    const touched: Job[] = [];
    for (const { job, kernelOp } of this.store.unfinished()) {
      if (this.entries.has(job.id)) continue;
      const entry = this.newEntry(job, kernelOp, { action: this.auditActionOf(job) ?? undefined });
      if (job.state === 'queued') {
        job.startedAt = job.startedAt ?? this.now().toISOString();
      }
      job.state = 'running';
      if (!kernelOp) {
        const last = job.argv.at(-1);
        this.log(entry, 'poolwatch restarted while this job ran');
        await this.finish(entry, 'interrupted',
          `poolwatch stopped while this job ran${last ? `; the outcome of \`${last.join(' ')}\` is unknown` : ''}: check the pool`);
        touched.push(structuredClone(entry.job));
        continue;
      }
      let obs: Observation;
      try {
        obs = await observe(this.host, kernelOp, { now: this.now(), starting: false });
      } catch (err) {
        obs = { running: false, progress: null, said: messageOf(err), outcome: { state: 'interrupted', message: `cannot read the ${kernelOp.type} status: ${messageOf(err)}` } };
      }
      if (obs.running) {
        this.log(entry, `poolwatch restarted; the kernel still runs the ${kernelOp.type}: following it again (${obs.said})`);
        if (obs.progress) this.applyProgress(entry, obs.progress);
        this.changed(entry);
        void this.execute(entry, async (ctx) => {
          await ctx.follow(kernelOp);
        });
        this.startProgressLoop(entry);
      } else {
        this.log(entry, `poolwatch restarted; the kernel no longer runs the ${kernelOp.type}; it last said: ${obs.said}`);
        const outcome = obs.outcome ?? { state: 'interrupted' as const, message: null };
        if (outcome.result) entry.job.result = outcome.result;
        if (obs.progress) this.applyProgress(entry, obs.progress);
        // Only an outcome the kernel states for this very operation counts; anything else is "interrupted".
        const state: JobState = outcome.state === 'succeeded' || outcome.state === 'cancelled' ? outcome.state : 'interrupted';
        await this.finish(entry, state, state === 'succeeded' ? null : (outcome.message ?? `the ${kernelOp.type} is no longer running`));
      }
      touched.push(structuredClone(entry.job));
    }
    return touched;
  }

  /**
   * Stops following and polling without touching any job: what a crash or shutdown does. The
   * journal keeps the jobs as running; the next runner's reconcile() picks them up.
   */
  stop(): void {
    this.stopped = true;
    for (const e of this.entries.values()) {
      // Releases anyone waiting in this process; the journal still says "running".
      e.resolve(structuredClone(e.job));
    }
    this.entries.clear();
  }

  // -------------------------------------------------------------------------------------------

  private newEntry(job: Job, kernelOp: KernelOp | null, opts: Entry['opts']): Entry {
    let resolve!: (job: Job) => void;
    const done = new Promise<Job>((r) => {
      resolve = r;
    });
    const entry: Entry = {
      job, kernelOp, abort: new AbortController(), cancelRequested: false, cancelling: null, following: false, firstSample: null,
      opts: { cancel: opts.cancel, finish: opts.finish, progress: opts.progress, action: opts.action }, done, resolve,
    };
    this.entries.set(job.id, entry);
    return entry;
  }

  private changed(entry: Entry): void {
    if (this.stopped || this.entries.get(entry.job.id) !== entry) return;
    this.writes.bestEffort('the progress of a job', () => this.store.update(entry.job));
    this.emit('job', structuredClone(entry.job));
  }

  private log(entry: Entry, line: string): void {
    entry.job.log.push(`${this.now().toISOString()} ${line}`);
    if (entry.job.log.length > MAX_LOG_LINES) entry.job.log.splice(0, entry.job.log.length - MAX_LOG_LINES);
    this.changed(entry);
  }

  private applyProgress(entry: Entry, p: Partial<JobProgress>): boolean {
    const next: JobProgress = { ...entry.job.progress, ...p };
    if (next.percent !== null) {
      const sample = { atMs: this.now().getTime(), percent: next.percent };
      if (!entry.firstSample) entry.firstSample = sample;
      if (p.etaSeconds === undefined || p.etaSeconds === null) next.etaSeconds = estimateEtaSeconds(entry.firstSample, sample);
    }
    if (JSON.stringify(next) === JSON.stringify(entry.job.progress)) return false;
    entry.job.progress = next;
    return true;
  }

  private guard(entry: Entry): void {
    if (this.stopped || this.entries.get(entry.job.id) !== entry) throw new RunnerStoppedError('the job runner stopped');
  }

  private async sleep(entry: Entry, ms: number): Promise<void> {
    await this.clock.sleep(ms);
    this.guard(entry);
  }

  /** The command already ran: a lost audit entry is logged in the job (which keeps its argv) rather than failing it. */
  private auditCommand(entry: Entry, spec: CommandSpec, exitCode: number | null, outcome: AuditOutcome, stderr: string | null): void {
    const written = this.writes.bestEffort('the audit entry of a command', () => this.audit.record({
      at: this.now().toISOString(), actor: entry.job.createdBy, action: entry.opts.action ?? `job.${entry.job.kind}`,
      poolUuid: entry.job.poolUuid, target: entry.job.target, argv: [spec.file, ...spec.args], exitCode, outcome, stderr,
      details: { jobId: entry.job.id },
    }));
    if (written === undefined) entry.job.log.push(`${this.now().toISOString()} could not write the audit entry of \`${[spec.file, ...spec.args].join(' ')}\`: the data dir refuses writes`);
  }

  private contextOf(entry: Entry, opts: { withoutSignal?: boolean } = {}): JobContext {
    const ctx: JobContext = {
      jobId: entry.job.id,
      signal: entry.abort.signal,
      exec: async (spec) => {
        this.guard(entry);
        entry.job.argv.push([spec.file, ...spec.args]);
        this.changed(entry);
        try {
          const r = await this.host.run(spec, opts.withoutSignal ? {} : { signal: entry.abort.signal });
          this.guard(entry);
          entry.job.stdout = keepTail(entry.job.stdout + r.stdout);
          entry.job.stderr = keepTail(entry.job.stderr + r.stderr);
          entry.job.exitCode = r.exitCode;
          this.auditCommand(entry, spec, r.exitCode, 'ok', r.stderr || null);
          this.changed(entry);
          return r;
        } catch (err) {
          if (err instanceof RunnerStoppedError) throw err;
          if (err instanceof HostError) {
            entry.job.stdout = keepTail(entry.job.stdout + (err.detail.stdout ?? ''));
            entry.job.stderr = keepTail(entry.job.stderr + (err.detail.stderr || `${err.message}\n`));
            entry.job.exitCode = err.detail.exitCode;
          } else {
            entry.job.stderr = keepTail(`${entry.job.stderr}${messageOf(err)}\n`);
          }
          const cancelled = entry.abort.signal.aborted && !opts.withoutSignal;
          this.auditCommand(entry, spec, err instanceof HostError ? err.detail.exitCode : null, cancelled ? 'cancelled' : 'failed',
            err instanceof HostError ? err.detail.stderr : messageOf(err));
          this.changed(entry);
          throw err;
        }
      },
      setProgress: (p) => {
        if (this.applyProgress(entry, p)) this.changed(entry);
      },
      log: (line) => {
        this.log(entry, line);
      },
      setNextSteps: (steps) => {
        entry.job.nextSteps = [...steps];
        this.changed(entry);
      },
      setResult: (result) => {
        entry.job.result = result;
        this.changed(entry);
      },
      track: (op) => {
        this.guard(entry);
        entry.kernelOp = op;
        const kept = this.writes.bestEffort('the kernel operation of a job', () => {
          this.store.setKernelOp(entry.job.id, op);
          return true;
        });
        if (kept === undefined) this.log(entry, 'could not note the kernel operation in the journal (the data dir refuses writes): after a restart this job is not followed again');
      },
      follow: async (op) => {
        ctx.track(op);
        entry.following = true;
        const since = this.now().getTime();
        let lastSeenRunning: number | null = null;
        let failures = 0;
        for (;;) {
          this.guard(entry);
          let obs: Observation;
          try {
            const at = this.now().getTime();
            obs = await observe(this.host, op, {
              now: this.now(),
              starting: at - since < STARTUP_GRACE_MS,
              ending: lastSeenRunning !== null && at - lastSeenRunning < SETTLE_MS,
            });
            if (obs.running && !obs.settling) lastSeenRunning = at;
            failures = 0;
          } catch (err) {
            this.guard(entry);
            if (++failures === 1) this.log(entry, `reading the ${op.type} status failed: ${messageOf(err)}`);
            if (failures >= MAX_OBSERVE_FAILURES) {
              throw new JobOutcomeError('interrupted', `the ${op.type} status could not be read ${failures} times in a row: ${messageOf(err)}`);
            }
            await this.sleep(entry, this.pollMs);
            continue;
          }
          this.guard(entry);
          // A full balance leaves only "no balance running" behind: after a cancel that worked, that is the cancel.
          if (!obs.running && obs.outcome?.state === 'succeeded' && op.type === 'balance' && op.convert === null && entry.cancelling && (await entry.cancelling)) {
            this.guard(entry);
            obs = { ...obs, progress: null, outcome: { state: 'cancelled', message: 'the balance was cancelled; the chunks it relocated so far stay where they are now' } };
          }
          if (obs.progress) ctx.setProgress(obs.progress);
          if (!obs.running) {
            const outcome = obs.outcome ?? { state: 'interrupted' as const, message: null };
            this.log(entry, `the kernel says the ${op.type} ended: ${obs.said}`);
            if (outcome.result) entry.job.result = outcome.result;
            if (outcome.state === 'succeeded') return obs;
            throw new JobOutcomeError(outcome.state, outcome.message ?? `the ${op.type} ended: ${obs.said}`, outcome.result ?? null);
          }
          await this.sleep(entry, this.pollMs);
        }
      },
      sleep: (ms) => this.sleep(entry, ms),
    };
    return ctx;
  }

  private async execute(entry: Entry, run: (ctx: JobContext) => Promise<void>): Promise<void> {
    try {
      await run(this.contextOf(entry));
      if (this.entries.get(entry.job.id) !== entry) return;
      await this.finish(entry, 'succeeded', null);
    } catch (err) {
      if (err instanceof RunnerStoppedError || this.entries.get(entry.job.id) !== entry) return;
      let state: JobState = 'failed';
      if (err instanceof JobOutcomeError) {
        state = err.state === 'failed' && entry.cancelRequested ? 'cancelled' : err.state;
        if (err.result) entry.job.result = err.result;
      } else if (entry.cancelRequested) {
        state = 'cancelled';
      }
      if (state === 'failed' && entry.kernelOp) {
        const lines = await btrfsKernelMessages(this.host);
        if (lines.length > 0) this.log(entry, `kernel log (last btrfs lines):\n${lines.join('\n')}`);
      }
      let error = state === 'cancelled' && !(err instanceof JobOutcomeError) ? 'cancelled' : messageOf(err);
      // A command that failed: what its stderr means in plain words first, then what it printed.
      if (state === 'failed' && err instanceof HostError) {
        const reason = reasonInText(err.detail.stderr);
        if (reason) error = `Failed: ${reason.words}. ${reason.next} (${error})`;
      }
      await this.finish(entry, state, error);
    }
  }

  private async finish(entry: Entry, state: JobState, error: string | null): Promise<void> {
    // Everyone keeps seeing the job as running until it is final (next steps included), so
    // nobody starts the pool's next operation while this one still holds it.
    const final: Job = structuredClone(entry.job);
    final.state = state;
    final.error = error;
    final.cancellable = false;
    const finishedAt = this.now().toISOString();
    final.finishedAt = finishedAt;
    if (state === 'succeeded' && final.progress.percent !== null) final.progress = { ...final.progress, percent: 100, etaSeconds: null };
    else final.progress = { ...final.progress, etaSeconds: null };
    const hook = entry.opts.finish ?? this.finishHook;
    try {
      const steps = await hook(structuredClone(final));
      if (steps) final.nextSteps = steps;
    } catch (err) {
      this.log(entry, `could not work out the next steps: ${messageOf(err)}`);
    }
    final.log = entry.job.log;
    entry.job = final;
    const job = final;
    if (this.stopped || this.entries.get(job.id) !== entry) return;
    this.changed(entry);
    this.writes.bestEffort('the audit entry of a finished job', () => this.audit.record({
      at: finishedAt, actor: job.createdBy, action: entry.opts.action ?? `job.${job.kind}`, poolUuid: job.poolUuid,
      target: job.target, argv: null, exitCode: job.exitCode,
      outcome: state === 'succeeded' ? 'ok' : state === 'cancelled' ? 'cancelled' : 'failed',
      stderr: state === 'succeeded' ? null : job.stderr.slice(-2000) || null,
      details: { jobId: job.id, state, error, summary: job.result?.summary ?? null },
    }));
    this.entries.delete(job.id);
    entry.resolve(structuredClone(job));
  }

  /** Polls progress while a job runs a foreground command (or a tracked operation) it is not following. */
  private startProgressLoop(entry: Entry): void {
    const live = () => !this.stopped && this.entries.get(entry.job.id) === entry;
    void (async () => {
      for (;;) {
        await this.clock.sleep(this.pollMs);
        if (!live()) return;
        if (entry.following) continue;
        try {
          let p: Partial<JobProgress> | null = null;
          if (entry.opts.progress) p = await entry.opts.progress();
          else if (entry.kernelOp) p = (await observe(this.host, entry.kernelOp, { now: this.now(), starting: true })).progress;
          if (p && live() && this.applyProgress(entry, p)) this.changed(entry);
        } catch {
          // Progress is a nicety; the job's own command decides how it ends.
        }
      }
    })();
  }
}

function busyMessage(job: Job): string {
  return `a ${job.kind} job (${job.id}, started ${job.startedAt ?? job.createdAt} by ${job.createdBy}) is running on this pool; ` +
    'btrfs allows one exclusive operation per pool at a time: wait until it ends or cancel it';
}
