/**
 * The API contract: zod schemas for every response the server sends and the UI reads.
 * Imported by server/http (to shape responses) and src/ (to parse them). Depends on zod only.
 */
import { z } from 'zod';

/** btrfs block-group profiles, lowercase as btrfs-progs prints them in JSON. */
export const PROFILES = ['single', 'dup', 'raid0', 'raid1', 'raid1c3', 'raid1c4', 'raid10', 'raid5', 'raid6'] as const;
export const Profile = z.enum(PROFILES);
export type Profile = z.infer<typeof Profile>;

export const DeviceErrors = z.object({
  write: z.number().int().nonnegative(),
  read: z.number().int().nonnegative(),
  flush: z.number().int().nonnegative(),
  corruption: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
});
export type DeviceErrors = z.infer<typeof DeviceErrors>;

/**
 * Where a disk sits, as the host tells it (ADR 024): read from structured sources only — the
 * `/dev/disk/by-path` link (controller and port) and the kernel's enclosure class
 * (`/sys/class/enclosure/<enclosure>/<slot>/device`). Every field null: the host does not know
 * (no udev links, no enclosure services: loop devices, most VMs).
 */
export const DiskLocation = z.object({
  /** The enclosure's slot holding the disk (its sysfs component name, or its `slot` number). */
  slot: z.string().nullable(),
  /** The enclosure (its sysfs name, a SCSI address like `6:0:12:0`). */
  enclosure: z.string().nullable(),
  /** The controller port from the by-path name, in words: `SATA port 3 (controller 0000:00:1f.2)`. */
  port: z.string().nullable(),
  /** The `/dev/disk/by-path/…` link of the disk. */
  byPath: z.string().nullable(),
});
export type DiskLocation = z.infer<typeof DiskLocation>;

/** How poolwatch knows a physical disk across reboots and re-plugs. */
export const DiskIdentity = z.object({
  /** Stable key: `wwn:…`, `serial:…`, or `loop:<backing file>` for loop devices. */
  key: z.string(),
  serial: z.string().nullable(),
  model: z.string().nullable(),
  wwn: z.string().nullable(),
  /** `/dev/disk/by-id/…` names, most specific first. */
  byId: z.array(z.string()),
  /** A loop device's backing file (sysfs `loop/backing_file`): the only name a loop device has. */
  backingFile: z.string().nullable().optional(),
  /** Where the disk sits now (attached disks only; not remembered for detached ones). */
  location: DiskLocation.nullable().optional(),
});
export type DiskIdentity = z.infer<typeof DiskIdentity>;

export const PoolDevice = z.object({
  devid: z.number().int().nonnegative(),
  path: z.string().nullable(),
  missing: z.boolean(),
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative().nullable(),
  errors: DeviceErrors.nullable(),
  disk: DiskIdentity.nullable(),
});
export type PoolDevice = z.infer<typeof PoolDevice>;

/** A disk that was a member of this pool and is no longer attached to the machine. */
export const DetachedDisk = z.object({
  devid: z.number().int().nullable(),
  disk: DiskIdentity,
  lastPath: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  lastSeenAt: z.string(),
});
export type DetachedDisk = z.infer<typeof DetachedDisk>;

export const ProfileSet = z.object({
  data: z.array(Profile),
  metadata: z.array(Profile),
  system: z.array(Profile),
});
export type ProfileSet = z.infer<typeof ProfileSet>;

export const ProfilesSource = z.enum(['sysfs', 'chunk-tree', 'inventory', 'unknown']);
export type ProfilesSource = z.infer<typeof ProfilesSource>;

/**
 * A problem reading part of the pool: data in the snapshot, not a failed request. `message` is the
 * sentence the admin reads ("poolwatch could not read …"); `details` what a closer look needs: the
 * raw line that could not be read, or the command and its stderr.
 */
export const ReadProblemDetails = z.object({
  /** The parser (`device-usage`, `fi-usage`, …) and its reason, for a line poolwatch could not read. */
  kind: z.string().optional(),
  reason: z.string().optional(),
  lineNumber: z.number().int().optional(),
  /** The raw line, as the command printed it. */
  line: z.string().optional(),
  /** The command that failed, its exit code and stderr. */
  argv: z.array(z.string()).optional(),
  exitCode: z.number().int().nullable().optional(),
  stderr: z.string().optional(),
});
export type ReadProblemDetails = z.infer<typeof ReadProblemDetails>;
export const ReadProblem = z.object({ source: z.string(), message: z.string(), details: ReadProblemDetails.optional() });
export type ReadProblem = z.infer<typeof ReadProblem>;

