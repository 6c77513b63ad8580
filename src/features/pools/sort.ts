/** Sorting the pools overview. Pure: the table only renders the result. */
import type { DeviceErrors } from '../../../contracts/api.ts';
import type { HealthStatus } from '../../../contracts/health.ts';
import { poolErrorTotal } from '../../shared/device-errors.ts';

export const POOL_SORT_KEYS = ['name', 'status', 'size', 'used', 'members', 'errors'] as const;
export type PoolSortKey = (typeof POOL_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface PoolSort {
  key: PoolSortKey;
  direction: SortDirection;
}

/** Worst first by default: the pool that needs attention is at the top. */
export const DEFAULT_POOL_SORT: PoolSort = { key: 'status', direction: 'descending' };

// Unreadable ranks with degraded: poolwatch cannot vouch for it, and it may be anything.
const STATUS_RANK: Record<HealthStatus, number> = { healthy: 0, warning: 1, 'at-risk': 2, unreadable: 3, degraded: 3, failed: 4 };

export interface SortablePool {
  uuid: string;
  label: string | null;
  sizeBytes: number;
  usedBytes: number | null;
  totalDevices: number;
  missingCount: number;
  health: { status: HealthStatus };
  devices: readonly { errors: DeviceErrors | null }[];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNames(a: SortablePool, b: SortablePool): number {
  const la = a.label?.trim() || null;
  const lb = b.label?.trim() || null;
  // Unlabelled pools after labelled ones, then by uuid so the order never flickers.
  if (la === null && lb !== null) return 1;
  if (la !== null && lb === null) return -1;
  return collator.compare(la ?? '', lb ?? '') || a.uuid.localeCompare(b.uuid);
}

/** Numeric value of a column; null (unknown) always sorts last, whatever the direction. */
function valueOf(p: SortablePool, key: Exclude<PoolSortKey, 'name'>): number | null {
  switch (key) {
    case 'status':
      return STATUS_RANK[p.health.status] * 1000 + Math.min(p.missingCount, 999);
    case 'size':
      return p.sizeBytes;
    case 'used':
      return p.usedBytes;
    case 'members':
      return p.totalDevices;
    case 'errors':
      return poolErrorTotal(p);
  }
}

export function sortPools<T extends SortablePool>(pools: readonly T[], sort: PoolSort): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...pools].sort((a, b) => {
    if (sort.key === 'name') return sign * compareNames(a, b);
    const va = valueOf(a, sort.key);
    const vb = valueOf(b, sort.key);
    if (va === null && vb !== null) return 1;
    if (va !== null && vb === null) return -1;
    const byValue = va === null || vb === null ? 0 : sign * (va - vb);
    return byValue || compareNames(a, b);
  });
}

/** A click on a column header: the same column flips direction; a new one starts at its natural direction. */
export function nextSort(current: PoolSort, key: PoolSortKey): PoolSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  // Names read A→Z; for numbers and status the interesting end (biggest, worst) comes first.
  return { key, direction: key === 'name' ? 'ascending' : 'descending' };
}

/** Reads the sort from the URL (`?sort=size&dir=asc`), falling back to the default on anything unknown. */
export function parseSort(sortParam: string | null, dirParam: string | null): PoolSort {
  const key = POOL_SORT_KEYS.find((k) => k === sortParam);
  if (!key) return DEFAULT_POOL_SORT;
  const direction: SortDirection = dirParam === 'asc' ? 'ascending' : dirParam === 'desc' ? 'descending' : nextSort(DEFAULT_POOL_SORT, key).direction;
  return { key, direction };
}

export function sortToParams(sort: PoolSort): { sort: string; dir: string } {
  return { sort: sort.key, dir: sort.direction === 'ascending' ? 'asc' : 'desc' };
}
