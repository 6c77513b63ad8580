/**
 * Which actions the pool's state calls for but that cannot run on this pool now, and why (issue 10
 * item 3). Pure. The reasons are the ones the action pre-flight refuses with — the same space
 * verdicts (server/health/space, `spaceRefusal`) and the same minimum-member rule
 * (`belowMinimumReason`) — so the plan and the action bar show as blocked exactly what the server
 * would refuse, before anyone clicks.
 */
import type { Pool } from '../../contracts/api.ts';
import type { PoolSpace, SpaceVerdict } from '../../contracts/space.ts';
import type { ActionGate } from '../../contracts/views.ts';
import { attachedMembers, formatBytes, largestMemberBytes, missingMemberSizeBytes, missingMembers } from './pool-facts.ts';
import { poolRedundancy } from './profiles.ts';
import { members } from './text.ts';

/**
 * Why a removal that leaves `membersAfter` attached members may not run: below the guidance
 * minimum of the pool's profile (btrfs may accept fewer, but the pool would be one failure from
 * loss or unable to keep its profile). Null when it may, or when the profile is unknown.
 */
export function belowMinimumReason(pool: Pool, membersAfter: number, what: string): string | null {
  const r = poolRedundancy(pool.profiles);
  if (!r.known || membersAfter >= r.guidanceMinDevices) return null;
  return (
    `${what} would leave ${members(membersAfter)}, below the minimum of ${r.guidanceMinDevices} for ${r.guidanceProfile}: ` +
    'add a disk first, or replace the member instead'
  );
}

/**
 * Why a space verdict keeps an operation from running, or null when it may run: `no` always;
 * `unknown` when the operation moves chunks and a shortage would not stop btrfs cleanly (it could
 * force the pool read-only).
 */
export function spaceRefusal(v: SpaceVerdict, opts: { movesChunks: boolean }): string | null {
  if (v.fits === 'no') return v.why;
  if (v.fits === 'unknown' && opts.movesChunks && v.failure !== 'enospc') {
    return `${v.why}. Moving chunks without knowing there is room can force the pool read-only`;
  }
  return null;
}

/**
 * A full balance on a pool with nothing missing that the engine says will not fit runs anyway,
 * after this warning and a typed confirmation (ADR 023): the engine cannot be sure it fails — a
 * full balance rewrites partly used chunks and can make its own room — and every one the lab ran
 * short of room on a healthy pool stopped cleanly with "No space left on device". Null when the
 * verdict does not call for it.
 */
export function fullBalanceWarning(v: SpaceVerdict): string | null {
  if (v.operation !== 'full-balance' || v.fits !== 'no') return null;
  return (
    `${v.why} That is the engine's worst case: a full balance may still make room by compacting partly used chunks, ` +
    'and every one the lab ran short of room on a pool with nothing missing stopped cleanly with "No space left on device" ' +
    '(the chunks already moved stay where they are, the pool stays read-write). Expect it to stop that way, and have your backups current. ' +
    'Type the pool label to start it anyway; the job reports what the kernel says.'
  );
}

/** The replace verdict of one missing/source devid. */
export function replaceVerdictOf(space: PoolSpace | null | undefined, devid: number): SpaceVerdict | null {
  return space?.verdicts.find((v) => v.operation === 'replace' && v.devices.some((d) => d.role === 'source' && d.devid === devid)) ?? null;
}

export function verdictOf(space: PoolSpace | null | undefined, operation: SpaceVerdict['operation']): SpaceVerdict | null {
  return space?.verdicts.find((v) => v.operation === operation) ?? null;
}

export interface GateInput {
  /** The pool's space report (PoolView.space); null/absent: nothing is known about space. */
  readonly space?: PoolSpace | null;
  /**
   * Sizes of the attached disks a replace could use (unused, or holding only a filesystem
   * signature the admin may agree to wipe); absent: unknown, so no target gate.
   */
  readonly targetSizes?: readonly number[];
}

