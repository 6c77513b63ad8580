/**
 * Every sentence the job actions (server/jobs/actions/*) show an admin, in one place, so the
 * wording is reviewed here and nowhere else (as server/health/text.ts does for the health rules and
 * src/text/ for the pages): refusals, warnings shown before a run, log lines, result summaries and
 * the next steps after a job. Actions pick an entry and fill in the facts; they write no prose.
 * Commands and quoted button names stay as the admin sees them elsewhere ("Resume the scrub").
 */
import { counted, members } from '../health/text.ts';

/** Refusals every action shares (the pool is named as poolName() names it). */
export const REFUSAL_TEXT = {
  notManaged: (pool: string, what: string) => `pool ${pool} is not managed by poolwatch: import it first to ${what} it here`,
  alreadyMounted: (pool: string, mountPoint: string | null) => `pool ${pool} is already mounted${mountPoint ? ` at ${mountPoint}` : ''}`,
} as const;

export const MOUNT_TEXT = {
  log: (pool: string, device: string, mountPoint: string, options: readonly string[]) =>
    `mounting pool ${pool} from ${device} at ${mountPoint}${options.length ? ` with ${options.join(',')}` : ''}`,
  plainMountMissing: (pool: string, missing: number) =>
    `pool ${pool} misses ${members(missing)}: a plain mount would fail; mount it read-only, degraded first`,
  notDegradedMountable: (pool: string, profile: string) => `pool ${pool} uses ${profile}, which cannot be mounted with a member missing`,
  degradedRoWarning: 'read-only: nothing on the pool changes; `degraded` stays in the mount options until the pool is unmounted',
  degradedRoNext: [
    'Refresh your backups from the pool now, while it is read-only.',
    'Then remount it read-write, degraded (the next action on this page) to repair it.',
  ],
  alreadyReadWrite: (pool: string, mountPoint: string) => `pool ${pool} is already mounted read-write at ${mountPoint}`,
  degradedRwWarning: 'writes on a degraded pool may land in chunks without redundancy (single); a convert balance fixes that after the repair',
  degradedRwNext: [
    'Repair now: replace the missing member with an unused disk, or remove the missing member if enough members remain.',
    '`degraded` stays in the mount options until the pool is unmounted.',
  ],
  remountLog: (mountPoint: string) => `remounting ${mountPoint} read-write, degraded`,
  unmountBusy: (kind: string, pool: string) => `a ${kind} job is running on pool ${pool}; unmount after it ends`,
  unmountWarning: (mountPoint: string) => `everything using ${mountPoint} loses it: shares, services, open shells; umount refuses while files are open`,
  unmountDegradedWarning: 'the pool is degraded: mounting it again may only work read-only; unmount only to move or power down the disks',
  unmountLog: (mountPoint: string) => `unmounting ${mountPoint}`,
} as const;

export const SCRUB_TEXT = {
  warningReadsAll: 'reads every byte of the pool: hours on large pools, and disks work hard meanwhile',
  warningReadOnly: 'the pool is mounted read-only: the scrub only reports errors (-r), it repairs nothing',
  warningMissing: 'members are missing: the scrub may stop by itself, and cannot repair what has no second copy',
  log: (resume: boolean, mountPoint: string, readOnly: boolean) => `${resume ? 'resuming' : 'starting'} a scrub of ${mountPoint}${readOnly ? ' (read-only)' : ''}`,
  alreadyRunning: (pool: string) => `a scrub is already running on pool ${pool}`,
  nothingToResume: (pool: string, state: string) => `there is no cancelled or interrupted scrub to resume on pool ${pool} (the last one is ${state})`,
  notRunning: (pool: string) => `no scrub is running on pool ${pool}`,
  cancelNext: 'The scrub can be resumed later from where it stopped: "Resume the scrub".',
  cancelLog: (mountPoint: string) => `cancelling the scrub of ${mountPoint}`,
} as const;

export const COUNTERS_TEXT = {
  resetWarning: 'the counters restart from zero; their current values stay in the counter history',
  resetNext: 'Watch the counters: any rise from now on is new.',
  resetLog: (mountPoint: string, nonZero: readonly string[]) => `resetting the error counters of ${mountPoint}${nonZero.length ? ` (non-zero on ${nonZero.join(', ')})` : ''}`,
  storedLog: (count: number, reason: string) => `stored the counters of ${members(count)} as history (${reason})`,
  roseLog: (devids: readonly number[]) => `counters of devid ${devids.join(', ')} rose just before the reset: those values are stored too`,
  summary: (count: number) => `error counters of ${members(count)} reset; the previous values are kept in the history`,
} as const;

