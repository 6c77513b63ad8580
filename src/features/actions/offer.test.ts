import { describe, expect, it } from 'vitest';
import type { MaintenanceStep } from '../../../contracts/health.ts';
import { alertRequest, dialogKey, isOffered, offeredActions, requestFromParams, requestLabel, requestToParams, stepRequest, withoutActionParams } from './offer.ts';
import { degraded, makeDevice, makeJob, makePoolView } from '../../test/pools.ts';

const names = (offers: ReturnType<typeof offeredActions>) => offers.map((o) => o.label);
const primary = (offers: ReturnType<typeof offeredActions>) => offers.filter((o) => o.primary).map((o) => o.label);

describe('offeredActions per pool state', () => {
  it('unmounted with a member missing: mount degraded,ro only', () => {
    expect(names(offeredActions(degraded.unmounted(), []))).toEqual(['Mount read-only, degraded']);
  });

  it('mounted degraded,ro: the remount to degraded,rw', () => {
    const offers = offeredActions(degraded.ro(), []);
    expect(names(offers)).toEqual(['Remount read-write, degraded']);
    expect(primary(offers)).toEqual(['Remount read-write, degraded']);
  });

  it('mounted degraded,rw: replace the missing devid, remove missing, add disks; the recommended route first', () => {
    const offers = offeredActions(degraded.rw('replace-missing'), []);
    expect(names(offers)).toEqual(['Replace devid 2', 'Remove the missing member', 'Add disks']);
    expect(primary(offers)).toEqual(['Replace devid 2']);
    expect(offers.find((o) => o.request.action === 'remove-missing')?.danger).toBe(true);
    expect(primary(offeredActions(degraded.rw('remove-missing'), []))).toEqual(['Remove the missing member']);
  });

  it('an action the server says cannot run on this pool is offered disabled, with its reason, and never primary', () => {
    const pool = {
      ...degraded.rw('replace-missing'),
      blocked: [
        { action: 'remove-missing' as const, devid: null, mode: null, reason: 'Removing the missing member (devid 2) will not fit: numbers.' },
        { action: 'replace' as const, devid: 2, mode: null, reason: 'Replace will not start: numbers.' },
      ],
    };
    const offers = offeredActions(pool, []);
    expect(names(offers)).toEqual(['Replace devid 2', 'Remove the missing member', 'Add disks']);
    expect(offers.map((o) => o.blocked)).toEqual(['Replace will not start: numbers.', 'Removing the missing member (devid 2) will not fit: numbers.', null]);
    expect(primary(offers)).toEqual([]);
    expect(isOffered(offers, { action: 'replace', devid: 2 })).toBe(false);
    expect(isOffered(offers, { action: 'add-devices' })).toBe(true);
    const full = offeredActions(makePoolView({ blocked: [{ action: 'balance-start', devid: null, mode: 'full', reason: 'A full balance will not fit.' }] }), []);
    expect(full.find((o) => o.request.mode === 'full')?.blocked).toBe('A full balance will not fit.');
    expect(full.find((o) => o.request.action === 'scrub-start')?.blocked).toBeNull();
  });

  it('beyond redundancy: nothing to run', () => {
    expect(offeredActions(degraded.beyond(), [])).toEqual([]);
  });

  it('healthy rw: replace, add, remove, full balance, scrub; unmount only when managed', () => {
    expect(names(offeredActions(makePoolView(), []))).toEqual(['Replace a member', 'Add disks', 'Remove a member', 'Full balance', 'Scrub']);
    expect(names(offeredActions(makePoolView({ managed: true }), []))).toContain('Unmount');
  });

  it('unmounted healthy: mount when managed, nothing otherwise', () => {
    const down = { mounted: false, mountPoint: null, mountOptions: [] };
    expect(names(offeredActions(makePoolView({ ...down, managed: true }), []))).toEqual(['Mount']);
    expect(offeredActions(makePoolView(down), [])).toEqual([]);
  });

  it('mixed profiles: the convert balance comes first and the full balance is not offered', () => {
    const offers = offeredActions(makePoolView({ health: { status: 'warning', alerts: [{ code: 'mixed-profiles', severity: 'warning', message: 'x' }] } }), []);
    expect(primary(offers)).toEqual(['Re-establish redundancy (convert balance)']);
    expect(offers[0]!.request).toEqual({ action: 'balance-start', mode: 'convert-soft' });
    expect(names(offers)).not.toContain('Full balance');
  });

  it('slack after a larger replacement: grow that devid', () => {
    const offers = offeredActions(makePoolView({ health: { status: 'healthy', alerts: [{ code: 'replace-slack', severity: 'info', message: 'x', devid: 3 }] } }), []);
    expect(offers[0]).toMatchObject({ label: 'Grow devid 3 to its whole disk', primary: true, request: { action: 'resize', devid: 3, size: 'max' } });
  });

  it('device errors: reset counters (destructive)', () => {
    const offers = offeredActions(makePoolView({ devices: [makeDevice(1), makeDevice(2, { errors: { write: 0, read: 3, flush: 0, corruption: 0, generation: 0 } })] }), []);
    expect(offers.at(-1)).toMatchObject({ label: 'Reset error counters', danger: true });
  });

  it('a running exclusive job or kernel operation holds the pool', () => {
    expect(offeredActions(degraded.rw(), [makeJob({ kind: 'replace' })])).toEqual([]);
    expect(offeredActions(makePoolView({ exclusiveOperation: 'device replace' }), [])).toEqual([]);
    expect(names(offeredActions(makePoolView(), [makeJob({ kind: 'scrub-start' })]))).toEqual(['Cancel the scrub']);
  });

  it('a balance: pause or cancel it; a paused one: resume or cancel', () => {
    expect(names(offeredActions(makePoolView({ exclusiveOperation: 'balance' }), []))).toEqual(['Pause the balance', 'Cancel the balance']);
    expect(names(offeredActions(makePoolView({ exclusiveOperation: 'balance paused' }), []))).toEqual(['Resume the balance', 'Cancel the balance']);
  });

  it('resume a scrub when the last one was cancelled or interrupted', () => {
    expect(names(offeredActions(makePoolView(), [makeJob({ state: 'cancelled' })]))).toContain('Resume the scrub');
    expect(names(offeredActions(makePoolView(), [makeJob({ state: 'succeeded' }), makeJob({ state: 'cancelled' })]))).not.toContain('Resume the scrub');
  });

  it('ended jobs do not hold the pool', () => {
    expect(names(offeredActions(degraded.ro(), [makeJob({ kind: 'replace', state: 'failed' })]))).toEqual(['Remount read-write, degraded']);
  });
});

