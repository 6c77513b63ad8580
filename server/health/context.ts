/**
 * What the health rules get besides the Pool snapshot, and the shape of one rule.
 */
import type { Pool } from '../../contracts/api.ts';
import type { Alert } from '../../contracts/health.ts';
import type { PoolSpace } from '../../contracts/space.ts';

/** What a health assessment may know besides the snapshot. `now` comes in; rules never read a clock. */
export interface AssessContext {
  readonly now: Date;
  /** Attached disks with no filesystem and no mount: candidates to add or replace with. */
  readonly spareDisks: readonly SpareDisk[];
  /** Per-member slack from `btrfs device usage` (a replaced member still at the old size). */
  readonly slack?: readonly { readonly devid: number; readonly slackBytes: number }[];
  /** `Multiple profiles: yes` from `btrfs fi usage`, when read; null/undefined when not. */
  readonly mixedProfiles?: boolean | null;
  /** Where poolwatch mounts pools (POOLWATCH_MOUNT_ROOT); the guidance proposes `<root>/<label>`. */
  readonly mountRoot?: string;
  /** `uname -r`. */
  readonly kernelRelease?: string;
  /** Attached disks that carry this pool's filesystem but are no longer members (old members). */
  readonly staleDisks?: readonly { readonly path: string; readonly name: string }[];
  /** SMART verdicts of the pool's members that are not healthy (failing or warning), from the cache. */
  readonly smart?: readonly MemberSmart[];
  /**
   * When redundancy was last restored by a repair job (replace, remove-missing, convert) and when a
   * scrub last finished without uncorrectable errors; null/absent when poolwatch has none on record.
   */
  readonly repairedAt?: string | null;
  readonly scrubbedAt?: string | null;
  /** The pool's space report (the engine's verdicts): what fits decides the route and what is blocked. */
  readonly space?: PoolSpace | null;
  /** Sizes of attached disks a replace could use (unused, or only an old filesystem to wipe). */
  readonly targetSizes?: readonly number[];
}

export interface MemberSmart {
  readonly devid: number;
  readonly status: 'failing' | 'warning';
  /** SMART's top reason in words. */
  readonly summary: string;
}

export interface SpareDisk {
  readonly sizeBytes: number;
  /** Stable path to put in commands (`/dev/disk/by-id/…` preferred); absent → placeholder. */
  readonly path?: string | null;
  /** Who the disk is, in words (model and serial, by-id name or backing file; size; now at …). */
  readonly name?: string | null;
}

/** One health rule: a pure function from snapshot and context to the alerts it raises (often none). */
export type HealthRule = (pool: Pool, ctx: AssessContext) => Alert[];
