/**
 * The space experiment matrix (see run.ts). A case: a pool (profiles, member sizes), how full it
 * is made while healthy, which members are then pulled (the pool is mounted degraded,rw), the
 * spare disks attached, and the operation(s) tried.
 */

export type Step =
  | { op: 'replace'; devid?: number; spare?: number }
  | { op: 'remove-missing' }
  | { op: 'add'; spare?: number }
  | { op: 'remove-device'; devid: number }
  | { op: 'balance'; args: string[] }
  | { op: 'delete'; share: number }
  | { op: 'capture'; tag: string }
  /** `btrfs filesystem resize <devid>:-<MiB>M`: shrinks a survivor's unallocated tail (threshold probes). */
  | { op: 'resize'; devid: number; shrinkMiB: number }
  /** The last resort: remount read-only, copy every file to a fresh single-device pool, compare checksums. */
  | { op: 'copy-off' };

export interface Case {
  id: string;
  data: string;
  metadata: string;
  /** One entry per member at mkfs (d1, d2, …). */
  sizesMiB: number[];
  /** Share of the healthy pool's capacity (used + free estimated) to fill with data. */
  fill: number;
  /** Extra share written and then deleted (every other file), leaving chunks partly used. */
  churn?: number;
  /** Lab disk names to pull (then the pool is mounted degraded,rw). */
  pull?: string[];
  missingDevid?: number;
  /** Blank disks attached before the operation (s1, s2, …). */
  spareMiB?: number[];
  steps: Step[];
  /** What success means: no member missing afterwards (default), or just exit 0. */
  goal?: 'no-missing' | 'exit-0';
  /** Members pulled: none (a healthy pool) unless `pull` names some. */
  note?: string;
}

const pct = (f: number) => String(Math.round(f * 100)).padStart(2, '0');
const sz = (mib: number) => (mib >= 1024 ? `${mib / 1024}g` : `${mib}m`);

type Recovery = 'replace' | 'replace-2x' | 'remove-missing' | 'add-remove' | 'full-balance';

function recoverySteps(op: Recovery, missingDevid: number): { steps: Step[]; spare: 1 | 2 | 0; goal: Case['goal'] } {
  switch (op) {
    case 'replace':
      return { steps: [{ op: 'replace', devid: missingDevid }], spare: 1, goal: 'no-missing' };
    case 'replace-2x':
      return { steps: [{ op: 'replace', devid: missingDevid }], spare: 2, goal: 'no-missing' };
    case 'remove-missing':
      return { steps: [{ op: 'remove-missing' }], spare: 0, goal: 'no-missing' };
    case 'add-remove':
      return { steps: [{ op: 'add' }, { op: 'remove-missing' }], spare: 1, goal: 'no-missing' };
    case 'full-balance':
      // On a degraded pool a full balance rewrites every chunk onto the members that are left.
      return { steps: [{ op: 'balance', args: ['--full-balance'] }], spare: 0, goal: 'exit-0' };
  }
}

function degraded(
  name: string,
  profile: { data: string; metadata: string },
  sizesMiB: number[],
  fills: number[],
  ops: Recovery[],
  opts: { pull?: string; churn?: number } = {},
): Case[] {
  const pull = opts.pull ?? `d${sizesMiB.length}`;
  const missingDevid = Number(pull.slice(1));
  const out: Case[] = [];
  for (const fill of fills) {
    for (const op of ops) {
      const { steps, spare, goal } = recoverySteps(op, missingDevid);
      const size = Math.max(...sizesMiB);
      out.push({
        id: `${name}-${sz(sizesMiB[0]!)}-f${pct(fill)}${opts.churn ? `c${pct(opts.churn)}` : ''}-${op}`,
        ...profile,
        sizesMiB,
        fill,
        churn: opts.churn,
        pull: [pull],
        missingDevid,
        spareMiB: spare ? [size * spare] : [],
        steps,
        goal,
      });
    }
  }
  return out;
}

const RAID1 = { data: 'raid1', metadata: 'raid1' };
const ALL_RECOVERY: Recovery[] = ['replace', 'remove-missing', 'add-remove', 'full-balance'];

