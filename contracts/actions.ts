/**
 * Maintenance actions: POST /api/pools/:uuid/actions/:action with one of the bodies below.
 * Every action runs as a job (contracts/jobs.ts); `dryRun: true` runs only the pre-flight checks
 * and answers with the plan (the exact commands) so the UI can show them before the admin
 * confirms. Destructive actions need `confirmLabel`: the pool's label, or its uuid when it has none;
 * for a replace, followed by a space and the target disk's serial (or its /dev/disk/by-id name).
 * Depends on zod only.
 */
import { z } from 'zod';
import { Profile } from './api.ts';
import { SpaceVerdict } from './space.ts';

export const ACTION_NAMES = [
  'mount',
  'unmount',
  'mount-degraded-ro',
  'remount-degraded-rw',
  'replace',
  'resize',
  'remove-missing',
  'remove-device',
  'add-devices',
  'balance-start',
  'balance-pause',
  'balance-resume',
  'balance-cancel',
  'scrub-start',
  'scrub-cancel',
  'scrub-resume',
  'reset-counters',
  'wipe-old-member',
] as const;
export const ActionName = z.enum(ACTION_NAMES);
export type ActionName = z.infer<typeof ActionName>;

const DryRun = { dryRun: z.boolean().optional() };
/** Required unless dryRun; checked against the pool by the server (400 when wrong). */
const ConfirmLabel = { confirmLabel: z.string().max(256).optional() };
const Devid = z.number().int().min(1);
/** A disk identity key as GET /api/disks lists it (`wwn:…`, `serial:…`, `loop:…`). */
const DiskKey = z.string().min(1).max(1024);

export const EmptyActionBody = z.strictObject({ ...DryRun });
export type EmptyActionBody = z.infer<typeof EmptyActionBody>;

/** Unmounting takes the pool away from whatever uses it: confirmed with the pool's label. */
export const UnmountBody = z.strictObject({ ...DryRun, ...ConfirmLabel });
export type UnmountBody = z.infer<typeof UnmountBody>;

export const ReplaceBody = z.strictObject({
  ...DryRun,
  ...ConfirmLabel,
  /** The member to replace (missing or present). */
  devid: Devid,
  targetDisk: DiskKey,
  /**
   * `-r`: read from the old member only when no other good copy exists. Default: on when the old
   * member is present (a failing disk is slow and may return errors); meaningless when missing.
   */
  readFromOtherMirrors: z.boolean().optional(),
  /** The target has a filesystem signature and the admin agrees to erase it (`wipefs -a`). */
  wipe: z.boolean().optional(),
  /** raid5/raid6: replace anyway (add-then-remove is recommended). */
  force: z.boolean().optional(),
});
export type ReplaceBody = z.infer<typeof ReplaceBody>;

export const ResizeBody = z.strictObject({
  ...DryRun,
  devid: Devid,
  /** `max` grows the member to its disk; a byte count shrinks (or grows) it to that size. */
  size: z.union([z.literal('max'), z.number().int().positive()]),
});
export type ResizeBody = z.infer<typeof ResizeBody>;

/**
 * Move the metadata first (`btrfs balance start -m`, in the foreground) and only then remove: what
 * the space verdict offers when moving data first could leave no room for metadata and force the
 * pool read-only. If the metadata balance fails, the remove does not run.
 */
const MetadataFirst = { metadataFirst: z.boolean().optional() };

export const RemoveMissingBody = z.strictObject({ ...DryRun, ...ConfirmLabel, ...MetadataFirst });
export type RemoveMissingBody = z.infer<typeof RemoveMissingBody>;

export const RemoveDeviceBody = z.strictObject({ ...DryRun, ...ConfirmLabel, ...MetadataFirst, devid: Devid });
export type RemoveDeviceBody = z.infer<typeof RemoveDeviceBody>;

