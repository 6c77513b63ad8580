/**
 * What the UI reads: pools with their health verdict and guidance, live-update events, and the
 * watcher's status. Depends on zod and the sibling contracts only.
 */
import { z } from 'zod';
import { ActionName, BALANCE_MODES } from './actions.ts';
import { Pool } from './api.ts';
import { Maintenance, PoolHealth } from './health.ts';
import { PoolSpace } from './space.ts';

/**
 * An action the pool's state would call for but that cannot run on this pool now, and why: the
 * space engine's verdict (the one the pre-flight applies), a removal below the profile's minimum,
 * or no disk that could take a member's place. The action bar shows it disabled with the reason.
 * `devid` / `mode` narrow it (replace of one devid, a full balance); null: the action as a whole.
 */
export const ActionGate = z.object({
  action: ActionName,
  devid: z.number().int().nullable(),
  mode: z.enum(BALANCE_MODES).nullable(),
  reason: z.string(),
});
export type ActionGate = z.infer<typeof ActionGate>;

/** The gate that applies to an action request (that devid's, else the action's as a whole), if any. */
export function gateFor(
  gates: readonly ActionGate[] | undefined,
  action: ActionName,
  opts: { devid?: number | null | undefined; mode?: ActionGate['mode'] | undefined } = {},
): ActionGate | null {
  return (
    (gates ?? []).find(
      (g) => g.action === action && (g.devid === null || opts.devid == null || g.devid === opts.devid) && (g.mode === null || (opts.mode ?? null) === g.mode),
    ) ?? null
  );
}

export const PoolView = Pool.extend({
  /** Imported (adopted) by the admin: the header alert names managed pools and counts the rest. */
  managed: z.boolean(),
  health: PoolHealth,
  maintenance: Maintenance.nullable(),
  /** Bytes of Slack per devid after a replace by a larger disk (empty when none or unknown). */
  slack: z.array(z.object({ devid: z.number().int(), slackBytes: z.number() })),
  /**
   * Space for recovery: which operations fit now, and what each member's failure would mean
   * (ADR 013). The API always sends it; absent only in views made without a snapshot (tests).
   */
  space: PoolSpace.optional(),
  /** Actions that cannot run on this pool now, with the reason (absent: none known). */
  blocked: z.array(ActionGate).optional(),
});
export type PoolView = z.infer<typeof PoolView>;

/**
 * Why what the pages show may be old (issue 9 item 3): a scan stuck on a command, a pool btrfs does
 * not answer about, or a scan that failed. `since`: when the data shown was read.
 */
export const Staleness = z.object({ since: z.string(), reason: z.string() });
export type Staleness = z.infer<typeof Staleness>;

/**
 * Every view answer carries its age (seconds since the data was read, null before the first scan)
 * and why it may be old; the views themselves are rendered once per change (ADR 021).
 */
const Freshness = { ageSeconds: z.number().nullable().optional(), stale: Staleness.nullable().optional() };

export const PoolViewsResponse = z.object({ pools: z.array(PoolView), scannedAt: z.string(), ...Freshness });
export type PoolViewsResponse = z.infer<typeof PoolViewsResponse>;
export const PoolViewResponse = z.object({ pool: PoolView, scannedAt: z.string(), ...Freshness });
export type PoolViewResponse = z.infer<typeof PoolViewResponse>;

/**
 * GET /api/status: whether the watcher can read the machine at all. `error` says why not
 * (btrfs-progs missing, permission denied …) so the page can show it instead of a blank table.
 */
/**
 * Whether poolwatch can write its data dir (SQLite file, lock). When not, reads go on and the UI
 * shows "poolwatch cannot write its data dir" with the reason; changes are refused (503).
 */
export const DataDirStatus = z.object({
  writable: z.boolean(),
  /** In words, e.g. "the disk is full (database or disk is full)"; null while writable. */
  reason: z.string().nullable(),
  /** When the first failed write was seen; null while writable. */
  since: z.string().nullable(),
  /** The last probe write (one a minute); null before the first. */
  checkedAt: z.string().nullable(),
});
export type DataDirStatus = z.infer<typeof DataDirStatus>;

export const WatchStatus = z.object({
  version: z.number().int(),
  scannedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Defaults to writable for an older server that does not send it. */
  dataDir: DataDirStatus.default({ writable: true, reason: null, since: null, checkedAt: null }),
  /** Seconds since the data the pages show was read; null before the first scan. */
  ageSeconds: z.number().nullable().optional(),
  /** A scan in progress: since when, and the command it has waited on for more than 2 s. */
  scan: z.object({
    runningSince: z.string(),
    stuckOn: z.object({ command: z.array(z.string()), since: z.string() }).nullable(),
  }).nullable().optional(),
  /** Why the data shown may be old ("btrfs is not answering …"); null when it is current. */
  stale: Staleness.nullable().optional(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

/**
 * Server-Sent Events on GET /api/events: `event: change`, `data: ChangeEvent` JSON — the status,
 * and what changed: the pools by uuid, the disk list. The page refetches only those.
 */
export const CHANGE_EVENT = 'change';
export const ChangeEvent = WatchStatus.extend({
  changed: z.object({ pools: z.array(z.string()), disks: z.boolean() }).optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEvent>;
/** …and `event: job`, `data: Job` JSON (contracts/jobs.ts) whenever a job starts, progresses or ends. */
export const JOB_EVENT = 'job';

export const ManageRequest = z.object({ managed: z.boolean() });
