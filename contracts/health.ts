/**
 * Pool health and "Maintenance required" guidance: the shape server/health produces and the UI
 * renders. Every code is a closed enum so the UI can key icons/tests on it; the words live in
 * server/health/text.ts. Depends on zod only.
 */
import { z } from 'zod';

export const ALERT_CODES = [
  'device-missing',
  'redundancy-exceeded',
  'device-errors',
  'mixed-profiles',
  'at-minimum-members',
  'no-spare-disk',
  'parity-profile',
  'replace-slack',
  'mounted-degraded',
  'unknown-profile',
  // An exclusive btrfs operation (balance, replace, device remove, …) holds the pool.
  'operation-running',
  // Part of the snapshot could not be read: the verdict may be incomplete.
  'read-problem',
  // A member's SMART verdict is failing: the pool is at risk (replace it while redundancy lasts).
  'smart-failing',
  // A member's SMART data shows warnings: advice, no banner.
  'smart-warning',
  // An attached disk still carries the pool's filesystem but is no longer a member: wipe before reuse.
  'stale-member',
  // The pool could not be read at all: poolwatch cannot vouch for it.
  'pool-unreadable',
] as const;
export const AlertCode = z.enum(ALERT_CODES);
export type AlertCode = z.infer<typeof AlertCode>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const Alert = z.object({
  code: AlertCode,
  severity: AlertSeverity,
  message: z.string(),
  /** The member the alert is about, when it is about one. */
  devid: z.number().int().nullable().optional(),
});
export type Alert = z.infer<typeof Alert>;

