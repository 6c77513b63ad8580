import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SORT, type SortablePool, nextSort, parseSort, sortPools, sortToParams } from './sort.ts';

const clean = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
function pool(uuid: string, p: Partial<SortablePool> = {}): SortablePool {
  return { uuid, label: uuid.toUpperCase(), sizeBytes: 100, usedBytes: 10, totalDevices: 2, missingCount: 0, health: { status: 'healthy' }, devices: [{ errors: clean }], ...p };
}
const ids = (pools: SortablePool[]) => pools.map((p) => p.uuid);

describe('sortPools', () => {
  const pools = [
    pool('b', { health: { status: 'warning' }, sizeBytes: 300, usedBytes: null, totalDevices: 3 }),
    pool('a', { health: { status: 'degraded' }, missingCount: 1, sizeBytes: 200, usedBytes: 50 }),
    pool('c', { label: null, sizeBytes: 100, usedBytes: 20, devices: [{ errors: { ...clean, read: 4 } }] }),
    pool('d', { health: { status: 'failed' }, missingCount: 1, sizeBytes: 200, usedBytes: 5, totalDevices: 1 }),
  ];

  it('by default puts the worst status first', () => {
    expect(ids(sortPools(pools, DEFAULT_POOL_SORT))).toEqual(['d', 'a', 'b', 'c']);
  });

  it('sorts names A→Z with unlabelled pools last, and reverses', () => {
    expect(ids(sortPools(pools, { key: 'name', direction: 'ascending' }))).toEqual(['a', 'b', 'd', 'c']);
    expect(ids(sortPools(pools, { key: 'name', direction: 'descending' }))).toEqual(['c', 'd', 'b', 'a']);
  });

  it('breaks ties by name so equal rows never swap places', () => {
    expect(ids(sortPools(pools, { key: 'size', direction: 'descending' }))).toEqual(['b', 'a', 'd', 'c']);
    expect(ids(sortPools(pools, { key: 'size', direction: 'ascending' }))).toEqual(['c', 'a', 'd', 'b']);
  });

  it('keeps unknown used bytes last in both directions', () => {
    expect(ids(sortPools(pools, { key: 'used', direction: 'descending' })).at(-1)).toBe('b');
    expect(ids(sortPools(pools, { key: 'used', direction: 'ascending' })).at(-1)).toBe('b');
  });

  it('sorts by members and by device-error total', () => {
    expect(ids(sortPools(pools, { key: 'members', direction: 'descending' }))[0]).toBe('b');
    expect(ids(sortPools(pools, { key: 'errors', direction: 'descending' }))[0]).toBe('c');
  });

  it('does not change the input array', () => {
    const before = ids(pools);
    sortPools(pools, { key: 'name', direction: 'ascending' });
    expect(ids(pools)).toEqual(before);
  });
});

describe('nextSort and the URL form', () => {
  it('flips the direction of the current column', () => {
    expect(nextSort({ key: 'size', direction: 'descending' }, 'size')).toEqual({ key: 'size', direction: 'ascending' });
  });
  it('starts names ascending and numbers descending', () => {
    expect(nextSort(DEFAULT_POOL_SORT, 'name')).toEqual({ key: 'name', direction: 'ascending' });
    expect(nextSort(DEFAULT_POOL_SORT, 'errors')).toEqual({ key: 'errors', direction: 'descending' });
  });
  it('round-trips through search params and ignores junk', () => {
    const s = { key: 'used', direction: 'ascending' } as const;
    const p = sortToParams(s);
    expect(parseSort(p.sort, p.dir)).toEqual(s);
    expect(parseSort('bogus', 'asc')).toEqual(DEFAULT_POOL_SORT);
    expect(parseSort(null, null)).toEqual(DEFAULT_POOL_SORT);
    expect(parseSort('name', null)).toEqual({ key: 'name', direction: 'ascending' });
  });
});
