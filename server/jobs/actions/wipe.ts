/**
 * Wipe an old member (issue 10 item 8): a disk that still carries this pool's filesystem but is no
 * longer one of its members (the disk a replace took over from, plugged in again). `wipefs -a`
 * erases its signatures so it can be reused. Only such a disk, never a member or another pool's;
 * the dry run lists what `wipefs --no-act` says it would erase; the typed confirmation is the pool
 * label and the disk's serial (or by-id name); afterwards the disk is read back: no signature left.
 */
import type { WipeOldMemberBody } from '../../../contracts/actions.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { poolName } from '../../health/pool-facts.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { diskConfirmTag } from './preflight.ts';
import type { ActionHandler } from './types.ts';

/** `wipefs --no-act -a` / `wipefs -a` lines: "/dev/x: 8 bytes were erased at offset 0x00010040 (btrfs): 5f 42 …". */
const ERASED = /^\S+: (\d+) bytes? (?:were|was|would be) erased at offset (0x[0-9a-f]+) \(([^)]+)\)/i;

export function erasedSignatures(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = ERASED.exec(line.trim());
    if (m) out.push(`${m[3]} at offset ${m[2]} (${m[1]} bytes)`);
  }
  return out;
}

export const wipeOldMember: ActionHandler<WipeOldMemberBody> = async (env, body) => {
  const { pool } = env;
  const disk = env.snapshot.disks.find((d) => d.identity.key === body.disk);
  if (!disk || !disk.attached || !disk.path) throw new ValidationError(`no attached disk ${body.disk}`);
  const path = disk.path;
  if (disk.role !== 'stale-member' || disk.pool?.uuid !== pool.uuid) {
    const what = disk.role === 'member' ? `a member of pool ${disk.pool ? poolName(disk.pool) : '?'}` : disk.role === 'stale-member' ? `an old member of another pool` : `not an old member (${disk.role})`;
    throw new ValidationError(`disk ${path} is ${what}: only an old member of pool ${poolName(pool)} is wiped here`);
  }
  // Belt and braces: no present member of the pool has this path now.
  if (pool.devices.some((d) => !d.missing && d.path === path)) {
    throw new ConflictError(`disk ${path} is listed as a member of pool ${poolName(pool)} now; nothing was wiped`);
  }
  const preview = jobCmd.wipefsPreview(path);
  const found = erasedSignatures((await env.host.run(preview)).stdout);
  const wipe = jobCmd.wipefs(path);
  return {
    target: path,
    exclusive: false,
    confirm: true,
    confirmTarget: diskConfirmTag(disk),
    commands: [wipe],
    warnings: [
      `erases every filesystem signature on ${path}: the old copy of pool ${poolName(pool)} it holds cannot be mounted afterwards`,
      found.length > 0 ? `wipefs --no-act says it would erase: ${found.join('; ')}` : 'wipefs --no-act found no signature to erase',
    ],
    nextSteps: ['The disk is blank: poolwatch lists it as an unused disk, a spare candidate.'],
    log: [`wiping the old member ${path} of pool ${poolName(pool)}`],
    run: async (ctx) => {
      const done = erasedSignatures((await ctx.exec(wipe)).stdout);
      // Read back: nothing left that wipefs would erase.
      const left = erasedSignatures((await ctx.exec(preview)).stdout);
      if (left.length > 0) throw new Error(`signatures remain on ${path} after wipefs -a: ${left.join('; ')}`);
      ctx.setResult({ summary: `${path} wiped: ${done.length > 0 ? done.join('; ') : 'no signature was left'}`, scrub: null });
    },
    cancellable: false,
  };
};
