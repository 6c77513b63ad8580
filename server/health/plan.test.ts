/**
 * The plan model (issue 10 item 3): the whole route from the start with each step done / now /
 * next, routes chosen by an attached spare and by what fits, and steps that cannot run on this
 * pool shown blocked with the reason the action's pre-flight gives. The space numbers are real:
 * the captures of the lab's 3 × 512 MiB raid1 with devid 3 pulled at 35 % and 60 %
 * (fixtures/space, docs/recovery-space.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../contracts/api.ts';
import type { Maintenance } from '../../contracts/health.ts';
import type { PoolSpace } from '../../contracts/space.ts';
import { gateFor } from '../../contracts/views.ts';
import { parseDeviceUsage } from '../parsers/device-usage.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import { makeContext } from '../test-support/assess-context.ts';
import { DEGRADED_RO_OPTIONS, DEGRADED_RW_OPTIONS, makeDevice, makePool, missingDevice } from '../test-support/pools.ts';
import type { AssessContext } from './context.ts';
import { actionGates, fullBalanceWarning } from './gates.ts';
import { planMaintenance } from './maintenance.ts';
import { spaceFactsOf } from './space/facts.ts';
import { poolSpace } from './space/pool-space.ts';

const MIB = 1024 ** 2;
const DIR = fileURLToPath(new URL('../../fixtures/space/', import.meta.url));
const SPARE = { sizeBytes: 512 * MIB, path: '/dev/disk/by-id/ata-SPARE' };

function pool(overrides: Partial<Pool> = {}): Pool {
  return makePool({
    label: 'p',
    devices: [makeDevice(1, { sizeBytes: 512 * MIB }), makeDevice(2, { sizeBytes: 512 * MIB }), missingDevice(3)],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    ...overrides,
  });
}

/** The space report of the lab pool at `fill` % (the capture taken just before its replace). */
function spaceAt(p: Pool, fill: 35 | 60, spares = [SPARE.sizeBytes]): PoolSpace {
  const read = (kind: string) => readFileSync(`${DIR}raid1x3-512m-f${fill}-replace.before.${kind}.txt`, 'utf8');
  const facts = spaceFactsOf(parseFiUsage(read('fi-usage')), parseDeviceUsage(read('device-usage')));
  return poolSpace(p, facts, { spareSizes: spares });
}

function plan(p: Pool, ctx: Partial<AssessContext>): Maintenance {
  const m = planMaintenance(p, makeContext(ctx));
  if (!m) throw new Error('no guidance');
  return m;
}

const byStatus = (m: Maintenance, status: string) => m.steps.filter((s) => s.status === status).map((s) => s.kind);

