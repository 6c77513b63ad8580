/**
 * Every sentence the health rules show an admin, in one place: one table per alert code,
 * maintenance state, step kind, warning code and repair action. Rules pick an entry and fill
 * in the facts; they never write prose themselves.
 */
import type {
  AlertCode,
  AlertSeverity,
  MaintenanceState,
  MaintenanceStepKind,
  MaintenanceWarningCode,
  RecommendedAction,
} from '../../contracts/health.ts';

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
/** `1 error`, `3 errors`: a count with its noun, never "error(s)". */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${plural(n, one, many)}`;
/** `1 member`, `3 members`: never "member(s)". */
export const members = (n: number): string => counted(n, 'member');

interface AlertEntry {
  readonly severity: AlertSeverity;
  // Each entry takes its own facts; `never[]` lets the table hold them side by side.
  readonly message: (...args: never[]) => string;
}

export const ALERT_TEXT = {
  'device-missing': {
    severity: 'critical',
    message: (p: { member: string | null }) =>
      p.member === null
        ? 'A member is missing from the pool; btrfs did not say which devid (btrfs device usage on the mounted pool shows "missing, ID: N").'
        : `Member ${p.member} is missing from the pool.`,
  },
  'redundancy-exceeded': {
    severity: 'critical',
    message: (p: { missing: number; profile: string; tolerated: number }) =>
      `${members(p.missing)} missing, but ${p.profile} ${p.tolerated === 0 ? 'keeps no copy on another disk' : `survives at most ${p.tolerated}`}: ` +
      'data is lost unless the missing disk comes back.',
  },
  'device-errors': {
    severity: 'warning',
    message: (p: { member: string; counters: string }) =>
      `${p.member} has recorded errors: ${p.counters}. The counters add up since the last reset (btrfs device stats -z).`,
  },
  'mixed-profiles': {
    severity: 'warning',
    message: (p: { detail: string | null }) =>
      `${p.detail ?? 'btrfs reports more than one profile in a block-group type'}: some chunks do not have the ` +
      "pool's redundancy. A scrub does not change that; a balance with convert=<profile>,soft does.",
  },
  'at-minimum-members': {
    severity: 'info',
    message: (p: { total: number; min: number; profile: string }) =>
      p.total < p.min
        ? `${members(p.total)} is below the ${p.min} recommended for ${p.profile}. Add a disk so a failing member can be removed without first changing the profile.`
        : `${members(p.total)} is the minimum for ${p.profile}: a failing member cannot simply be removed. One more disk keeps that route open.`,
  },
  'no-spare-disk': {
    severity: 'info',
    message: (p: { minSize: string }) =>
      `No unused disk of at least ${p.minSize} is attached. btrfs has no hot spare; an attached, empty disk that size lets a repair start at once.`,
  },
  'parity-profile': {
    severity: 'warning',
    message: (p: { profiles: string }) =>
      `${p.profiles} is a parity profile, which btrfs does not consider ready for production. Balances can take far longer than expected, ` +
      'and a missing disk is better handled by adding a disk then removing the missing one than by btrfs replace. Keep backups current.',
  },
  'replace-slack': {
    severity: 'info',
    message: (p: { member: string; slack: string; command: string }) =>
      `${p.member} has ${p.slack} the pool does not use yet (a replacement keeps the old member's size). Claim it with: ${p.command}`,
  },
  'mounted-degraded': {
    severity: 'warning',
    message: (p: { stillMissing: boolean }) =>
      p.stillMissing
        ? 'Mounted with the degraded option. It stays in force until the pool is unmounted, even after the repair.'
        : 'Still mounted with the degraded option although every member is present. It is dropped at the next unmount or reboot; until then a new failure will not stop the pool.',
  },
  'unknown-profile': {
    severity: 'warning',
    message: (p: { types: string }) =>
      `The ${p.types} profile could not be read, so how many failures the pool survives is unknown. Checks that need the profile are skipped.`,
  },
  'operation-running': {
    severity: 'info',
    message: (p: { operation: string }) =>
      `A ${p.operation} operation is running on this pool. btrfs allows one such operation at a time.`,
  },
  'read-problem': {
    severity: 'warning',
    // The detail is already a sentence in words ("poolwatch could not read …"; see inventory/read-problem.ts).
    message: (p: { source: string; detail: string }) => `${p.detail}. This assessment may be incomplete.`,
  },
  'pool-unreadable': {
    severity: 'critical',
    message: (p: { reason: string }) =>
      `poolwatch could not read this pool, so it cannot say whether a member is missing or failing: ${p.reason} ` +
      'Check it by hand (btrfs filesystem show) until this is resolved; nothing is run on it from here.',
  },
  'smart-failing': {
    severity: 'critical',
    message: (p: { member: string; summary: string; redundant: boolean }) =>
      `${p.member} is failing according to SMART: ${p.summary} ` +
      (p.redundant
        ? 'Replace it now, while the other members still hold a copy of its data (btrfs replace start -r reads from them first).'
        : 'The pool keeps no other copy of its data: refresh your backups now, then replace it (btrfs replace start -r).'),
  },
  'stale-member': {
    severity: 'warning',
    message: (p: { disk: string; path: string }) =>
      `${p.disk} still carries this pool's filesystem but is no longer one of its members (an old member, e.g. the disk a replace took over from). ` +
      `btrfs refuses it as a duplicate; it is not offered as a spare. Wipe it before reusing it (wipefs -a ${p.path}), after checking it is the disk you mean.`,
  },
  'smart-warning': {
    severity: 'warning',
    message: (p: { member: string; summary: string }) =>
      `${p.member}: SMART shows a warning: ${p.summary} Watch it, run a long self-test, and have a replacement disk ready.`,
  },
} as const satisfies Record<AlertCode, AlertEntry>;

