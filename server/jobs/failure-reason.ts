/**
 * Why a btrfs operation failed, in plain words, from what the command printed and what the
 * kernel logged (the errno the kernel returns, e.g. `-28`, or the strerror btrfs-progs prints,
 * e.g. `No space left on device`), and what to do next. Pure.
 */

// Order matters (the first match wins): a forced read-only pool also logs the ENOSPC that caused
// it; read-only is the state the admin must handle first.
export const FAILURE_CODES = ['read-only', 'enospc', 'io-error', 'busy', 'exists', 'invalid', 'no-memory', 'cancelled'] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export interface FailureReason {
  readonly code: FailureCode;
  /** The reason in words an admin reads first. */
  readonly words: string;
  /** What to do about it. */
  readonly next: string;
}

interface Entry {
  readonly errno: number;
  /** What btrfs-progs and the kernel print for it. */
  readonly patterns: readonly RegExp[];
  readonly words: string;
  readonly next: string;
}

const TABLE: Readonly<Record<FailureCode, Entry>> = {
  'read-only': {
    errno: 30,
    patterns: [/forced readonly/i, /Read-only file system/i, /Transaction aborted/i],
    words: 'the kernel stopped writing to the pool after an error and made it read-only (it stays read-only until it is unmounted)',
    next: 'Copy off anything not yet backed up while it is readable, then unmount and mount the pool again; read the kernel log lines of this job before trying again.',
  },
  enospc: {
    errno: 28,
    patterns: [/No space left on device/i, /failed setting block group ro: -28\b/, /errno=-28\b/, /enospc errors during balance/i],
    words: 'not enough unallocated space on the remaining disks',
    next: "Nothing was lost. Follow the pool's space report: free or compact space first (or add a disk), or take the route it shows as fitting, then try again.",
  },
  'io-error': {
    errno: 5,
    patterns: [/Input\/output error/i, /errno=-5\b/],
    words: 'a disk returned read or write errors',
    next: "Check the members' error counters and SMART data, run a scrub, and replace a disk whose errors keep rising.",
  },
  busy: {
    errno: 16,
    patterns: [/Device or resource busy/i, /exclusive operation .*in progress/i, /add\/delete\/balance\/replace\/resize operation/i],
    words: 'another operation holds the pool or the disk is in use',
    next: 'Wait for the running operation to end (the pool page shows it), or make sure the disk is not mounted or part of another pool.',
  },
  exists: {
    errno: 17,
    patterns: [/File exists/i],
    words: 'the disk still carries a btrfs filesystem the kernel knows (for example an old member of this pool)',
    next: 'Wipe the old filesystem from that disk first (after checking it is the disk you mean), then try again.',
  },
  invalid: {
    errno: 22,
    patterns: [/Invalid argument/i],
    words: 'btrfs refused the request (a target smaller than the member, or a profile the number of members cannot hold)',
    next: 'Check the target disk and the profile against the plan, then try again.',
  },
  'no-memory': {
    errno: 12,
    patterns: [/Cannot allocate memory/i],
    words: 'the kernel ran out of memory for the operation',
    next: 'Try again when the machine is less busy.',
  },
  cancelled: {
    errno: 125,
    patterns: [/Operation canceled/i],
    words: 'the operation was cancelled',
    next: 'Start it again when you are ready.',
  },
};

function entryOf(code: FailureCode): FailureReason {
  const e = TABLE[code];
  return { code, words: e.words, next: e.next };
}

/** The reason for a kernel status (`balance: ended with status: -28` → ENOSPC); null for 0 or one not in the table. */
export function reasonForErrno(status: number): FailureReason | null {
  const errno = Math.abs(status);
  const code = FAILURE_CODES.find((c) => TABLE[c].errno === errno);
  return code ? entryOf(code) : null;
}

/** The first reason whose words appear in `texts` (stderr, kernel lines), in the table's order; null when none. */
export function reasonInText(...texts: readonly string[]): FailureReason | null {
  const all = texts.join('\n');
  const code = FAILURE_CODES.find((c) => TABLE[c].patterns.some((p) => p.test(all)));
  return code ? entryOf(code) : null;
}