/**
 * Why poolwatch could not read a pool at all (per-pool isolation, ADR 010): the pool is listed with
 * this, health `unreadable`, and nothing runs on it; every other pool is still read.
 */
export const PoolUnreadable = z.object({
  /** In words: what failed and why. */
  reason: z.string(),
  details: z.object({
    /** argv of the command whose output could not be read, when a command is to blame. */
    command: z.array(z.string()).nullable(),
    /** The offending line, raw (it may hold a label: display it as data). */
    line: z.string().nullable(),
    lineNumber: z.number().int().nullable(),
    stderr: z.string().nullable(),
  }),
});
export type PoolUnreadable = z.infer<typeof PoolUnreadable>;

export const PoolStale = z.object({
  /** When the data shown was read (ISO time). */
  since: z.string(),
  /** In words, with the command btrfs is stuck on. */
  reason: z.string(),
});
export type PoolStale = z.infer<typeof PoolStale>;

export const Pool = z.object({
  uuid: z.string(),
  label: z.string().nullable(),
  mounted: z.boolean(),
  mountPoint: z.string().nullable(),
  mountOptions: z.array(z.string()),
  profiles: ProfileSet,
  profilesSource: ProfilesSource,
  totalDevices: z.number().int().nonnegative(),
  missingCount: z.number().int().nonnegative(),
  /** Missing devids when btrfs names them; older btrfs-progs only say "some devices missing". */
  missingDevids: z.array(z.number().int()),
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative().nullable(),
  /** `/sys/fs/btrfs/<uuid>/exclusive_operation` when mounted: none, balance, device replace, … */
  exclusiveOperation: z.string().nullable(),
  devices: z.array(PoolDevice),
  detached: z.array(DetachedDisk),
  problems: z.array(ReadProblem),
  /** Set when the pool could not be read: its other fields then hold only what sysfs/blkid said. */
  unreadable: PoolUnreadable.nullable(),
  /**
   * Where poolwatch would mount the pool (under POOLWATCH_MOUNT_ROOT: `<root>/<label>` when that
   * label is unique and the path free, else `<root>/<label>-<uuid8>` or `<root>/<uuid>`); distinct
   * for every pool, never a mount point in use. Null while mounted.
   */
  proposedMountPoint: z.string().nullable(),
  /**
   * Set when btrfs did not answer about this pool in the last scan (a hung disk, ADR 021): the
   * other fields are what poolwatch read at `since`, kept rather than dropped. Absent or null: read now.
   */
  stale: PoolStale.nullable().optional(),
});
export type Pool = z.infer<typeof Pool>;

/**
 * `stale-member`: the disk carries a pool's filesystem (same fsid) but is not one of its members
 * any more, e.g. a pulled disk that came back after its replacement. Wipe it before reusing it;
 * it is never a spare candidate. `pool` names the pool whose fsid it carries (devid null).
 */
export const DiskRole = z.enum(['member', 'unused', 'in-use', 'detached', 'stale-member']);
export const Disk = z.object({
  /** `/dev/sda`; null for a detached disk. */
  path: z.string().nullable(),
  type: z.string(),
  sizeBytes: z.number().nonnegative().nullable(),
  identity: DiskIdentity,
  transport: z.string().nullable(),
  rotational: z.boolean().nullable(),
  attached: z.boolean(),
  role: DiskRole,
  /** Why the disk is "in-use" (a filesystem signature, a mount, partitions…), else null. */
  inUseReason: z.string().nullable(),
  pool: z.object({ uuid: z.string(), label: z.string().nullable(), devid: z.number().int().nullable() }).nullable(),
  /** When a detached disk was last attached; null for disks attached now. */
  lastSeenAt: z.string().nullable(),
});
export type Disk = z.infer<typeof Disk>;

export const DisksResponse = z.object({ disks: z.array(Disk), scannedAt: z.string() });

export const API_ERROR_CODES = [
  'bad-request', 'not-found', 'conflict', 'host-error', 'parse-error', 'internal', 'unauthorized', 'forbidden', 'csrf', 'rate-limited', 'argv-refused',
  'data-dir-unwritable', 'unsupported-media-type', 'misdirected', 'unavailable',
] as const;
export const ApiError = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Pool uuid as a route parameter: the canonical 8-4-4-4-12 hex form. */
export const PoolUuidParam = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a btrfs filesystem uuid (8-4-4-4-12 hex)');