const step = (kind: MaintenanceStep['kind'], command: string[] | null): Pick<MaintenanceStep, 'kind' | 'command'> => ({ kind, command });

describe('stepRequest', () => {
  it.each([
    [step('mount-degraded-ro', ['mount', '-o', 'degraded,ro', '/dev/loop1', '/mnt2/x']), { action: 'mount-degraded-ro' }],
    [step('remount-degraded-rw', ['mount', '-o', 'remount,rw,degraded', '/mnt2/x']), { action: 'remount-degraded-rw' }],
    [step('replace-missing', ['btrfs', 'replace', 'start', '2', '/dev/loop9', '/mnt2/x']), { action: 'replace', devid: 2, diskPath: '/dev/loop9' }],
    [step('replace-missing', ['btrfs', 'replace', 'start', '<devid>', '<new-device>', '/mnt2/x']), { action: 'replace' }],
    [step('remove-missing', ['btrfs', 'device', 'remove', 'missing', '/mnt2/x']), { action: 'remove-missing' }],
    [step('add-device', ['btrfs', 'device', 'add', '<new-device>', '/mnt2/x']), { action: 'add-devices' }],
    [step('add-device', ['btrfs', 'device', 'add', '/dev/sdf', '/mnt2/x']), { action: 'add-devices', diskPath: '/dev/sdf' }],
    [step('balance-convert-soft', ['btrfs', 'balance', 'start', '-dconvert=raid1,soft', '-mconvert=raid1,soft', '/mnt2/x']), { action: 'balance-start', mode: 'convert-soft' }],
    [step('resize-max', ['btrfs', 'filesystem', 'resize', '2:max', '/mnt2/x']), { action: 'resize', devid: 2, size: 'max' }],
    [step('resize-max', ['btrfs', 'filesystem', 'resize', '<devid>:max', '/mnt2/x']), { action: 'resize', size: 'max' }],
    [step('scrub', ['btrfs', 'scrub', 'start', '/mnt2/x']), { action: 'scrub-start' }],
    [step('reset-counters', ['btrfs', 'device', 'stats', '-z', '/mnt2/x']), { action: 'reset-counters' }],
  ])('%j → %j', (s, request) => {
    expect(stepRequest(s)).toEqual(request);
  });

  it('steps done by hand have no action', () => {
    for (const kind of ['refresh-backups', 'reattach-missing', 'replace-status', 'check-mixed-profiles', 'support-bundle'] as const) {
      expect(stepRequest(step(kind, null))).toBeNull();
    }
  });

  it('a step button shows only when the pool offers its action now', () => {
    const repair = offeredActions(degraded.rw('replace-missing'), []);
    expect(isOffered(repair, { action: 'replace', devid: 2 })).toBe(true);
    // The convert is for after the repair: refused while a member is missing.
    expect(isOffered(repair, { action: 'balance-start', mode: 'convert-soft' })).toBe(false);
    const mixed = offeredActions(makePoolView({ health: { status: 'warning', alerts: [{ code: 'mixed-profiles', severity: 'warning', message: '' }] } }), []);
    expect(isOffered(mixed, { action: 'balance-start', mode: 'convert-soft' })).toBe(true);
    expect(isOffered(offeredActions(makePoolView(), []), { action: 'balance-start', mode: 'convert-soft' })).toBe(false);
  });
});