export const AddDevicesBody = z.strictObject({
  ...DryRun,
  ...ConfirmLabel,
  disks: z.array(DiskKey).min(1).max(16),
  /** Erase filesystem signatures on the disks first; needs confirmLabel. */
  wipe: z.boolean().optional(),
});
export type AddDevicesBody = z.infer<typeof AddDevicesBody>;

export const BALANCE_MODES = ['convert-soft', 'full'] as const;
export const BalanceStartBody = z.strictObject({
  ...DryRun,
  /** Asked for only when the space engine expects a full balance to run out of room (ADR 023). */
  ...ConfirmLabel,
  /**
   * convert-soft: `-dconvert=<p>,soft -mconvert=<p>,soft`, re-establishing redundancy after mixed
   * profiles (only chunks not yet in the profile move). full: rewrite every chunk (after adding disks).
   */
  mode: z.enum(BALANCE_MODES).default('convert-soft'),
  /** Default: the pool's intended (most redundant) data / metadata profile. */
  dataProfile: Profile.optional(),
  metadataProfile: Profile.optional(),
});
export type BalanceStartBody = z.infer<typeof BalanceStartBody>;

export const ResetCountersBody = z.strictObject({ ...DryRun, ...ConfirmLabel });
export type ResetCountersBody = z.infer<typeof ResetCountersBody>;

/**
 * Erase an old member's signatures (`wipefs -a`): a disk that still carries this pool's filesystem
 * but is no longer one of its members. confirmLabel: the pool's label, a space, the disk's serial
 * (or by-id name).
 */
export const WipeOldMemberBody = z.strictObject({ ...DryRun, ...ConfirmLabel, disk: DiskKey });
export type WipeOldMemberBody = z.infer<typeof WipeOldMemberBody>;

/** The body schema of each action. */
export const ACTION_BODIES = {
  mount: EmptyActionBody,
  unmount: UnmountBody,
  'mount-degraded-ro': EmptyActionBody,
  'remount-degraded-rw': EmptyActionBody,
  replace: ReplaceBody,
  resize: ResizeBody,
  'remove-missing': RemoveMissingBody,
  'remove-device': RemoveDeviceBody,
  'add-devices': AddDevicesBody,
  'balance-start': BalanceStartBody,
  'balance-pause': EmptyActionBody,
  'balance-resume': EmptyActionBody,
  'balance-cancel': EmptyActionBody,
  'scrub-start': EmptyActionBody,
  'scrub-cancel': EmptyActionBody,
  'scrub-resume': EmptyActionBody,
  'reset-counters': ResetCountersBody,
  'wipe-old-member': WipeOldMemberBody,
} as const satisfies Record<ActionName, z.ZodType>;

/** What an action will do: answered for `dryRun: true`, and kept in the job once it runs. */
export const ActionPlan = z.object({
  action: ActionName,
  poolUuid: z.string(),
  target: z.string().nullable(),
  /** The commands, in order, as argv arrays (the UI shows them before the admin confirms). */
  commands: z.array(z.array(z.string())),
  /** Things to know before confirming (parity, sticky degraded, …). */
  warnings: z.array(z.string()),
  /** What to do once it is done. */
  nextSteps: z.array(z.string()),
  /** The typed label the server expects in confirmLabel, or null when no confirmation is needed. */
  confirmLabel: z.string().nullable(),
  exclusive: z.boolean(),
  /** Whether it fits, with the numbers (replace, removes, add with a missing member, balance); absent for the others. */
  space: SpaceVerdict.nullable().optional(),
});
export type ActionPlan = z.infer<typeof ActionPlan>;

export const ActionPlanResponse = z.object({ plan: ActionPlan });
export type ActionPlanResponse = z.infer<typeof ActionPlanResponse>;

/**
 * A refusal the UI can offer a way out of: `details.offer` on a 400, e.g. a replacement disk
 * smaller than the member → shrink the member first with this resize.
 */
export const ActionOffer = z.object({ action: ActionName, body: z.record(z.string(), z.unknown()), text: z.string() });
export type ActionOffer = z.infer<typeof ActionOffer>;
