/**
 * The inventory over real machine states captured from lab scenarios (fixtures/lab/host-*.json,
 * made by lab/capture-host.ts) and replayed by the strict FakeHost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHost, type PlannedCommand } from '../host/fake-host.ts';
import { HostError } from '../host/host-error.ts';
import type { HostRecording } from '../host/recording-host.ts';
import { openDb } from '../store/db.ts';
import { InventoryStore } from '../store/inventory-store.ts';
import { InventoryService } from './inventory-service.ts';

interface Capture {
  labPools: Record<string, { label: string; uuid: string }>;
  labDisks: Record<string, { file: string }>;
  expect: { pools: { label: string; mounted: boolean; totalDevices: number; missingCount: number; missingDevids: number[]; profiles: Record<string, string[]>; detachedDisks?: string[] }[]; spareDisks?: string[] };
  healthy: HostRecording;
  broken: HostRecording;
}

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', `host-${name}.json`), 'utf8')) as Capture;
const FIXED_NOW = () => new Date('2026-11-26T12:00:00Z');

describe.each(['raid1-degraded-ro', 'raid1-missing-unmounted', 'raid0-missing', 'spare'])('inventory on captured scenario %s', (name) => {
  const cap = load(name);

  it('reports each pool as the scenario expects, naming detached disks it saw before', async () => {
    const store = new InventoryStore(openDb(':memory:'));
    await new InventoryService(FakeHost.fromRecording(cap.healthy), store, { now: FIXED_NOW }).snapshot();
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), store, { now: FIXED_NOW }).snapshot();
    for (const want of cap.expect.pools) {
      const uuid = Object.values(cap.labPools).find((p) => p.label === want.label)!.uuid;
      const pool = snap.pools.find((p) => p.uuid === uuid)!;
      expect(pool.label).toBe(want.label);
      expect(pool.mounted).toBe(want.mounted);
      expect(pool.totalDevices).toBe(want.totalDevices);
      expect(pool.missingCount).toBe(want.missingCount);
      expect(pool.missingDevids).toEqual(want.missingDevids);
      expect(Object.fromEntries(Object.entries(pool.profiles).map(([k, v]) => [k, [...v].sort()]))).toEqual(want.profiles);
      const detached = (want.detachedDisks ?? []).map((d) => `loop:${cap.labDisks[d]!.file}`);
      expect(pool.detached.map((d) => d.disk.key)).toEqual(detached);
    }
    for (const spare of cap.expect.spareDisks ?? []) {
      expect(snap.disks.find((d) => d.identity.key === `loop:${cap.labDisks[spare]!.file}`)?.role).toBe('unused');
    }
  });

  it('without memory of the healthy pool, still reports what is missing (and no detached disk)', async () => {
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:')), { now: FIXED_NOW }).snapshot();
    for (const want of cap.expect.pools) {
      const uuid = Object.values(cap.labPools).find((p) => p.label === want.label)!.uuid;
      const pool = snap.pools.find((p) => p.uuid === uuid)!;
      expect(pool.missingCount).toBe(want.missingCount);
      expect(pool.detached).toEqual([]);
      // A pool with a member missing is never reported as complete.
      if (want.missingCount > 0) expect(pool.devices.some((d) => d.missing) || pool.missingCount > 0).toBe(true);
    }
  });

  it('spawns nothing when the sysfs fingerprint is unchanged and the scan is fresh', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const svc = new InventoryService(host, new InventoryStore(openDb(':memory:')), { now: FIXED_NOW, fullScanMs: 60_000 });
    const first = await svc.snapshot();
    const spawned = host.calls.length;
    expect(spawned).toBeGreaterThan(0);
    const second = await svc.snapshot();
    expect(host.calls.length).toBe(spawned);
    expect(second).toBe(first);
    expect(svc.fullScans).toBe(1);
  });
});

describe('inventory failure modes', () => {
  it('fails with a HostError saying btrfs-progs is missing when btrfs is not installed', async () => {
    const cap = load('spare');
    const missing = new HostError({ file: 'btrfs', args: ['filesystem', 'show', '--raw'] }, { exitCode: null, timedOut: false, stderr: '', errno: 'ENOENT' });
    const host = FakeHost.fromRecording(cap.broken);
    const plan = (host as unknown as { commands: PlannedCommand[] }).commands;
    plan.unshift({ file: 'btrfs', args: ['filesystem', 'show', '--raw'], result: { throws: missing } });
    const err = await new InventoryService(host, new InventoryStore(openDb(':memory:'))).snapshot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as Error).message).toContain('btrfs is not installed');
  });
});
