/**
 * Space for recovery: whether a maintenance operation can allocate what it needs on this pool,
 * and what each member's failure would mean (the resilience forecast). Computed by the pure
 * engine in server/health/space/ (see docs/decisions/013-space-engine.md and
 * docs/recovery-space.md for the rules and the measurements behind them).
 */
import { z } from 'zod';
import { Profile } from './api.ts';

export const SPACE_OPERATIONS = ['replace', 'remove-missing', 'add-then-remove', 'remove-device', 'convert', 'full-balance'] as const;
export const SpaceOperation = z.enum(SPACE_OPERATIONS);
export type SpaceOperation = z.infer<typeof SpaceOperation>;

/** `unknown`: poolwatch has no usage numbers (pool not mounted, a read failed, a layout it does not model). */
export const SpaceFit = z.enum(['yes', 'no', 'unknown']);
export type SpaceFit = z.infer<typeof SpaceFit>;

/**
 * How an operation that does not fit ends: `enospc` — btrfs stops with "No space left on device"
 * and the pool stays as it was; `read-only` — btrfs runs out of room for metadata midway, aborts
 * a transaction and forces the pool read-only until it is unmounted (seen in the lab);
 * `refused` — btrfs refuses to start (e.g. the target is smaller than the member).
 */
export const SpaceFailure = z.enum(['enospc', 'read-only', 'refused']);
export type SpaceFailure = z.infer<typeof SpaceFailure>;

export const SpaceDeviceRole = z.enum(['member', 'missing', 'source', 'leaving', 'new-disk', 'target']);
export const SpaceDevice = z.object({
  /** null for a disk that is not a member yet (the new disk of add-then-remove, a replace target). */
  devid: z.number().int().nullable(),
  role: SpaceDeviceRole,
  sizeBytes: z.number().nonnegative(),
  /** Unallocated now (btrfs fi usage); null for a disk outside the pool. */
  unallocatedBytes: z.number().nullable(),
});
export type SpaceDevice = z.infer<typeof SpaceDevice>;

export const SPACE_REMEDY_KINDS = ['use-replace', 'metadata-first', 'compact', 'free-space', 'add-disk', 'larger-target', 'copy-off'] as const;
export const SpaceRemedyKind = z.enum(SPACE_REMEDY_KINDS);
export const SpaceRemedy = z.object({
  kind: SpaceRemedyKind,
  /** In words, with the numbers. */
  text: z.string(),
  /** Bytes to free / the smallest disk to add / the target size, when the remedy has one. */
  bytes: z.number().nullable(),
  /** The commands, in order (argv arrays; `<mnt>` / `<new-disk>` are placeholders). */
  commands: z.array(z.array(z.string())),
});
export type SpaceRemedy = z.infer<typeof SpaceRemedy>;

export const SpaceVerdict = z.object({
  operation: SpaceOperation,
  fits: SpaceFit,
  /** How it ends when it does not fit; null when it fits or nobody knows. */
  failure: SpaceFailure.nullable(),
  /** Why, in words, with the numbers. */
  why: z.string(),
  /** The space the rule asks for, and what there is (bytes; null where the rule has no single number). */
  neededBytes: z.number().nullable(),
  availableBytes: z.number().nullable(),
  /** The devices the verdict looked at, with their unallocated space. */
  devices: z.array(SpaceDevice),
  /** What would make it fit (or the way around it), best first. Empty when it fits. */
  remedies: z.array(SpaceRemedy),
});
export type SpaceVerdict = z.infer<typeof SpaceVerdict>;

/** "If disk X failed now": whether the pool survives, and whether redundancy could be restored. */
export const MemberForecast = z.object({
  devid: z.number().int(),
  path: z.string().nullable(),
  /** The pool after losing this member: still mountable (degraded), or its data lost. */
  outcome: z.enum(['stays-mountable', 'lost']),
  /** The member is failing now (SMART): its forecast comes first. */
  failing: z.boolean(),
  /** One sentence with the numbers. */
  text: z.string(),
  /** Restoring redundancy by replacing it with a disk of the same size; null when the pool would be lost. */
  replace: SpaceVerdict.nullable(),
  /** Restoring redundancy without a new disk (remove the missing member); null when the pool would be lost. */
  removeMissing: SpaceVerdict.nullable(),
});
export type MemberForecast = z.infer<typeof MemberForecast>;

export const PoolSpace = z.object({
  /** The numbers the verdicts rest on (logical bytes per type, global reserve). */
  usage: z.object({
    types: z.array(z.object({ type: z.enum(['data', 'metadata', 'system', 'data+metadata']), profile: Profile, totalBytes: z.number(), usedBytes: z.number() })),
    globalReserveBytes: z.number().nullable(),
  }).nullable(),
  /** Why there are no verdicts (not mounted, usage unreadable); null when there are. */
  unknownReason: z.string().nullable(),
  /** One verdict per operation that makes sense on this pool now. */
  verdicts: z.array(SpaceVerdict),
  forecast: z.array(MemberForecast),
});
export type PoolSpace = z.infer<typeof PoolSpace>;