export const ACTION_LABEL: Readonly<Record<RecommendedAction, string>> = {
  'remove-missing': 'Remove the missing member',
  'replace-missing': 'Replace the missing member with a new disk',
  'add-then-remove-missing': 'Add a disk, then remove the missing member',
};

/** Facts the state texts need. */
export interface StateFacts {
  readonly missing: number;
  readonly total: number;
  readonly attached: number;
  readonly profile: string | null;
  readonly tolerated: number | null;
  readonly operation: string | null;
  readonly recommended: RecommendedAction | null;
  readonly guidanceMin: number | null;
  readonly guidanceProfile: string | null;
  /** The failing member, in words (replace-failing). */
  readonly failing?: string | null;
  /** The members with errors, in words (device-errors). */
  readonly erroring?: string | null;
  /** repair: an attached unused disk is large enough to take the missing member's place. */
  readonly spareAttached?: boolean;
  /** repair: every route is blocked on this pool (space, minimum, no disk); the reasons are on the steps. */
  readonly noRouteFits?: boolean;
}

interface StateEntry {
  readonly headline: (f: StateFacts) => string;
  readonly summary: (f: StateFacts) => string;
}

const missingPhrase = (f: StateFacts): string => `${f.missing} of ${members(f.total)} ${plural(f.missing, 'is', 'are')} missing`;
const survives = (f: StateFacts): string =>
  f.profile === null ? 'the profile is unknown' : `${f.profile} survives ${f.tolerated === 1 ? 'one missing member' : `${f.tolerated} missing members`}`;