export const CASES: Case[] = [
  // raid1, 3 members, one pulled: the case issue 10 found. Three member sizes, five fill levels.
  ...degraded('raid1x3', RAID1, [512, 512, 512], [0.2, 0.35, 0.5, 0.6, 0.7], ALL_RECOVERY),
  ...degraded('raid1x3', RAID1, [1024, 1024, 1024], [0.2, 0.35, 0.5, 0.6, 0.7], ALL_RECOVERY),
  ...degraded('raid1x3', RAID1, [4096, 4096, 4096], [0.2, 0.35, 0.5, 0.6, 0.7], ALL_RECOVERY),
  // Finer steps around the thresholds, and a target twice as large.
  ...degraded('raid1x3', RAID1, [512, 512, 512], [0.4, 0.45, 0.55, 0.65], ['replace', 'replace-2x']),
  ...degraded('raid1x3', RAID1, [1024, 1024, 1024], [0.4, 0.45, 0.55, 0.65], ['replace', 'replace-2x']),
  ...degraded('raid1x3', RAID1, [4096, 4096, 4096], [0.4, 0.45, 0.55, 0.65, 0.75, 0.8], ['replace']),
  // Pulling devid 1 (it holds the mkfs chunks) instead of 3.
  ...degraded('raid1x3pull1', RAID1, [1024, 1024, 1024], [0.35, 0.6, 0.7], ['replace', 'remove-missing'], { pull: 'd1' }),
  // Other profiles, one member pulled.
  ...degraded('raid10x4', { data: 'raid10', metadata: 'raid10' }, [1024, 1024, 1024, 1024], [0.35, 0.6, 0.7], ['replace', 'remove-missing', 'add-remove']),
  ...degraded('raid1c3x4', { data: 'raid1c3', metadata: 'raid1c3' }, [1024, 1024, 1024, 1024], [0.35, 0.6, 0.7], ['replace', 'remove-missing', 'add-remove']),
  ...degraded('raid1c3x3', { data: 'raid1c3', metadata: 'raid1c3' }, [1024, 1024, 1024], [0.35, 0.6], ['replace', 'remove-missing']),
  ...degraded('raid5x3', { data: 'raid5', metadata: 'raid1' }, [1024, 1024, 1024], [0.35, 0.6, 0.7], ['replace', 'remove-missing', 'add-remove']),
  ...degraded('raid6x4', { data: 'raid6', metadata: 'raid1c3' }, [1024, 1024, 1024, 1024], [0.35, 0.6, 0.7], ['replace', 'remove-missing', 'add-remove']),
];

/** One case with explicit steps (the alternatives, healthy-pool operations, threshold probes). */
function custom(id: string, profile: { data: string; metadata: string }, sizesMiB: number[], fill: number, steps: Step[], opts: Partial<Case> = {}): Case {
  return { id, ...profile, sizesMiB, fill, steps, ...opts };
}

const degradedOpts = (spareMiB?: number): Partial<Case> => ({ pull: ['d3'], missingDevid: 3, ...(spareMiB ? { spareMiB: [spareMiB] } : {}) });
const SINGLE = { data: 'single', metadata: 'dup' };