/** `unreadable`: poolwatch could not read the pool and cannot vouch for it (a problem, like degraded). */
/** `at-risk`: nothing is missing, but a member's SMART verdict is failing. */
export const HealthStatus = z.enum(['healthy', 'warning', 'at-risk', 'degraded', 'failed', 'unreadable']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const PoolHealth = z.object({
  status: HealthStatus,
  alerts: z.array(Alert),
});
export type PoolHealth = z.infer<typeof PoolHealth>;

export const MAINTENANCE_STATES = [
  'beyond-redundancy',
  'mount-degraded-ro',
  'refresh-backups-then-rw',
  'remount-ro-first',
  'repair',
  'operation-running',
  // Nothing missing, but a member is failing (SMART): replace it while the others still hold a copy.
  'replace-failing',
  // Nothing missing, but members recorded errors: scrub, check, watch, then reset or replace.
  'device-errors',
  // Redundancy is back after a repair: a scrub has to verify it before the pool is trusted again.
  'scrub-after-repair',
] as const;
export const MaintenanceState = z.enum(MAINTENANCE_STATES);
export type MaintenanceState = z.infer<typeof MaintenanceState>;

export const RECOMMENDED_ACTIONS = ['remove-missing', 'replace-missing', 'add-then-remove-missing'] as const;
export const RecommendedAction = z.enum(RECOMMENDED_ACTIONS);
export type RecommendedAction = z.infer<typeof RecommendedAction>;

/** What a step does; `id` is unique within one guidance (a kind can repeat, e.g. one replace per missing devid). */
export const MAINTENANCE_STEP_KINDS = [
  'copy-off-now',
  'reattach-missing',
  'rescan-devices',
  'salvage-degraded-ro',
  'restore-from-backup',
  'support-bundle',
  'identify-profiles',
  'create-mount-point',
  'mount-degraded-ro',
  'refresh-backups',
  'remount-ro',
  'remount-degraded-rw',
  'find-missing-devid',
  'remove-missing',
  'add-device',
  'replace-missing',
  'replace-status',
  'check-mixed-profiles',
  'balance-convert-soft',
  'resize-max',
  'scrub',
  'operation-status',
  'wait-for-operation',
  'replace-failing',
  'check-smart',
  'watch-counters',
  'reset-counters',
  'replace-if-rising',
  // Nothing fits (space): keep the pool read-only and copy the data to another pool.
  'copy-data-off',
  // Nothing fits (space): delete data, then compact so whole chunks go back to unallocated.
  'free-and-compact',
] as const;
export const MaintenanceStepKind = z.enum(MAINTENANCE_STEP_KINDS);
export type MaintenanceStepKind = z.infer<typeof MaintenanceStepKind>;

/**
 * Where a step stands on the route: `done` (an earlier stage the pool is past), `now` (the stage
 * the pool is in), `next` (a later stage), `blocked` (cannot run on this pool — `blockedReason`
 * says why, from the same verdict the action's pre-flight uses).
 */
export const STEP_STATUSES = ['done', 'now', 'next', 'blocked'] as const;
export const StepStatus = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatus>;

export const MaintenanceStep = z.object({
  id: z.string(),
  kind: MaintenanceStepKind,
  status: StepStatus,
  /** Why the step cannot run on this pool (space, below the minimum, no disk to use); null unless blocked. */
  blockedReason: z.string().nullable(),
  title: z.string(),
  text: z.string(),
  why: z.string(),
  /** True when the step only applies in some cases (e.g. "if mixed profiles show up"). */
  optional: z.boolean(),
  /** argv of the command the step runs, never a shell string; null for steps done by hand. */
  command: z.array(z.string()).nullable(),
  /** The argv joined for display and copying, quoted for a POSIX shell. */
  commandText: z.string().nullable(),
});
export type MaintenanceStep = z.infer<typeof MaintenanceStep>;

export const MAINTENANCE_WARNING_CODES = [
  'degraded-sticky',
  'removal-slow',
  'replace-discouraged-parity',
  'scrub-after-rw',
  'parity-not-production',
  'backups-first',
  'below-minimum',
  // Any further member failure loses data.
  'no-redundancy-left',
  // Chunks of a weaker profile exist; ones that lived on the missing disk may be lost.
  'mixed-profiles-risk',
  'profiles-unknown',
  // raid1c3/raid1c4 need kernel 5.5+ to mount at all.
  'kernel-too-old',
  // btrfs runs one exclusive operation per pool.
  'one-operation-at-a-time',
  // The failing member holds the only copy of some data (single/raid0/dup): every read comes from it.
  'no-other-copy',
  // Counters are cumulative: reset only after the repair, with their values kept in the history.
  'reset-after-repair',
] as const;
export const MaintenanceWarningCode = z.enum(MAINTENANCE_WARNING_CODES);
export type MaintenanceWarningCode = z.infer<typeof MaintenanceWarningCode>;

export const MaintenanceWarning = z.object({ code: MaintenanceWarningCode, text: z.string() });
export type MaintenanceWarning = z.infer<typeof MaintenanceWarning>;

export const Maintenance = z.object({
  state: MaintenanceState,
  headline: z.string(),
  summary: z.string(),
  /** Set only in the `repair` state once the profile is known. */
  recommended: RecommendedAction.nullable(),
  /** Other routes that also work from here (never includes `recommended`). */
  alternatives: z.array(RecommendedAction),
  /** Display names of `recommended` and every alternative (the words live on the server). */
  actionLabels: z.partialRecord(RecommendedAction, z.string()),
  steps: z.array(MaintenanceStep),
  warnings: z.array(MaintenanceWarning),
});
export type Maintenance = z.infer<typeof Maintenance>;

export const PoolAssessment = z.object({
  health: PoolHealth,
  /** Null when nothing needs doing (no member missing or failing, no errors, no scrub owed). */
  maintenance: Maintenance.nullable(),
});
export type PoolAssessment = z.infer<typeof PoolAssessment>;

/**
 * Command arguments the admin must fill in (`<new-device>`, `<devid>`) look like this. The UI can
 * use it to refuse a one-click run and to highlight what to edit.
 */
export const COMMAND_PLACEHOLDER = /^<[^<>]+>$/;
export const isCommandPlaceholder = (arg: string): boolean => COMMAND_PLACEHOLDER.test(arg);
