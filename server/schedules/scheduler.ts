/**
 * Runs schedules as ordinary jobs: a scrub through the same action an admin starts (pre-flight,
 * audit, journal), a self-test through the SMART service. tick() looks at the clock it is given,
 * so tests advance a fake clock instead of waiting. A run that is due starts; one whose window
 * passed while poolwatch was down starts once at the next tick; a scrub whose pool is busy with a
 * replace or balance waits, and says so, until the pool is free.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from '../../contracts/jobs.ts';
import { SCHEDULE_KIND_TEXT, type Schedule, type ScheduleInput, type ScheduleKind } from '../../contracts/schedules.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { poolName } from '../health/pool-facts.ts';
import { dueState, nextOccurrence, recommendedSchedules } from '../health/schedule-times.ts';
import type { ScrubSpeed } from '../host/scrub-speed.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { ScheduleStore, StoredSchedule } from '../store/schedule-store.ts';
import { every, type Clock, type Repeating } from '../clock.ts';

/** How often due schedules are looked for; windows are hours long. */
export const SCHEDULER_TICK_MS = 30_000;
/** The actor jobs started by a schedule carry in the jobs list and the audit log. */
export const SCHEDULE_ACTOR = 'schedule';

export interface SchedulerDeps {
  store: ScheduleStore;
  audit: AuditStore;
  snapshot: () => Promise<Snapshot>;
  /** Starts the scrub action (ActionService.run('scrub-start', …)); throws when its pre-flight refuses. */
  startScrub: (poolUuid: string, actor: string) => Promise<Job>;
  /** Starts a self-test job (SmartSelfTests.start); throws ConflictError while one runs. */
  startSelfTest: (diskKey: string, type: 'short' | 'long', actor: string) => Promise<{ jobId: string }>;
  /** Why the pool cannot take an exclusive operation now (a replace, balance or scrub runs), or null. */
  poolBusy: (poolUuid: string) => Promise<string | null>;
  job: (id: string) => Job | null;
  waitJob: (id: string) => Promise<Job>;
  /** Disk keys whose S.M.A.R.T. is not available (loop devices, virtual disks): no self-test schedules for them. */
  noSmart: () => Promise<Set<string>>;
  scrubSpeed: ScrubSpeed;
  clock: Clock;
}

/** Appended to the outcome of a run whose window passed while poolwatch was not running. */
function lateNote(window: string): string {
  return ` (its window at ${window} passed while poolwatch was not running; ran at the next chance)`;
}
const LATE_NOTE = / \(its window at \S+ passed while poolwatch was not running; ran at the next chance\)$/;