/** Second round: what makes a recovery fit, and the operations on healthy pools. */
export const CASES_2: Case[] = [
  // Metadata first: relocate the metadata block group while the survivors still have room, then remove.
  ...[512, 1024, 4096].flatMap((mib) => [0.35, 0.5].map((fill) =>
    custom(`raid1x3-${sz(mib)}-f${pct(fill)}-meta-first-remove-missing`, RAID1, [mib, mib, mib], fill,
      [{ op: 'balance', args: ['-m'] }, { op: 'remove-missing' }], degradedOpts()))),
  ...[0.5, 0.6].map((fill) => custom(`raid1x3-1g-f${pct(fill)}-add-meta-first-remove`, RAID1, [1024, 1024, 1024], fill,
    [{ op: 'add' }, { op: 'balance', args: ['-m'] }, { op: 'remove-missing' }], degradedOpts(1024))),
  // Compact first: a pool whose chunks are partly empty (files written, then every other one deleted).
  ...[1024, 4096].map((mib) => custom(`raid1x3-${sz(mib)}-f50c20-replace`, RAID1, [mib, mib, mib], 0.5,
    [{ op: 'replace', devid: 3 }], { ...degradedOpts(mib), churn: 0.2 })),
  ...[1024, 4096].map((mib) => custom(`raid1x3-${sz(mib)}-f50c20-compact-replace`, RAID1, [mib, mib, mib], 0.5, [
    { op: 'balance', args: ['-dusage=0', '-musage=0'] }, { op: 'balance', args: ['-dusage=10'] }, { op: 'balance', args: ['-dusage=25'] },
    { op: 'balance', args: ['-dusage=50'] }, { op: 'capture', tag: 'compacted' }, { op: 'replace', devid: 3 },
  ], { ...degradedOpts(mib), churn: 0.2 })),
  // Free space: deleting files alone returns no unallocated space; deleting then compacting does.
  custom('raid1x3-1g-f60-delete-replace', RAID1, [1024, 1024, 1024], 0.6, [{ op: 'delete', share: 0.4 }, { op: 'capture', tag: 'deleted' }, { op: 'replace', devid: 3 }], degradedOpts(1024)),
  custom('raid1x3-1g-f60-delete-compact-replace', RAID1, [1024, 1024, 1024], 0.6, [
    { op: 'delete', share: 0.4 }, { op: 'balance', args: ['-dusage=0', '-musage=0'] }, { op: 'balance', args: ['-dusage=25'] },
    { op: 'balance', args: ['-dusage=50'] }, { op: 'capture', tag: 'compacted' }, { op: 'replace', devid: 3 },
  ], degradedOpts(1024)),
  // The last resort: nothing fits, keep it read-only and copy the data off.
  custom('raid1x3-1g-f70-copy-off', RAID1, [1024, 1024, 1024], 0.7, [{ op: 'copy-off' }], { ...degradedOpts(), goal: 'exit-0' }),
  // Threshold probe for replace: shrink both survivors so that (unallocated / 2) moves across 10 % of their size.
  ...[100, 150, 175, 200].map((mib) => custom(`raid1x3-1g-f35-shrink${mib}-replace`, RAID1, [1024, 1024, 1024], 0.35,
    [{ op: 'resize', devid: 1, shrinkMiB: mib }, { op: 'resize', devid: 2, shrinkMiB: mib }, { op: 'capture', tag: 'shrunk' }, { op: 'replace', devid: 3 }],
    degradedOpts(1024))),
  // Healthy pools: remove a present member, convert, full balance.
  ...[0.35, 0.5, 0.6, 0.65].map((fill) => custom(`raid1x3-1g-f${pct(fill)}-healthy-remove-devid3`, RAID1, [1024, 1024, 1024], fill,
    [{ op: 'remove-device', devid: 3 }], { goal: 'exit-0' })),
  ...[0.4, 0.6, 0.8].map((fill) => custom(`single-1g-f${pct(fill)}-add-convert-raid1`, SINGLE, [1024], fill,
    [{ op: 'add' }, { op: 'balance', args: ['-dconvert=raid1', '-mconvert=raid1'] }], { spareMiB: [1024], goal: 'exit-0' })),
  ...[0.35, 0.5, 0.6].map((fill) => custom(`raid1x3-1g-f${pct(fill)}-healthy-convert-raid1c3`, RAID1, [1024, 1024, 1024], fill,
    [{ op: 'balance', args: ['-dconvert=raid1c3', '-mconvert=raid1c3'] }], { goal: 'exit-0' })),
  ...[0.5, 0.7, 0.9].map((fill) => custom(`raid1x3-1g-f${pct(fill)}-healthy-full-balance`, RAID1, [1024, 1024, 1024], fill,
    [{ op: 'balance', args: ['--full-balance'] }], { goal: 'exit-0' })),
  ...[0.8, 0.9, 0.95].map((fill) => custom(`single-1g-f${pct(fill)}-full-balance`, SINGLE, [1024], fill,
    [{ op: 'balance', args: ['--full-balance'] }], { goal: 'exit-0' })),
];
