/** What the disks page says about each disk's role. Pure. */
import type { Disk } from '../../../contracts/api.ts';
import { poolName } from '../../shared/format.ts';
import { DISKS_TEXT } from '../../text/disks.ts';

const R = DISKS_TEXT.role;

export interface RoleDescription {
  /** Text before the pool name, or the whole description when there is no pool. */
  lead: string;
  pool: { uuid: string; name: string } | null;
  /** Text after the pool name (", devid 2"). */
  tail: string;
}

type RoleDisk = Pick<Disk, 'role' | 'pool' | 'inUseReason'>;

export function describeRole(disk: RoleDisk): RoleDescription {
  const pool = disk.pool ? { uuid: disk.pool.uuid, name: poolName(disk.pool) } : null;
  switch (disk.role) {
    case 'member':
      return { lead: pool ? R.memberOf : R.memberOfSome, pool, tail: pool && disk.pool?.devid != null ? R.devid(disk.pool.devid) : '' };
    case 'detached':
      return { lead: pool ? R.detachedFrom : R.detached, pool, tail: pool && disk.pool?.devid != null ? R.wasDevid(disk.pool.devid) : '' };
    case 'unused':
      return { lead: R.unused, pool: null, tail: '' };
    case 'in-use':
      return { lead: R.inUse(disk.inUseReason), pool: null, tail: '' };
    case 'stale-member':
      return { lead: R.staleOf, pool, tail: R.staleTail };
  }
}

export function roleText(disk: RoleDisk): string {
  const r = describeRole(disk);
  return `${r.lead}${r.pool?.name ?? ''}${r.tail}`;
}

const ROLE_ORDER: Record<Disk['role'], number> = { member: 0, detached: 1, 'stale-member': 2, unused: 3, 'in-use': 4 };

/** Pool members first (grouped by pool, then devid), then detached, spare candidates, the rest; by device path within. */
export function sortDisks<T extends Pick<Disk, 'role' | 'pool' | 'path' | 'identity'>>(disks: readonly T[]): T[] {
  return [...disks].sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      (a.pool?.uuid ?? '').localeCompare(b.pool?.uuid ?? '') ||
      (a.pool?.devid ?? 0) - (b.pool?.devid ?? 0) ||
      (a.path ?? '').localeCompare(b.path ?? '', 'en', { numeric: true }) ||
      a.identity.key.localeCompare(b.identity.key),
  );
}
