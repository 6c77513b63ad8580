/**
 * Watches what poolwatch sees and turns changes into notifications, whether or not a browser is
 * open: on every change the watcher reports (and once a minute, for reminders and a scan that stopped
 * finishing) it gathers the facts, runs the pure evaluation (server/health/notify-events.ts), and
 * records the new memory and the queued messages in one transaction; the NotifyService delivers.
 * Finished jobs are told as they end.
 */
import type { Job } from '../../contracts/jobs.ts';
import type { NotifyEvent, NotifySettings, OpenProblem } from '../../contracts/notify.ts';
import type { SmartDiskSummary } from '../../contracts/smart.ts';
import type { PoolView } from '../../contracts/views.ts';
import { evaluate, jobEvents, type MonitorFacts, type MonitorMemory } from '../health/notify-events.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import type { NotifyStore } from '../store/notify-store.ts';
import { coalesce } from './coalesce.ts';
import type { NotifyService } from './notify-service.ts';
import { every, type Clock, type Repeating } from '../clock.ts';

/** Reminders and "no scan for N minutes" need a clock tick even when nothing changes. */
export const MONITOR_TICK_MS = 60_000;

/** The slice of an event emitter this service listens to (the PoolWatcher's `change`, the JobRunner's `job`). */
interface Emits<E extends string, A extends unknown[]> {
  on(event: E, listener: (...args: A) => void): unknown;
  off(event: E, listener: (...args: A) => void): unknown;
}

export interface MonitorServiceDeps {
  snapshot: () => Promise<Snapshot>;
  /** The pool views the pages show for a snapshot (imported or not, health with S.M.A.R.T. and jobs). */
  views: (snap: Snapshot, at: Date) => PoolView[];
  smart: (() => Promise<SmartDiskSummary[]>) | null;
  /** The watcher: its last error and last scan, and its change events. */
  watcher: { lastError: Error | null; lastScannedAt: string | null } & Emits<'change', []>;
  /** The job runner's `job` events. */
  jobs: Emits<'job', [Job]> | null;
  store: NotifyStore;
  notify: NotifyService;
  settings: () => NotifySettings;
  clock: Clock;
}

export class MonitorService {
  private loop: Repeating | null = null;
  private readonly rounds = coalesce(async () => {
    try {
      await this.evaluateOnce();
      this.lastError = null;
    } catch (err) {
      const message = (err as Error).message;
      if (this.lastError !== message) console.error(`poolwatch: notification evaluation failed: ${message}`);
      this.lastError = message;
    }
  });
  private readonly startedAt: string;
  private dataDirError: string | null = null;
  private readonly toldJobs = new Set<string>();
  private lastLabels = new Map<string, string | null>();
  /** While the database cannot be written: the memory kept in this process instead. */
  private volatileMemory: MonitorMemory | null = null;
  private readonly onChange = () => void this.evaluate();
  private readonly onJob = (job: Job) => this.jobChanged(job);
  /** The last evaluation that failed, for the status page and the log. */
  lastError: string | null = null;

  constructor(private readonly deps: MonitorServiceDeps) {
    this.startedAt = deps.clock.now().toISOString();
  }

  start(): void {
    if (this.loop) return;
    this.deps.watcher.on('change', this.onChange);
    this.deps.jobs?.on('job', this.onJob);
    this.loop = every(this.deps.clock, MONITOR_TICK_MS, () => this.evaluate());
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
    this.deps.watcher.off('change', this.onChange);
    this.deps.jobs?.off('job', this.onJob);
  }

  /**
   * For whoever finds the data folder unwritable (the composition root forwards every change of
   * DataDirHealth: a failed write anywhere, or the minute's probe): raises "poolwatch cannot write
   * its data folder", null clears it.
   */
  reportDataDirError(message: string | null): void {
    if (this.dataDirError === message) return;
    this.dataDirError = message;
    void this.evaluate();
  }