export class Scheduler {
  private loop: Repeating | null = null;
  private ticking: Promise<void> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    if (this.loop) return;
    // First: whatever came due while poolwatch was down.
    this.loop = every(this.deps.clock, SCHEDULER_TICK_MS, () => this.tick(), { immediately: true });
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
  }

  // ---- reading -------------------------------------------------------------------------------------

  list(): Schedule[] {
    return this.deps.store.list().map((s) => this.view(s));
  }

  private view(s: StoredSchedule): Schedule {
    const { updatedAt: _u, ...rest } = s;
    const job = s.lastJobId ? this.deps.job(s.lastJobId) : null;
    // A run that came late (missed while poolwatch was down) keeps saying so beside its job's state.
    const late = s.lastOutcome?.match(LATE_NOTE)?.[0] ?? '';
    const lastOutcome = job ? `job ${job.state}${job.error ? `: ${job.error}` : job.result?.summary ? `: ${job.result.summary}` : ''}${late}` : s.lastOutcome;
    return { ...rest, lastOutcome };
  }

  private get(id: string): StoredSchedule {
    const s = this.deps.store.get(id);
    if (!s) throw new NotFoundError(`no schedule ${id}`);
    return s;
  }

  // ---- changes ---------------------------------------------------------------------------------------

  private async targetName(input: Pick<ScheduleInput, 'kind' | 'poolUuid' | 'diskKey'>): Promise<string> {
    const snap = await this.deps.snapshot();
    if (input.kind === 'scrub') {
      const pool = snap.pools.find((p) => p.uuid === input.poolUuid?.toLowerCase());
      if (!pool) throw new ValidationError(`no btrfs pool with uuid ${input.poolUuid} on this machine`);
      return poolName(pool);
    }
    const disk = snap.disks.find((d) => d.identity.key === input.diskKey);
    if (!disk) throw new ValidationError(`no disk with key ${input.diskKey} on this machine`);
    return disk.path ?? disk.identity.serial ?? disk.identity.key;
  }

  private duplicateOf(input: Pick<ScheduleInput, 'kind' | 'poolUuid' | 'diskKey'>, except: string | null): StoredSchedule | undefined {
    return this.deps.store.list().find((s) => s.id !== except && s.kind === input.kind && s.poolUuid === (input.poolUuid?.toLowerCase() ?? null) && s.diskKey === input.diskKey);
  }

  async create(input: ScheduleInput, actor: string): Promise<Schedule> {
    const dup = this.duplicateOf(input, null);
    if (dup) throw new ConflictError(`there is already a ${SCHEDULE_KIND_TEXT[input.kind as ScheduleKind]} schedule for ${dup.targetName ?? 'this target'}: change that one`);
    const now = this.deps.clock.now();
    const s: StoredSchedule = {
      id: `sch-${randomUUID().slice(0, 8)}`, kind: input.kind, poolUuid: input.poolUuid?.toLowerCase() ?? null, diskKey: input.diskKey,
      targetName: await this.targetName(input), enabled: input.enabled, recurrence: input.recurrence, speedLimitBytesPerSecond: input.speedLimitBytesPerSecond,
      nextRunAt: (input.nextRunAt ? new Date(input.nextRunAt) : nextOccurrence(input.recurrence, now)).toISOString(),
      lastRunAt: null, lastJobId: null, lastOutcome: null, waiting: null, createdAt: now.toISOString(), createdBy: actor, updatedAt: now.toISOString(),
    };
    this.deps.store.save(s);
    this.audit('schedule.create', s, actor);
    return this.view(s);
  }

  async update(id: string, input: ScheduleInput, actor: string): Promise<Schedule> {
    const before = this.get(id);
    const dup = this.duplicateOf(input, id);
    if (dup) throw new ConflictError(`there is already a ${SCHEDULE_KIND_TEXT[input.kind as ScheduleKind]} schedule for ${dup.targetName ?? 'this target'}`);
    const now = this.deps.clock.now();
    const recurrenceChanged = JSON.stringify(before.recurrence) !== JSON.stringify(input.recurrence);
    const nextRunAt = input.nextRunAt ? new Date(input.nextRunAt).toISOString() : recurrenceChanged || !before.nextRunAt ? nextOccurrence(input.recurrence, now).toISOString() : before.nextRunAt;
    const s: StoredSchedule = {
      ...before, kind: input.kind, poolUuid: input.poolUuid?.toLowerCase() ?? null, diskKey: input.diskKey, targetName: await this.targetName(input),
      enabled: input.enabled, recurrence: input.recurrence, speedLimitBytesPerSecond: input.speedLimitBytesPerSecond, nextRunAt,
      waiting: input.enabled ? before.waiting : null, updatedAt: now.toISOString(),
    };
    this.deps.store.save(s);
    this.audit('schedule.update', s, actor);
    return this.view(s);
  }

  delete(id: string, actor: string): void {
    const s = this.get(id);
    this.deps.store.delete(id);
    this.audit('schedule.delete', s, actor);
  }

  /** The seed's advice for one pool: a monthly scrub, and staggered self-tests of members that have S.M.A.R.T. */
  async recommended(poolUuid: string, actor: string): Promise<{ created: Schedule[]; skipped: string[] }> {
    const snap = await this.deps.snapshot();
    const pool = snap.pools.find((p) => p.uuid === poolUuid.toLowerCase());
    if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${poolUuid} on this machine`);
    const noSmart = await this.deps.noSmart();
    const skipped: string[] = [];
    const members: string[] = [];
    for (const d of pool.devices) {
      if (d.missing || !d.disk) continue;
      if (noSmart.has(d.disk.key)) skipped.push(`${d.path ?? d.disk.key}: S.M.A.R.T. is not available on this disk, so no self-test schedules`);
      else members.push(d.disk.key);
    }
    const created: Schedule[] = [];
    for (const plan of recommendedSchedules(pool.uuid, members)) {
      const input = { ...plan, enabled: true, speedLimitBytesPerSecond: null };
      const dup = this.duplicateOf(input, null);
      if (dup) {
        skipped.push(`${SCHEDULE_KIND_TEXT[plan.kind]} for ${dup.targetName ?? 'it'}: one exists already`);
        continue;
      }
      created.push(await this.create(input, actor));
    }
    return { created, skipped };
  }

  /** Settings import: the schedules as given (validated by the caller), targets looked up afresh. */
  async replaceAll(inputs: readonly ScheduleInput[], actor: string): Promise<number> {
    const now = this.deps.clock.now();
    const list: StoredSchedule[] = [];
    for (const input of inputs) {
      list.push({
        id: `sch-${randomUUID().slice(0, 8)}`, kind: input.kind, poolUuid: input.poolUuid?.toLowerCase() ?? null, diskKey: input.diskKey,
        targetName: await this.targetName(input).catch(() => null), enabled: input.enabled, recurrence: input.recurrence,
        speedLimitBytesPerSecond: input.speedLimitBytesPerSecond, nextRunAt: nextOccurrence(input.recurrence, now).toISOString(),
        lastRunAt: null, lastJobId: null, lastOutcome: null, waiting: null, createdAt: now.toISOString(), createdBy: actor, updatedAt: now.toISOString(),
      });
    }
    this.deps.store.replaceAll(list);
    this.deps.audit.record({ at: now.toISOString(), actor, action: 'schedule.import', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok', details: { count: list.length } });
    return list.length;
  }

  private audit(action: string, s: StoredSchedule, actor: string): void {
    this.deps.audit.record({
      at: this.deps.clock.now().toISOString(), actor, action, poolUuid: s.poolUuid, target: s.targetName, argv: null, exitCode: null, outcome: 'ok',
      details: { id: s.id, kind: s.kind, diskKey: s.diskKey, enabled: s.enabled, recurrence: s.recurrence, nextRunAt: s.nextRunAt, speedLimitBytesPerSecond: s.speedLimitBytesPerSecond },
    });
  }

  // ---- running ---------------------------------------------------------------------------------------

  /** Starts every schedule that is due at the clock's now. One tick at a time. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.tickOnce().catch((err: unknown) => console.error(`poolwatch: schedules: ${(err as Error).message}`)).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async tickOnce(): Promise<void> {
    for (const s of this.deps.store.list()) {
      if (!s.enabled || !s.nextRunAt) continue;
      const now = this.deps.clock.now();
      const state = dueState(new Date(s.nextRunAt), s.recurrence, now);
      if (state === 'not-due') continue;
      await this.run(s, now, state === 'missed');
    }
  }

  private async run(s: StoredSchedule, now: Date, missed: boolean): Promise<void> {
    const at = now.toISOString();
    const advance = (outcome: string, jobId: string | null): void => {
      const note = missed ? lateNote(s.nextRunAt!) : '';
      this.deps.store.save({
        ...s, lastRunAt: jobId ? at : s.lastRunAt, lastJobId: jobId ?? s.lastJobId, lastOutcome: `${outcome}${note}`, waiting: null,
        nextRunAt: nextOccurrence(s.recurrence, now).toISOString(), updatedAt: at,
      });
    };
    const wait = (why: string): void => {
      if (s.waiting === why) return;
      this.deps.store.save({ ...s, waiting: why, updatedAt: at });
    };
    if (s.kind === 'scrub' && s.poolUuid) {
      const snap = await this.deps.snapshot();
      const pool = snap.pools.find((p) => p.uuid === s.poolUuid);
      if (!pool) return advance('did not start: the pool is not on this machine', null);
      if (!pool.mounted) return advance(`did not start: pool ${poolName(pool)} is not mounted (a scrub needs it mounted)`, null);
      const busy = await this.deps.poolBusy(pool.uuid);
      if (busy) return wait(`waits: ${busy}`);
      const devids = pool.devices.filter((d) => !d.missing).map((d) => d.devid);
      const limited = s.speedLimitBytesPerSecond ? await this.deps.scrubSpeed.set(pool.uuid, devids, s.speedLimitBytesPerSecond).catch(() => false) : false;
      let job: Job;
      try {
        job = await this.deps.startScrub(pool.uuid, SCHEDULE_ACTOR);
      } catch (err) {
        if (limited) await this.deps.scrubSpeed.set(pool.uuid, devids, 0).catch(() => false);
        if (err instanceof ConflictError) return wait(`waits: ${err.message}`);
        return advance(`did not start: ${(err as Error).message}`, null);
      }
      if (limited) {
        // Back to no limit once this scrub is over, so a scrub the admin starts runs at full speed.
        void this.deps.waitJob(job.id).then(() => this.deps.scrubSpeed.set(pool.uuid, devids, 0)).catch(() => undefined);
      }
      const speed = s.speedLimitBytesPerSecond ? (limited ? `, limited to ${Math.round(s.speedLimitBytesPerSecond / 1024 / 1024)} MiB/s per member` : '; this kernel has no scrub_speed_max, so it runs at full speed') : '';
      return advance(`started scrub job ${job.id}${speed}`, job.id);
    }
    if ((s.kind === 'smart-short' || s.kind === 'smart-long') && s.diskKey) {
      try {
        const { jobId } = await this.deps.startSelfTest(s.diskKey, s.kind === 'smart-short' ? 'short' : 'long', SCHEDULE_ACTOR);
        return advance(`started self-test job ${jobId}`, jobId);
      } catch (err) {
        if (err instanceof ConflictError && /already|running/.test(err.message)) return wait(`waits: ${err.message}`);
        return advance(`did not start: ${(err as Error).message}`, null);
      }
    }
    advance(`did not start: this version of poolwatch cannot run a "${s.kind}" schedule`, null);
  }
}