describe('the plan of a raid1 of 3 missing one, a same-size spare attached', () => {
  it('~35 %: replace fits and is recommended (spare first); remove-missing is shown blocked with the read-only risk', () => {
    const p = pool();
    const space = spaceAt(p, 35);
    const m = plan(p, { spareDisks: [SPARE], space, targetSizes: [SPARE.sizeBytes] });
    expect(m).toMatchObject({ state: 'repair', recommended: 'replace-missing', alternatives: ['add-then-remove-missing'] });
    expect(m.summary).toContain('an unused disk large enough is attached');
    expect(byStatus(m, 'done')).toEqual(['rescan-devices', 'create-mount-point', 'mount-degraded-ro', 'refresh-backups', 'remount-degraded-rw']);
    expect(byStatus(m, 'now')).toEqual(['replace-missing', 'replace-status', 'resize-max']);
    expect(m.steps.find((s) => s.kind === 'replace-missing')?.command).toEqual(['btrfs', 'replace', 'start', '3', SPARE.path, p.mountPoint]);
    expect(byStatus(m, 'next')).toEqual(['check-mixed-profiles', 'balance-convert-soft', 'scrub']);
    const blocked = m.steps.filter((s) => s.status === 'blocked');
    expect(blocked.map((s) => s.kind)).toEqual(['remove-missing']);
    expect(blocked[0]!.blockedReason).toMatch(/force the pool read-only/);
    expect(blocked[0]!.blockedReason).toMatch(/devid 1: 192 MiB, devid 2: 191 MiB/);
    // The action bar reads the same gates: replace runs, remove-missing does not.
    const gates = actionGates(p, { space, targetSizes: [SPARE.sizeBytes] });
    expect(gateFor(gates, 'replace', { devid: 3 })).toBeNull();
    expect(gateFor(gates, 'remove-missing')?.reason).toBe(blocked[0]!.blockedReason);
    expect(gateFor(gates, 'add-devices')).toBeNull();
  });

  it('~60 %: no route fits — every route shown blocked with the numbers, the plan is read-only and copy off', () => {
    const p = pool();
    const space = spaceAt(p, 60);
    const m = plan(p, { spareDisks: [SPARE], space, targetSizes: [SPARE.sizeBytes] });
    expect(m).toMatchObject({ state: 'repair', recommended: null, alternatives: [] });
    expect(m.headline).toBe('No repair fits on this pool now: copy the data off');
    const blocked = m.steps.filter((s) => s.status === 'blocked');
    expect(blocked.map((s) => s.kind)).toEqual(['replace-missing', 'add-device', 'remove-missing']);
    expect(blocked[0]!.blockedReason).toMatch(/more than 205 MiB unallocated .* they have 62\.5 MiB/);
    expect(blocked[1]!.blockedReason).toMatch(/^adding a disk to then remove the missing member: .*read-only/);
    expect(byStatus(m, 'now')).toEqual(['copy-data-off', 'free-and-compact']);
    expect(m.steps.find((s) => s.kind === 'copy-data-off')?.command).toEqual(['mount', '-o', 'remount,ro', '--', p.mountPoint]);
    expect(m.steps.find((s) => s.kind === 'free-and-compact')?.text).toMatch(/^Free space first: delete .* at least [\d.]+ MiB of data, then compact/);
    // Nothing to verify after a repair that cannot happen.
    expect(byStatus(m, 'next')).toEqual([]);
    const gates = actionGates(p, { space, targetSizes: [SPARE.sizeBytes] });
    expect(gates.map((g) => [g.action, g.devid])).toEqual([['replace', 3], ['remove-missing', null], ['add-devices', null]]);
  });

  it('is visible from the start: mounted degraded,ro the repair is already planned (next) or shown blocked', () => {
    const ro = pool({ mountOptions: [...DEGRADED_RO_OPTIONS] });
    const fits = plan(ro, { spareDisks: [SPARE], space: spaceAt(ro, 35), targetSizes: [SPARE.sizeBytes] });
    expect(fits.state).toBe('refresh-backups-then-rw');
    expect(byStatus(fits, 'now')).toEqual(['refresh-backups', 'remount-degraded-rw']);
    expect(byStatus(fits, 'next')).toEqual(['replace-missing', 'replace-status', 'resize-max', 'check-mixed-profiles', 'balance-convert-soft', 'scrub']);
    const short = plan(ro, { spareDisks: [SPARE], space: spaceAt(ro, 60), targetSizes: [SPARE.sizeBytes] });
    expect(byStatus(short, 'blocked')).toEqual(['replace-missing', 'add-device', 'remove-missing']);
    expect(byStatus(short, 'next')).toEqual(['copy-data-off', 'free-and-compact']);
  });

  it('without a spare: remove-missing stays recommended when it fits; replace needs a disk — its action says so', () => {
    const p = pool();
    const m = plan(p, { spareDisks: [], space: null, targetSizes: [] });
    expect(m).toMatchObject({ recommended: 'remove-missing', alternatives: ['replace-missing', 'add-then-remove-missing'] });
    // Attaching a disk is part of the replace route: the step is not blocked, its action is (until a disk is there).
    expect(m.steps.filter((s) => s.status === 'blocked')).toEqual([]);
    const gate = gateFor(actionGates(p, { space: null, targetSizes: [] }), 'replace', { devid: 3 });
    expect(gate?.reason).toMatch(/no attached disk of at least 512 MiB can take devid 3's place/);
    expect(gateFor(actionGates(p, { space: null, targetSizes: [512 * MIB] }), 'replace', { devid: 3 })).toBeNull();
  });

  it('a spare too small is no spare: remove-missing stays first, replace is not moved ahead', () => {
    const p = pool();
    const small = { sizeBytes: 256 * MIB, path: '/dev/sdz' };
    const m = plan(p, { spareDisks: [small], space: null, targetSizes: [small.sizeBytes] });
    expect(m.recommended).toBe('remove-missing');
    expect(m.summary).not.toContain('an unused disk large enough is attached');
  });
});

describe('gates of a healthy pool', () => {
  it('a full balance the engine says will not fit is not blocked (warning + typed label, ADR 023); one it cannot judge is; a 2-member raid1 cannot lose one', () => {
    const p = makePool({ label: 'h', devices: [makeDevice(1), makeDevice(2)] });
    const space: PoolSpace = {
      usage: null,
      unknownReason: null,
      forecast: [],
      verdicts: [{ operation: 'full-balance', fits: 'no', failure: 'read-only', why: 'A full balance will not fit: numbers.', neededBytes: 1, availableBytes: 0, devices: [], remedies: [] }],
    };
    const gates = actionGates(p, { space });
    expect(gateFor(gates, 'balance-start', { mode: 'full' })).toBeNull();
    expect(fullBalanceWarning(space.verdicts[0]!)).toMatch(/^A full balance will not fit: numbers\. That is the engine's worst case: a full balance may still make room .* Type the pool label/);
    const unknown = { ...space, verdicts: [{ ...space.verdicts[0]!, fits: 'unknown' as const, failure: null, why: 'usage unreadable' }] };
    expect(gateFor(actionGates(p, { space: unknown }), 'balance-start', { mode: 'full' })?.reason).toMatch(/^usage unreadable\. Moving chunks without knowing/);
    expect(gateFor(gates, 'balance-start', { mode: 'convert-soft' })).toBeNull();
    expect(gateFor(gates, 'remove-device')?.reason).toMatch(/would leave 1 member, below the minimum of 2 for raid1/);
  });

  it('an unmounted pool has no gates (nothing is known about its space yet)', () => {
    expect(actionGates(makePool({ mounted: false }), { space: null, targetSizes: [] })).toEqual([]);
  });
});