  /** Open problems as last recorded. */
  problems(): OpenProblem[] {
    return Object.entries(this.deps.store.memory().problems).map(([key, p]) => ({
      key, kind: p.kind, severity: p.severity, title: p.title, text: p.text, poolUuid: p.poolUuid, since: p.since, lastNotifiedAt: p.lastNotifiedAt,
    }));
  }

  /** One evaluation now (single-flight: a call while one runs makes it run once more). */
  evaluate(): Promise<void> {
    return this.rounds();
  }

  private async gather(): Promise<MonitorFacts | null> {
    const w = this.deps.watcher;
    // Nothing to judge before the first scan, unless scanning itself is what fails.
    if (w.lastScannedAt === null && w.lastError === null && Date.parse(this.deps.clock.now().toISOString()) - Date.parse(this.startedAt) < this.deps.settings().scanStuckMinutes * 60_000) return null;
    const at = this.deps.clock.now();
    let snap: Snapshot | null = null;
    if (w.lastScannedAt !== null) snap = await this.deps.snapshot().catch(() => null);
    const pools = snap ? this.deps.views(snap, at) : [];
    this.lastLabels = new Map(pools.map((p) => [p.uuid, p.label]));
    const smart = snap && this.deps.smart ? await this.deps.smart().catch(() => []) : [];
    return {
      at: at.toISOString(),
      pools,
      disks: snap?.disks ?? [],
      smart: smart.map((s) => ({ diskKey: s.diskKey, path: s.path, status: s.status, topReason: s.topReason })),
      scan: { lastScanAt: w.lastScannedAt, error: w.lastError?.message ?? null, startedAt: this.startedAt },
      dataDirError: this.dataDirError,
    };
  }

  private async evaluateOnce(): Promise<void> {
    const facts = await this.gather();
    if (!facts) return;
    // Without pools from a scan, pool problems cannot be judged: keep them as they are.
    const memory = this.volatileMemory ?? this.deps.store.memory();
    const result = evaluate(memory, facts, this.deps.settings());
    if (facts.pools.length === 0 && this.deps.watcher.lastError !== null) {
      for (const [key, p] of Object.entries(memory.problems)) if (p.poolUuid && !result.memory.problems[key]) result.memory.problems[key] = p;
      result.events.splice(0, result.events.length, ...result.events.filter((e) => !(e.phase === 'resolved' && e.poolUuid)));
    }
    this.record(result.events, facts.at, result.memory);
  }

  private jobChanged(job: Job): void {
    if (job.state === 'queued' || job.state === 'running' || this.toldJobs.has(job.id)) return;
    this.toldJobs.add(job.id);
    const events = jobEvents(job, job.poolUuid ? (this.lastLabels.get(job.poolUuid) ?? null) : null);
    if (events.length > 0) this.record(events, this.deps.clock.now().toISOString());
  }

  /**
   * Memory and outbox in one transaction. When the database cannot be written, the memory is kept
   * in this process, "cannot write its data folder" is raised, and messages go out directly
   * (one attempt each: there is no outbox to retry from).
   */
  private record(events: NotifyEvent[], at: string, memory?: MonitorMemory): void {
    try {
      this.deps.store.transaction(() => {
        if (memory) this.deps.store.saveMemory(memory, at);
        this.deps.notify.enqueue(events, at);
      });
      if (this.volatileMemory) {
        this.volatileMemory = null;
        this.dataDirError = null;
        void this.evaluate();
      }
    } catch (err) {
      const message = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`;
      const first = this.volatileMemory === null;
      if (memory) this.volatileMemory = memory;
      else this.volatileMemory ??= this.deps.store.memory();
      this.dataDirError = message;
      if (first) console.error(`poolwatch: cannot record notifications in the database: ${message}`);
      void this.deps.notify.sendDirect(events, at);
      if (first) void this.evaluate();
      return;
    }
    if (events.length > 0) void this.deps.notify.deliver();
  }
}
