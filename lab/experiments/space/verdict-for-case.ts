/**
 * Which engine verdict judges an experiment case, and from which capture: the operation the case
 * ran last, on the pool as captured just before it (`before`, or the capture a step took after
 * shrinking, compacting or deleting).
 */
import type { Profile } from '../../../contracts/api.ts';
import type { SpaceVerdict } from '../../../contracts/space.ts';
import type { SpaceFacts } from '../../../server/health/space/facts.ts';
import {
  addThenRemoveVerdict, convertVerdict, fullBalanceVerdict, removeDeviceVerdict, removeMissingVerdict, replaceVerdict,
} from '../../../server/health/space/operations.ts';
import type { Case } from './cases.ts';

const MIB = 1024 * 1024;

/** The capture the verdict reads: the last `capture` step before the judged operation, else `before`. */
export function captureTagFor(c: Case): string {
  const tags = c.steps.filter((s) => s.op === 'capture').map((s) => (s as { tag: string }).tag);
  return tags.at(-1) ?? 'before';
}

function withNewDisk(f: SpaceFacts, sizeBytes: number): SpaceFacts {
  const devid = Math.max(...f.members.map((m) => m.devid)) + 1;
  return { ...f, members: [...f.members, { devid, path: '<new-disk>', missing: false, sizeBytes, unallocatedBytes: sizeBytes, allocations: [] }] };
}

const profileArg = (args: string[], key: string): Profile | null => {
  const a = args.find((x) => x.startsWith(`-${key}convert=`));
  return a ? (a.split('=')[1]!.split(',')[0] as Profile) : null;
};

/** The verdict for the case's operation, or null for cases the engine does not judge (degraded full balance, copy-off). */
export function verdictForCase(c: Case, f: SpaceFacts): SpaceVerdict | null {
  const ops = c.steps.filter((s) => s.op !== 'capture' && s.op !== 'resize' && s.op !== 'delete' && !(s.op === 'balance' && s.args.some((a) => /usage=/.test(a))));
  const spare = (c.spareMiB?.[0] ?? 0) * MIB;
  const last = ops.at(-1);
  if (!last) return null;
  if (ops.length === 1 && last.op === 'replace') return replaceVerdict(f, { sourceDevid: last.devid ?? c.missingDevid ?? 3, targetSizeBytes: spare || null });
  if (ops.length === 1 && last.op === 'remove-missing') return removeMissingVerdict(f);
  if (ops.length === 2 && ops[0]!.op === 'add' && last.op === 'remove-missing') return addThenRemoveVerdict(f, { newDiskBytes: spare });
  if (ops.length === 1 && last.op === 'remove-device') return removeDeviceVerdict(f, last.devid);
  // Metadata first: judged as the remedy of the remove (or add-then-remove) verdict.
  const metaFirst = ops.findIndex((s) => s.op === 'balance' && s.args.length === 1 && s.args[0] === '-m');
  if (metaFirst >= 0 && last.op === 'remove-missing') {
    const v = ops[0]!.op === 'add' ? addThenRemoveVerdict(f, { newDiskBytes: spare }) : removeMissingVerdict(f);
    const ok = v.fits === 'yes' || v.remedies.some((r) => r.kind === 'metadata-first');
    return { ...v, fits: ok ? 'yes' : 'no', why: `metadata first: ${ok ? 'offered' : 'not offered'}; ${v.why}` };
  }
  if (last.op === 'balance' && !c.pull?.length) {
    const withDisk = ops[0]!.op === 'add' ? withNewDisk(f, spare) : f;
    if (last.args.includes('--full-balance')) return fullBalanceVerdict(withDisk);
    const data = profileArg(last.args, 'd');
    const metadata = profileArg(last.args, 'm');
    if (data && metadata) return convertVerdict(withDisk, { data, metadata, soft: last.args.some((a) => a.includes(',soft')) });
  }
  return null;
}
