/**
 * Wipe an old member (issue 10 item 8): a disk that still carries this pool's filesystem but is no
 * longer one of its members (the disk a replace took over from, plugged in again). `wipefs -a`
 * erases its signatures so it can be reused. Only such a disk, never a member or another pool's;
 * the dry run lists what `wipefs --no-act` says it would erase; the typed confirmation is the pool
 * label and the disk's serial (or by-id name); afterwards the disk is read back: no signature left.
 */
import type { WipeOldMemberBody } from '../../../contracts/actions.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { diskWords, poolName } from '../../health/pool-facts.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { diskConfirmTag } from './preflight.ts';
import type { ActionHandler } from './types.ts';
import { WIPE_TEXT as T } from '../../text/jobs.ts';

/** `wipefs --no-act -a` / `wipefs -a` lines: "/dev/x: 8 bytes were erased at offset 0x00010040 (btrfs): 5f 42 …". */
const ERASED = /^\S+: (\d+) bytes? (?:were|was|would be) erased at offset (0x[0-9a-f]+) \(([^)]+)\)/i;

export function erasedSignatures(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = ERASED.exec(line.trim());
    if (m) out.push(T.signature(m[3]!, m[2]!, m[1]!));
  }
  return out;
}

export const wipeOldMember: ActionHandler<WipeOldMemberBody> = async (env, body) => {
  const { pool } = env;
  const disk = env.snapshot.disks.find((d) => d.identity.key === body.disk);
  if (!disk || !disk.attached || !disk.path) throw new ValidationError(T.noDisk(body.disk));
  const path = disk.path;
  if (disk.role !== 'stale-member' || disk.pool?.uuid !== pool.uuid) {
    const what = disk.role === 'member' ? T.whatMember(disk.pool ? poolName(disk.pool) : '?') : disk.role === 'stale-member' ? T.whatOtherPool : T.whatElse(disk.role);
    throw new ValidationError(T.notOldMember(path, what, poolName(pool)));
  }
  // Belt and braces: no present member of the pool has this path now.
  if (pool.devices.some((d) => !d.missing && d.path === path)) {
    throw new ConflictError(T.isMemberNow(path, poolName(pool)));
  }
  const preview = jobCmd.wipefsPreview(path);
  const found = erasedSignatures((await env.host.run(preview)).stdout);
  const wipe = jobCmd.wipefs(path);
  return {
    target: diskWords(disk.identity, disk.sizeBytes, path),
    exclusive: false,
    confirm: true,
    confirmTarget: diskConfirmTag(disk),
    commands: [wipe],
    warnings: [
      T.warningErases(path, poolName(pool)),
      T.warningPreview(found),
    ],
    nextSteps: [T.next],
    log: [T.log(path, poolName(pool))],
    run: async (ctx) => {
      const done = erasedSignatures((await ctx.exec(wipe)).stdout);
      // Read back: nothing left that wipefs would erase.
      const left = erasedSignatures((await ctx.exec(preview)).stdout);
      if (left.length > 0) throw new Error(T.signaturesLeft(path, left));
      ctx.setResult({ summary: T.summary(path, done), scrub: null });
    },
    cancellable: false,
  };
};