describe('alertRequest', () => {
  it('mixed profiles → convert balance; slack → grow that devid; others → nothing', () => {
    expect(alertRequest({ code: 'mixed-profiles' })).toEqual({ action: 'balance-start', mode: 'convert-soft' });
    expect(alertRequest({ code: 'replace-slack', devid: 2 })).toEqual({ action: 'resize', devid: 2, size: 'max' });
    expect(alertRequest({ code: 'replace-slack' })).toBeNull();
    expect(alertRequest({ code: 'device-missing', devid: 2 })).toBeNull();
  });
});

describe('address parameters', () => {
  it('reads the SMART panel link', () => {
    expect(requestFromParams(new URLSearchParams('action=replace&devid=3&readFromOtherMirrors=1'))).toEqual({ action: 'replace', devid: 3, readFromOtherMirrors: true });
  });
  it('round-trips a request', () => {
    const r = { action: 'resize', devid: 2, size: 536870912 } as const;
    expect(requestFromParams(requestToParams(r))).toEqual(r);
    const b = { action: 'balance-start', mode: 'full' } as const;
    expect(requestFromParams(requestToParams(b))).toEqual(b);
  });
  it('drops what it cannot read instead of guessing', () => {
    expect(requestFromParams(new URLSearchParams('action=format-everything'))).toBeNull();
    expect(requestFromParams(new URLSearchParams('devid=2'))).toBeNull();
    expect(requestFromParams(new URLSearchParams('action=replace&devid=two&size=-1&mode=fast'))).toEqual({ action: 'replace' });
    expect(requestFromParams(new URLSearchParams('action=replace&devid=0'))).toEqual({ action: 'replace' });
  });
  it('keeps other parameters and removes the dialog\'s', () => {
    const p = requestToParams({ action: 'scrub-start' }, new URLSearchParams('tab=disks&devid=9'));
    expect(p.toString()).toBe('tab=disks&action=scrub-start');
    expect(withoutActionParams(p).toString()).toBe('tab=disks');
  });
  it('keeps the job a dialog started (a reload brings the job back), and the same dialog with or without it', () => {
    const job = '0c7e1f6a-3b2d-4e5f-8a9b-1c2d3e4f5a6b';
    const r = { action: 'replace', devid: 2, job } as const;
    const p = requestToParams(r, new URLSearchParams('tab=disks'));
    expect(requestFromParams(p)).toEqual(r);
    expect(dialogKey(p)).toBe(dialogKey(requestToParams({ action: 'replace', devid: 2 }, new URLSearchParams('tab=disks'))));
    expect(withoutActionParams(p).toString()).toBe('tab=disks');
    expect(requestFromParams(new URLSearchParams('action=replace&job=../../etc'))).toEqual({ action: 'replace' });
  });
  it('labels requests precisely', () => {
    expect(requestLabel({ action: 'replace' })).toBe('Replace a member');
    expect(requestLabel({ action: 'resize', devid: 2, size: 1024 })).toBe('Resize devid 2');
  });
});