export const WIPE_TEXT = {
  noDisk: (key: string) => `no attached disk ${key}`,
  /** One signature wipefs names: "btrfs at offset 0x10040 (8 bytes)". */
  signature: (type: string, offset: string, bytes: string) => `${type} at offset ${offset} (${bytes} bytes)`,
  notOldMember: (path: string, what: string, pool: string) => `disk ${path} is ${what}: only an old member of pool ${pool} is wiped here`,
  whatMember: (pool: string) => `a member of pool ${pool}`,
  whatOtherPool: 'an old member of another pool',
  whatElse: (role: string) => `not an old member (${role})`,
  isMemberNow: (path: string, pool: string) => `disk ${path} is listed as a member of pool ${pool} now; nothing was wiped`,
  warningErases: (path: string, pool: string) => `erases every filesystem signature on ${path}: the old copy of pool ${pool} it holds cannot be mounted afterwards`,
  warningPreview: (found: readonly string[]) => (found.length > 0 ? `wipefs --no-act says it would erase: ${found.join('; ')}` : 'wipefs --no-act found no signature to erase'),
  next: 'The disk is blank: poolwatch lists it as an unused disk, a spare candidate.',
  log: (path: string, pool: string) => `wiping the old member ${path} of pool ${pool}`,
  signaturesLeft: (path: string, left: readonly string[]) => `signatures remain on ${path} after wipefs -a: ${left.join('; ')}`,
  summary: (path: string, done: readonly string[]) => `${path} wiped: ${done.length > 0 ? done.join('; ') : 'no signature was left'}`,
} as const;

/** What to do after a job (server/jobs/actions/next-steps.ts). */
export const NEXT_STEP_TEXT = {
  afterFailure: 'Read the error and the command output of this job (and the kernel log lines it quotes), fix the cause, then run the action again.',
  resumeScrub: 'The scrub can be resumed from where it stopped: "Resume the scrub".',
  verifyCopies: 'Run a scrub to verify every copy.',
  afterDegradedRo: ['Refresh your backups from the pool now, while it is read-only.', 'Then remount it read-write, degraded ("Remount read-write, degraded") to repair it.'],
  repairNow: 'Repair now: replace the missing member with an unused disk, or remove the missing member if enough members remain.',
  removeMissingAfterAdd: 'Now remove the missing member ("Remove the missing member"): its copies are rebuilt on the members, the new disk included.',
  balanceAfterAdd: 'Spread the existing data over the new disks: start a full balance.',
  scrubUncorrectable: (n: number) => `${counted(n, 'error')} could not be corrected: the affected files are damaged (the kernel log names them); restore them from backup.`,
  scrubCorrected: (n: number) => `${n === 1 ? '1 error was' : `${n} errors were`} corrected from good copies: watch the members' error counters and SMART data.`,
  scrubClean: 'No errors found: nothing to do.',
  afterBalancePause: 'Resume the balance ("Resume the balance") or cancel it ("Cancel the balance").',
  afterReset: COUNTERS_TEXT.resetNext,
  stillMissing: (devids: readonly number[], count: number) =>
    `${devids.length ? `devid ${devids.join(', ')}` : members(count)} still missing: replace or remove ${count === 1 ? 'it' : 'them'}.`,
  mixedProfiles: (to: string) => `Mixed profiles: some chunks lack the pool's redundancy. Re-establish it with a soft convert balance${to} ("Balance", kind "Convert, soft").`,
  convertTarget: (data: string, metadata: string) => ` to ${data} (data) / ${metadata} (metadata)`,
  slack: (devid: number, unused: string) => `devid ${devid} leaves ${unused} of its disk unused: resize it to max.`,
} as const;