/** Why no attached disk can take devid's place, or null when one can (or the sizes are unknown). */
export function noTargetReason(pool: Pool, devid: number, targetSizes: readonly number[] | undefined): string | null {
  if (targetSizes === undefined) return null;
  const dev = pool.devices.find((d) => d.devid === devid);
  const need = dev && !dev.missing && dev.sizeBytes > 0 ? dev.sizeBytes : (missingMemberSizeBytes(pool, devid) ?? largestMemberBytes(pool));
  if (targetSizes.some((s) => s >= need)) return null;
  return (
    `no attached disk of at least ${formatBytes(need)} can take devid ${devid}'s place (an unused disk, or one holding only an old ` +
    'filesystem you agree to wipe): attach one, then come back'
  );
}

/**
 * Why each repair route cannot run on this pool (space, the minimum) — not whether a disk is
 * attached yet: attaching one is part of the route, and the action's own gate says so.
 */
export function replaceMissingBlock(space: PoolSpace | null | undefined, devid: number): string | null {
  const v = replaceVerdictOf(space, devid);
  return v && spaceRefusal(v, { movesChunks: false });
}

export function removeMissingBlock(pool: Pool, space: PoolSpace | null | undefined): string | null {
  const v = verdictOf(space, 'remove-missing');
  return belowMinimumReason(pool, attachedMembers(pool), 'removing the missing member') ?? (v && spaceRefusal(v, { movesChunks: true }));
}

export function addThenRemoveBlock(space: PoolSpace | null | undefined): string | null {
  const v = verdictOf(space, 'add-then-remove');
  const why = v && spaceRefusal(v, { movesChunks: true });
  return why && `adding a disk to then remove the missing member: ${why}`;
}

/** The actions of a mounted pool that cannot run now, with why. */
export function actionGates(pool: Pool, input: GateInput): ActionGate[] {
  const out: ActionGate[] = [];
  if (!pool.mounted) return out;
  const gate = (action: ActionGate['action'], reason: string | null, extra: Partial<Pick<ActionGate, 'devid' | 'mode'>> = {}) => {
    if (reason !== null) out.push({ action, devid: extra.devid ?? null, mode: extra.mode ?? null, reason });
  };
  const space = input.space ?? null;
  const missing = missingMembers(pool);
  if (missing.count > 0) {
    for (const devid of missing.devids) {
      gate('replace', replaceMissingBlock(space, devid) ?? noTargetReason(pool, devid, input.targetSizes), { devid });
    }
    gate('remove-missing', removeMissingBlock(pool, space));
    gate('add-devices', addThenRemoveBlock(space));
    return out;
  }
  // A full balance the engine expects to run out of room is not gated: it runs after a warning and
  // a typed confirmation (fullBalanceWarning, ADR 023). One it cannot judge at all is.
  const full = verdictOf(space, 'full-balance');
  gate('balance-start', full && full.fits !== 'no' ? spaceRefusal(full, { movesChunks: true }) : null, { mode: 'full' });
  const convert = verdictOf(space, 'convert');
  gate('balance-start', convert && spaceRefusal(convert, { movesChunks: true }), { mode: 'convert-soft' });
  const present = pool.devices.filter((d) => !d.missing);
  if (present.length > 1) {
    const below = belowMinimumReason(pool, present.length - 1, 'removing a member');
    const perMember = present.map((d) => {
      const v = space?.verdicts.find((x) => x.operation === 'remove-device' && x.devices.some((m) => m.role === 'leaving' && m.devid === d.devid));
      return v ? spaceRefusal(v, { movesChunks: true }) : null;
    });
    const allBlocked = perMember.length > 0 && perMember.every((r) => r !== null);
    gate('remove-device', below ?? (allBlocked ? `no member can be removed: ${perMember[0]}` : null));
  }
  return out;
}