export const STATE_TEXT: Readonly<Record<MaintenanceState, StateEntry>> = {
  'beyond-redundancy': {
    headline: (f) => (f.tolerated === 0 ? 'Pool failed: data on the missing disk is lost' : `Pool failed: more members lost than ${f.profile ?? 'its profile'} survives`),
    summary: (f) =>
      `${missingPhrase(f)}, and ${f.profile} ${f.tolerated === 0 ? 'keeps no second copy' : `survives only ${f.tolerated}`}. ` +
      'The pool cannot be repaired in place: get the missing disk back, or rebuild the pool and restore from backup.',
  },
  'mount-degraded-ro': {
    headline: () => 'Mount read-only in degraded mode, then refresh backups',
    summary: (f) =>
      `${missingPhrase(f)}; ${survives(f)}. Before changing anything, mount the pool degraded and read-only ` +
      'and bring your backups up to date. The repair comes after that.',
  },
  'refresh-backups-then-rw': {
    headline: () => 'Refresh backups, then remount read-write',
    summary: (f) =>
      `${missingPhrase(f)} and the pool is mounted read-only. Bring backups up to date now; ` +
      'once they are, remount with degraded,rw so the repair can start.',
  },
  'remount-ro-first': {
    headline: () => 'Mounted read-write without the degraded option',
    summary: (f) =>
      `${missingPhrase(f)}, most likely lost while the pool was mounted. Consider remounting read-only to refresh ` +
      'backups while nothing changes; the repair itself needs a degraded,rw mount.',
  },
  repair: {
    headline: (f) =>
      f.recommended ? `Repair: ${ACTION_LABEL[f.recommended].toLowerCase()}` : f.noRouteFits ? 'No repair fits on this pool now: copy the data off' : 'Repair: find the profile first',
    summary: (f) => {
      const base = `${missingPhrase(f)}; ${members(f.attached)} still attached`;
      const belowMin = f.guidanceMin !== null && f.attached < f.guidanceMin;
      switch (f.recommended) {
        case 'remove-missing':
          return `${base}, enough for ${f.guidanceProfile} without the missing one. Removing it rebuilds the lost copies on the remaining disks.`;
        case 'replace-missing':
          return belowMin
            ? `${base}, fewer than the ${f.guidanceMin} ${f.guidanceProfile} needs to drop a member. Replacing the missing devid with a new disk is the fastest way back.`
            : `${base}, and an unused disk large enough is attached: replacing the missing devid with it copies only what the missing member held and keeps the pool's member count.`;
        case 'add-then-remove-missing':
          return belowMin
            ? `${base}, fewer than the ${f.guidanceMin} ${f.guidanceProfile} needs. Add a disk first, then remove the missing member.`
            : `${base}. Add a disk first, then remove the missing member: the other routes cannot run on this pool (the reasons are below).`;
        case null:
          return f.noRouteFits
            ? `${base}, but no repair route can run on this pool now (each step below says why). Keep the pool read-only and copy the data off, or free space first; do not start a repair that cannot finish.`
            : `${base}, but the profile is unknown, so no repair route can be chosen safely yet.`;
      }
    },
  },
  'replace-failing': {
    headline: (f) => `At risk: replace ${f.failing ?? 'the failing member'} now`,
    summary: (f) =>
      `Nothing is missing yet, but SMART says ${f.failing ?? 'a member'} is failing. ` +
      ((f.tolerated ?? 0) >= 1
        ? `While it still works, ${f.profile} keeps a second copy on the other members: replace it now with btrfs replace -r, which reads from those copies and touches the failing disk only where it must.`
        : `${f.profile ?? 'This profile'} keeps no second copy on another disk: refresh backups first, then replace it with btrfs replace -r before it stops answering.`),
  },
  'device-errors': {
    headline: (f) => `Errors recorded on ${f.erroring ?? 'a member'}`,
    summary: (f) =>
      `Nothing is missing, but btrfs counted errors on ${f.erroring ?? 'a member'}. ` +
      ((f.tolerated ?? 0) >= 1
        ? 'A scrub repairs what it can from the good copy on the other members; then find out whether the disk is failing, and watch whether the counters keep rising.'
        : 'This profile keeps no second copy on another disk, so a scrub can find damage but not repair it: check the files it names against your backups.'),
  },
  'scrub-after-repair': {
    headline: () => 'Redundancy is back: run a scrub now',
    summary: () =>
      'Every member is present again. A scrub reads everything and checks it, proving the rebuilt copies are sound; until one finishes without errors, treat the repair as unverified.',
  },
  'operation-running': {
    headline: (f) => `${capitalise(f.operation ?? 'An operation')} in progress`,
    summary: (f) =>
      `${f.missing > 0 ? `${missingPhrase(f)}. ` : ''}A ${f.operation ?? 'pool'} operation is running; start nothing else on this pool until it ends, ` +
      'then this guidance continues.',
  },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Facts the step texts need. */
export interface StepFacts {
  readonly mountPoint: string;
  readonly devid: number | null;
  readonly missing: number;
  /** The one attached unused disk that fits, in words; null when none or several fit. */
  readonly spare: string | null;
  /** How many attached unused disks fit (several: the admin chooses one in the form). */
  readonly spareChoices?: number;
  readonly operation: string | null;
  readonly profile: string | null;
  readonly mounted: boolean;
  readonly paused: boolean;
  /** The member a step is about, in words (`devid 2 (/dev/sdb)`). */
  readonly member?: string | null;
  /** A sentence with the numbers (from the space verdict) that the step's text carries. */
  readonly note?: string | null;
}

interface StepEntry {
  readonly title: (f: StepFacts) => string;
  readonly text: (f: StepFacts) => string;
  readonly why: string;
}

const repeatNote = (f: StepFacts): string =>
  f.missing > 1 ? ` Run it once per missing member (${f.missing} times); each run removes one.` : '';
const spareNote = (f: StepFacts): string => {
  if (f.spare) return ` The one unused disk attached that is large enough: ${f.spare}.`;
  if ((f.spareChoices ?? 0) > 1) return ` ${f.spareChoices} unused disks attached are large enough: choose the one you mean in the action's form, which lists each by model, serial and size (or put its /dev/disk/by-id name in place of <new-device>).`;
  return ' Put the path of an empty disk (preferably its /dev/disk/by-id name) in place of <new-device>.';
};

export const STEP_TEXT: Readonly<Record<MaintenanceStepKind, StepEntry>> = {
  'copy-data-off': {
    title: () => 'Keep the pool read-only and copy the data off',
    text: (f) =>
      `Remount it read-only (nothing changes while you copy), copy everything to another pool, compare checksums, then recreate this pool with enough room and copy the data back.${f.note ? ` ${f.note}` : ''}`,
    why: 'No repair fits in the space the remaining members have; a repair started anyway stops with "No space left on device" or forces the pool read-only midway. Copying off works at any fill level.',
  },
  'free-and-compact': {
    title: () => 'Or: free space, then compact',
    text: (f) => `${f.note ?? 'Delete (or move to another pool) enough data, then compact so whole chunks go back to unallocated space.'} Then check again here: the plan follows the new numbers.`,
    why: 'Deleting files frees room inside chunks only; the balance filters hand emptied chunks back as unallocated space, which is what the repair needs.',
  },
  'copy-off-now': {
    title: () => 'Copy off what you can, now',
    text: () => 'The pool is still mounted. Do not unmount it or reboot: it may not mount again. Copy anything not in your backups to another disk.',
    why: 'A mounted pool can still serve files that do not touch the missing disk; after an unmount that chance may be gone.',
  },
  'reattach-missing': {
    title: () => 'Reconnect the missing disk',
    text: () => 'Check the cable, power and enclosure of the missing disk, or put it back if it was pulled.',
    why: 'A returning member restores what was lost; the pool may then be repairable.',
  },
  'rescan-devices': {
    title: () => 'Let btrfs look for members',
    text: () => 'Scan for btrfs devices so the kernel knows every attached member before mounting.',
    why: 'A member btrfs has forgotten (after btrfs device scan --forget, or a disk reattached late) counts as missing too.',
  },
  'salvage-degraded-ro': {
    title: () => 'Try a read-only degraded mount to rescue files',
    text: () => 'Metadata still has a good copy, so the pool may mount degraded and read-only. Files with data on the missing disk will fail with I/O errors; copy what reads.',
    why: 'Only data lost its redundancy; listing and reading the intact files costs nothing and writes nothing.',
  },
  'restore-from-backup': {
    title: () => 'Rebuild the pool and restore from backup',
    text: () => 'Create a new pool on healthy disks, restore the data from backup, then re-create shares and exports (from a configuration backup if you have one).',
    why: 'Without the missing disk, data that lived only there is gone; no btrfs command brings it back.',
  },
  'support-bundle': {
    title: () => 'Collect details before asking for help',
    text: (f) =>
      `Helpers on the btrfs list or #btrfs expect: uname -a, btrfs --version, btrfs fi show, ` +
      (f.mounted ? `btrfs fi df ${f.mountPoint}, ` : 'btrfs inspect-internal dump-super of each attached member (the pool does not mount, so btrfs fi df cannot read it), ') +
      'and dmesg saved to a file (attach it; it can be large).',
    why: 'Starting with the facts saves a round trip while time matters.',
  },
  'identify-profiles': {
    title: () => 'Find out the profiles',
    text: () => 'Read the Data, Metadata and System columns to see which profiles the pool uses.',
    why: 'Which repair is safe depends on the profile, and it could not be read so far.',
  },
  'create-mount-point': {
    title: () => 'Create the mount point',
    text: (f) => `Create ${f.mountPoint} if it does not exist yet.`,
    why: 'mount needs an existing directory.',
  },
  'mount-degraded-ro': {
    title: () => 'Mount degraded and read-only',
    text: () => 'Mount the pool with degraded,ro. If this fails, the pool may have lost more than it can survive: do not retry with rw.',
    why: 'Read-only access lets you copy data without writing anything to a pool that has no spare copy left.',
  },
  'refresh-backups': {
    title: () => 'Refresh your backups',
    text: () => 'Copy everything not yet backed up to another system or disk, and check the copy.',
    why: 'Until the repair ends, one more failure can lose data; a fresh backup is the only protection.',
  },
  'remount-ro': {
    title: () => 'Remount read-only',
    text: () => 'Switch the mounted pool to read-only. This fails while files are open for writing: stop services using the pool first.',
    why: 'Nothing changes on the pool while backups are refreshed.',
  },
  'remount-degraded-rw': {
    title: () => 'Remount read-write, degraded',
    text: () => 'When backups are current, remount the pool read-write with the degraded option.',
    why: 'Repairs write to the pool, and btrfs only allows that with a member missing when degraded is set.',
  },
  'find-missing-devid': {
    title: () => 'Look up the missing devid',
    text: () => 'Find the "missing, ID: N" entry; N is the devid to put in place of <devid> below.',
    why: 'This btrfs-progs did not name the missing devid, and replace needs it.',
  },
  'remove-missing': {
    title: () => 'Remove the missing member',
    text: (f) =>
      `Tell btrfs to drop the missing member and rebuild its copies on the remaining disks.${repeatNote(f)} It can run for hours and ` +
      'btrfs balance status does not show it; the pool stays usable meanwhile.',
    why: 'Enough members are attached to keep the profile without the missing one, so no new disk is needed.',
  },
  'add-device': {
    title: () => 'Add a disk to the pool',
    text: (f) => `Add an empty disk to the pool.${spareNote(f)}`,
    why: 'More attached members give the rebuild room and keep the pool above its minimum member count.',
  },
  'replace-missing': {
    title: (f) => (f.devid === null ? 'Replace the missing member' : `Replace missing devid ${f.devid}`),
    text: (f) =>
      `Rebuild the missing member onto a new disk, at least as large as the missing one.${spareNote(f)}` +
      (f.devid === null ? ' Put the devid found above in place of <devid>.' : ''),
    why: 'Replace copies only what the missing member held: the quickest way back to full redundancy when too few members remain to drop one.',
  },
  'replace-status': {
    title: () => 'Follow the replace',
    text: () => 'Check progress until it reports finished. Start no other operation on the pool meanwhile.',
    why: 'btrfs runs the replace in the background; its status is the only progress report.',
  },
  'check-mixed-profiles': {
    title: () => 'Check for chunks without redundancy',
    text: () => 'After the repair, look at the table: each of Data, Metadata and System should show a single profile.',
    why: 'Writes while degraded and a replace can leave single chunks behind; a scrub does not fix them.',
  },
  'balance-convert-soft': {
    title: (f) => `If mixed: convert leftover chunks back to ${f.profile ?? 'the pool profile'}`,
    text: () => 'Only if the table shows more than one profile for a type: convert the odd chunks back. "soft" skips chunks that already have the target profile.',
    why: 'Chunks in a weaker profile would be lost with the next failed disk.',
  },
  'resize-max': {
    title: (f) => `If the new disk is larger: grow devid ${f.devid ?? '<devid>'}`,
    text: () => 'A replacement keeps the old member size; grow it to the whole disk.',
    why: 'Otherwise the extra capacity shows as slack and stays unused.',
  },
  scrub: {
    title: () => 'Scrub the pool',
    text: () => 'With every member present, read and verify everything; btrfs repairs what it finds from good copies where the profile keeps them.',
    why: 'It proves the rebuilt copies are sound and finds damage that happened while the pool was degraded.',
  },
  'operation-status': {
    title: (f) => `Follow the ${f.operation ?? 'running'} operation`,
    text: (f) =>
      f.operation === 'device remove' || f.operation === 'device delete'
        ? 'A member removal is an internal balance that balance status does not show: watch the used space on the member being removed go down.'
        : 'Check its progress here or with the command below.',
    why: 'Long operations on a degraded pool can take hours; progress shows it has not stalled.',
  },
  'replace-failing': {
    title: (f) => `Replace ${f.member ?? 'the failing member'} with a new disk`,
    text: (f) =>
      `Copy the failing member onto a new disk at least as large, in place. -r reads from the other copies and uses the failing disk only where no other copy exists.${spareNote(f)}`,
    why: 'Replace moves only what that member holds and never leaves the pool short of a copy, unlike adding a disk and then removing the failing one, which reads and writes far more.',
  },
  'check-smart': {
    title: (f) => `Check SMART of ${f.member ?? 'the member'}`,
    text: () => 'Read its SMART data (on its disk page) and start a long self-test: reallocated or pending sectors, media errors or a failed self-test mean the disk itself is failing.',
    why: 'Errors can come from the disk, its cable or its controller; SMART tells which.',
  },
  'watch-counters': {
    title: () => 'Watch the error counters',
    text: () => 'Compare the counters over the next days (the counter history on this page shows the changes since each reading). Counters that stay put were one event; counters that keep rising are a failing disk or cable.',
    why: 'The counters add up since the last reset: only their change says whether the problem is still there.',
  },
  'reset-counters': {
    title: () => 'After the repair: reset the counters',
    text: () => 'Once the scrub repaired everything and you know the cause, reset the counters. poolwatch keeps their values in the history first, so nothing is lost.',
    why: 'Starting from zero makes any new error stand out at once.',
  },
  'replace-if-rising': {
    title: (f) => `If errors keep rising: replace ${f.member ?? 'the member'}`,
    text: (f) => `Replace the disk in place, reading from the other copies.${spareNote(f)}`,
    why: 'A disk whose errors keep coming back will fail; replacing it while the others hold a copy loses nothing.',
  },
  'wait-for-operation': {
    title: (f) => (f.paused ? 'Resume or cancel the paused balance' : 'Wait for it to finish'),
    text: (f) =>
      f.paused
        ? 'A paused balance still holds the pool: resume it (btrfs balance resume) or cancel it (btrfs balance cancel) before any repair.'
        : 'Start nothing else on this pool until it ends; this guidance then moves on by itself.',
    why: 'btrfs allows one exclusive operation per pool; a second one is refused or queued behind the first.',
  },
};

export const WARNING_TEXT: Readonly<Record<MaintenanceWarningCode, string>> = {
  'degraded-sticky':
    'The degraded option stays in force until the pool is unmounted, even after the repair; until then a further failure will not stop the pool.',
  'removal-slow':
    'Removing a member rebuilds its copies on the others: hours on large disks, and btrfs balance status does not show it.',
  'replace-discouraged-parity':
    'btrfs replace is not advised on raid5/raid6 with a missing member: it can take extremely long and, when repeated, has destroyed data.',
  'scrub-after-rw': 'When the repair is done, run a scrub. A scrub started while still degraded may stop on its own.',
  'parity-not-production':
    'raid5/raid6 are not considered production-ready in btrfs; balances may take an order of magnitude longer than expected.',
  'backups-first': 'Refresh backups before any step that writes to the pool.',
  'below-minimum':
    'Too few members are attached to drop the missing one: a disk has to come in (replace or add) before the pool has its redundancy back.',
  'no-redundancy-left': 'The pool has used up its redundancy: one more failed disk loses data.',
  'mixed-profiles-risk':
    'Some chunks have a weaker profile than the rest. Any of them that lived on the missing disk are lost; expect I/O errors on the files they held.',
  'profiles-unknown':
    'The pool profile could not be read. Until it is known, treat the pool as having no redundancy to spare: mount it degraded,ro only.',
  'kernel-too-old': 'This kernel is older than the profile requires (raid1c3/raid1c4 need 5.5): the pool will not mount here.',
  'one-operation-at-a-time': 'btrfs runs one exclusive operation per pool; wait for this one before starting another.',
  'no-other-copy':
    'This profile keeps no copy of the data on another disk: every read comes from the failing disk. Refresh backups before anything else.',
  'reset-after-repair':
    'Reset the counters only after the repair: the reset is kept in the history, but a reset before the scrub hides whether the repair worked.',
};