export const BALANCE_TEXT = {
  missing: (pool: string, missing: number) =>
    `pool ${pool} misses ${members(missing)}: replace or remove the missing member first (a balance now would write without redundancy)`,
  tooFewMembers: (profile: string, need: number, pool: string, attached: number) => `${profile} needs at least ${need} members; pool ${pool} has ${attached}`,
  parityWarning: 'parity profile: a balance may take an order of magnitude longer than on mirrored profiles',
  spaceUnread: 'the space usage could not be read',
  fullTarget: 'full balance',
  convertTarget: (data: string, metadata: string) => `convert to ${data}/${metadata}`,
  fullLog: 'full balance: every chunk is rewritten',
  shortOfRoomNext: 'If it stopped for lack of space: free space first (delete, then compact with btrfs balance start -dusage=0 -musage=0, then -dusage=25, -dusage=50), or add a disk.',
  convertLog: (data: string, metadata: string) => `soft convert: data → ${data}, metadata and system → ${metadata}; chunks already there stay put`,
  notRunning: (pool: string, state: string) => `no balance is running on pool ${pool} (it is ${state})`,
  pauseWarning: 'the pause takes effect once the chunk being moved is done',
  pauseNext: 'Resume the balance ("Resume the balance") or cancel it ("Cancel the balance"); it also resumes by itself at the next mount.',
  pauseLog: (done: number | null, total: number | null) => `pausing the balance (${done ?? '?'} of about ${total ?? '?'} chunks done)`,
  notPaused: (pool: string, state: string) => `no paused balance on pool ${pool} (it is ${state})`,
  resumeWarning: 'the resumed balance runs in poolwatch\'s process: stopping poolwatch gracefully cancels it (a soft convert can simply be started again)',
  resumeLog: (done: number | null, total: number | null) => `resuming the balance (${done ?? '?'} of about ${total ?? '?'} chunks done)`,
  nothingToCancel: (pool: string) => `no balance is running or paused on pool ${pool}`,
  cancelWarning: 'the cancel takes effect once the chunk being moved is done',
  cancelNext: 'Chunks already moved stay converted; a soft convert can be started again later.',
  cancelLog: (state: string) => `cancelling the balance (${state})`,
} as const;

export const REPLACE_TEXT = {
  parityRefused: (pool: string, profile: string) =>
    `pool ${pool} uses ${profile} (parity): btrfs replace there can take extremely long and, repeated, can destroy data. ` +
    'Recommended: add the new disk, then remove the old member. To replace anyway send force: true',
  parityWarning: 'parity profile: replace may take extremely long; add-then-remove is the recommended route',
  wipeWarning: (disk: string) => `everything on ${disk} is erased first (wipefs -a)`,
  unknownSizeWarning: (devid: number, path: string) => `the size of missing devid ${devid} is unknown: btrfs refuses the replace if ${path} is smaller`,
  growNext: (devid: number) => `Grow devid ${devid} to the whole new disk: resize it to max.`,
  mixedNext: 'Check for mixed profiles and, if any, re-establish redundancy with a soft convert balance.',
  target: (devid: number) => `devid ${devid}`,
  replaceTarget: (devid: number, newDisk: string) => `devid ${devid} → ${newDisk}`,
  /** `old`: the old member's path, or missingWord. */
  log: (devid: number, old: string, oldSize: string | null, newPath: string, newSize: string, newKey: string) =>
    `replacing devid ${devid} (${old}${oldSize ? `, ${oldSize}` : ''}) with ${newPath} (${newSize}, ${newKey})`,
  missingWord: 'missing',
  logMissing: 'the old member is missing: its data is rebuilt from the other copies',
  logOtherMirrors: '-r: the old member is read only where no other good copy exists',
  logPrimary: 'the old member is read as the primary source',
  tooSmall: (min: string) => `a member cannot be smaller than ${min}`,
  cannotGrow: (devid: number, diskSize: string, wanted: string) => `devid ${devid} sits on a ${diskSize} disk; it cannot grow to ${wanted}`,
  wholeDisk: (devid: number, size: string) => `devid ${devid} already uses its whole disk (${size})`,
  shrinkWarning: 'shrinking moves every chunk beyond the new size: it can take long and fails if the pool is too full',
  shrinkNext: (devid: number, size: string) => `devid ${devid} can now be replaced by a disk of at least ${size}.`,
  /** `to` null: the whole disk. */
  resizeLog: (devid: number, from: string, to: string | null) => `resizing devid ${devid} from ${from} to ${to ?? 'the whole disk'}`,
} as const;
