/**
 * The one entry point for maintenance actions: validates the body, takes a fresh snapshot (device
 * paths and devids come only from it), runs the action's pre-flight, checks the typed label of
 * destructive actions, and starts the job. Every refusal is audited; nothing runs before all
 * checks passed.
 */
import { ACTION_BODIES, type ActionName, type ActionPlan } from '../../contracts/actions.ts';
import type { Job } from '../../contracts/jobs.ts';
import { ConflictError, NotFoundError, ValidationError, markAudited } from '../errors.ts';
import { cmd } from '../host/commands.ts';
import type { Host } from '../host/host.ts';
import type { Clock } from '../clock.ts';
import type { SnapshotSource } from '../inventory/inventory-service.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import type { AuditRefusals } from '../services/audit-refusals.ts';
import type { InventoryStore } from '../store/inventory-store.ts';
import type { ManagedPoolStore } from '../store/managed-store.ts';
import { parseInput } from '../validation.ts';
import { balanceCancel, balancePause, balanceResume, balanceStart } from './actions/balance.ts';
import { resetCounters } from './actions/counters.ts';
import { wipeOldMember } from './actions/wipe.ts';
import { addDevices, removeDevice, removeMissing } from './actions/devices.ts';
import { mount, mountDegradedRo, remountDegradedRw, unmount } from './actions/mount.ts';
import { nextStepsAfter } from './actions/next-steps.ts';
import { checkConfirmLabel, confirmationLabel } from './actions/preflight.ts';
import { replace, resize } from './actions/replace.ts';
import { scrubCancel, scrubResume, scrubStart } from './actions/scrub.ts';
import type { ActionEnv, ActionHandler, PreparedAction } from './actions/types.ts';
import type { JobRunner } from './job-runner.ts';

// Each handler takes the body its ACTION_BODIES schema yields.
const HANDLERS: { [A in ActionName]: ActionHandler<never> } = {
  mount,
  unmount,
  'mount-degraded-ro': mountDegradedRo,
  'remount-degraded-rw': remountDegradedRw,
  replace,
  resize,
  'remove-missing': removeMissing,
  'remove-device': removeDevice,
  'add-devices': addDevices,
  'balance-start': balanceStart,
  'balance-pause': balancePause,
  'balance-resume': balanceResume,
  'balance-cancel': balanceCancel,
  'scrub-start': scrubStart,
  'scrub-cancel': scrubCancel,
  'scrub-resume': scrubResume,
  'reset-counters': resetCounters,
  'wipe-old-member': wipeOldMember,
};

export interface ActionServiceOptions {
  host: Host;
  inventory: SnapshotSource;
  runner: JobRunner;
  /** Refused actions, aggregated per admin, action and reason per minute. */
  refusals: AuditRefusals;
  /** Counter history (reset-counters keeps the values first). */
  counters: InventoryStore;
  managed: ManagedPoolStore;
  /** POOLWATCH_MOUNT_ROOT: where mount actions mount pools. */
  mountRoot: string;
  clock: Clock;
}

export type ActionOutcome = { job: Job; plan: ActionPlan } | { job: null; plan: ActionPlan };

export class ActionService {
  private readonly refusals: AuditRefusals;
  private readonly counters: InventoryStore;
  private readonly managed: ManagedPoolStore;
  private readonly now: () => Date;
  readonly mountRoot: string;

  constructor(private readonly opts: ActionServiceOptions) {
    this.refusals = opts.refusals;
    this.counters = opts.counters;
    this.managed = opts.managed;
    this.now = () => opts.clock.now();
    this.mountRoot = opts.mountRoot;
  }

