/**
 * The views rendered once per change (ADR 021): a request renders nothing; a new snapshot, an
 * import, a new SMART verdict or a job's change renders again — the verdict depends on them.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import { openDb } from '../store/db.ts';
import { ManagedPoolStore } from '../store/managed-store.ts';
import { FakeClock } from '../test-support/clock.ts';
import { LAB_UUID, makeDevice, makeDisk, makePool, ZERO_ERRORS } from '../test-support/pools.ts';
import { ViewCache } from './view-cache.ts';

function setUp() {
  const clock = new FakeClock('2026-12-03T12:00:00Z');
  const erroring = makePool({ devices: [makeDevice(1, { errors: { ...ZERO_ERRORS, corruption: 3 } }), makeDevice(2)] });
  const member = makeDisk('loop21', { role: 'member', pool: { uuid: LAB_UUID, label: 'pool', devid: 1 } });
  let snap: Snapshot = { scannedAt: clock.now().toISOString(), pools: [erroring], disks: [member], slack: {} };
  const source: SnapshotSource & { peek(): Snapshot | null } = { snapshot: async () => snap, peek: () => snap };
  const signals = { version: 0, smart: null as { status: 'failing'; summary: string } | null };
  const views = new ViewCache({
    source, managed: new ManagedPoolStore(openDb(':memory:', clock)), clock, mountRoot: '/mnt2', scanOnRead: false,
    freshness: () => ({ ageSeconds: 0, stale: null }),
    signals: { smartOf: () => signals.smart, jobsOf: () => [] },
    signalsVersion: () => String(signals.version),
  });
  return { views, signals, setSnap: (s: Snapshot) => { snap = s; }, snap: () => snap };
}

describe('ViewCache', () => {
  it('renders once for many requests, and again for a new snapshot', async () => {
    const { views, setSnap, snap } = setUp();
    const first = await views.get();
    for (let i = 0; i < 5; i++) expect(await views.get()).toBe(first);
    expect(views.renders).toBe(1);
    setSnap({ ...snap(), scannedAt: '2026-12-03T12:00:05.000Z' });
    const second = await views.get();
    expect(views.renders).toBe(2);
    expect(second.list.etag).not.toBe(first.list.etag);
  });

  it('renders again when a SMART verdict or a job changes what the pool view says', async () => {
    const { views, signals } = setUp();
    const before = (await views.get()).pools[0]!;
    expect(before.maintenance?.state).toBe('device-errors');
    signals.smart = { status: 'failing', summary: 'reallocated sectors rising' };
    // Same version: the cached view stands (nothing told the cache).
    expect((await views.get()).pools[0]!.maintenance?.state).toBe('device-errors');
    signals.version++;
    const after = (await views.get()).pools[0]!;
    expect(views.renders).toBe(2);
    expect(after.maintenance?.state).toBe('replace-failing');
  });
});