  /**
   * Runs (or, with dryRun, only plans) an action on a pool. Throws ValidationError (400),
   * NotFoundError (404) or ConflictError (409) — audited as refused — before anything runs.
   */
  async run(action: ActionName, poolUuid: string, rawBody: unknown, actor: string): Promise<ActionOutcome> {
    const refuse = (err: unknown, target: string | null = null): never => {
      if (err instanceof ValidationError || err instanceof ConflictError || err instanceof NotFoundError) {
        this.refusals.record({
          actor, ip: null, action: `pool.${action}`, reason: err.message, poolUuid, target, capped: false,
          details: { message: err.message, body: redact(rawBody) },
        });
        markAudited(err);
      }
      throw err;
    };
    let input: unknown;
    try {
      input = parseInput(ACTION_BODIES[action], rawBody ?? {}, `invalid ${action} request`, 'body');
    } catch (err) {
      return refuse(err);
    }
    const body = input as { dryRun?: boolean; confirmLabel?: string };
    let prepared: PreparedAction;
    let plan: ActionPlan;
    let env: ActionEnv;
    try {
      const snapshot = await this.opts.inventory.snapshot({ force: true });
      const pool = snapshot.pools.find((p) => p.uuid.toLowerCase() === poolUuid.toLowerCase());
      if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${poolUuid} on this machine`);
      // ADR 010: nothing runs on a pool poolwatch could not read; its members are unknown.
      if (pool.unreadable) throw new ConflictError(`poolwatch could not read pool ${pool.uuid}, so nothing is run on it: ${pool.unreadable.reason}`);
      env = {
        pool, snapshot, host: this.opts.host, runner: this.opts.runner, mountRoot: this.mountRoot,
        managed: this.managed.uuids().has(pool.uuid), counters: this.counters, now: this.now, actor,
      };
      prepared = await (HANDLERS[action] as ActionHandler<unknown>)(env, input);
      plan = {
        action, poolUuid: pool.uuid, target: prepared.target,
        commands: prepared.commands.map((c) => [c.file, ...c.args]),
        warnings: prepared.warnings, nextSteps: prepared.nextSteps,
        confirmLabel: prepared.confirm ? confirmationLabel(pool, prepared.confirmTarget ?? null) : null, exclusive: prepared.exclusive,
        ...(prepared.space !== undefined ? { space: prepared.space } : {}),
      };
      if (prepared.exclusive) await this.opts.runner.assertPoolFree(pool.uuid);
      if (body.dryRun) return { job: null, plan };
      if (prepared.confirm) checkConfirmLabel(pool, body.confirmLabel, prepared.confirmTarget ?? null);
    } catch (err) {
      return refuse(err);
    }
    try {
      const job = await this.opts.runner.start({
        kind: action, poolUuid: env.pool.uuid, target: prepared.target, actor, exclusive: prepared.exclusive,
        action: `pool.${action}`, nextSteps: prepared.nextSteps,
        log: [...prepared.log, ...prepared.warnings.map((w) => `warning: ${w}`)],
        run: prepared.run, progress: prepared.progress, cancellable: prepared.cancellable,
        finish: (j) => this.nextStepsFor(j),
      });
      return { job, plan };
    } catch (err) {
      return refuse(err, prepared.target);
    }
  }

  /** Next steps for a job that just ended, from a fresh look at its pool. */
  async nextStepsFor(job: Job): Promise<string[] | null> {
    if (!job.poolUuid || !(job.kind in HANDLERS)) return null;
    const snapshot = await this.opts.inventory.snapshot({ force: true });
    const pool = snapshot.pools.find((p) => p.uuid === job.poolUuid) ?? null;
    let mixedProfiles: boolean | null = null;
    if (pool?.mounted && pool.mountPoint) {
      try {
        const usage = parseFiUsage((await this.opts.host.run(cmd.fiUsage(pool.mountPoint))).stdout);
        mixedProfiles = usage.mixedProfiles;
      } catch {
        mixedProfiles = null;
      }
    }
    return nextStepsAfter(job, { pool, mixedProfiles, slack: pool ? (snapshot.slack[pool.uuid] ?? []) : [] });
  }
}

/** The body as audited: the typed confirmation is not worth keeping, everything else is. */
function redact(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body ?? null;
  const { confirmLabel: _confirm, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** The audit action a job of this kind was started under (JobRunner's `auditAction` after a restart). */
export function actionAuditName(job: Job): string | null {
  return job.kind in HANDLERS ? `pool.${job.kind}` : null;
}
