/**
 * SmartReader (RealHost → fixtures/bin/smartctl): when a disk is read again, standby left alone on
 * the periodic refresh, the admin's device-type override, a missing smartctl as a read error.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../test-support/clock.ts';
import type { FakeSmartctl } from '../test-support/fake-smartctl-env.ts';
import { useSmartBed, KEYS, SMART_MAP } from '../test-support/smart-bed.ts';
import type { SmartService } from './smart-service.ts';

// Every read spawns the fake smartctl (a node process): seconds per test on a loaded two-core machine. What is read is tested, not the speed.
describe('SmartReader (RealHost + fake smartctl)', { timeout: 60_000 }, () => {
  const bed = useSmartBed();
  let service: SmartService;
  let fake: FakeSmartctl;
  let clock: FakeClock;
  beforeEach(() => {
    fake = bed.fake;
    clock = bed.clock;
    service = bed.graph.smart;
  });
  const make = (...args: Parameters<typeof bed.make>) => bed.make(...args);
  const audit = () => bed.graph.stores.audit.list();

  it('refreshes a disk again only after the refresh interval', async () => {
    await service.reader.refreshDue();
    const reads = () => fake.calls().filter((c) => c.includes('-x')).length;
    const first = reads();
    clock.set('2026-11-26T12:29:00.000Z');
    await service.reader.refreshDue();
    expect(reads()).toBe(first);
    clock.set('2026-11-26T12:31:00.000Z');
    await service.reader.refreshDue();
    expect(reads()).toBe(first * 2);
  });
  it('leaves a sleeping disk asleep on the periodic refresh but reads it when asked', async () => {
    const standby = { json_format_version: [1, 0], smartctl: { version: [7, 3], messages: [{ string: 'Device is in STANDBY mode, exit(2)', severity: 'information' }], exit_status: 2 }, device: { name: '/dev/sda', info_name: '/dev/sda [SAT]', type: 'sat', protocol: 'ATA' } };
    fake.setMap({ ...SMART_MAP, '/dev/sda': { report: [{ stdout: JSON.stringify(standby) }, 'sata-hdd-wd-red-wd20efrx.json'] } });
    await service.reader.refreshDue();
    const asleep = await service.summaries();
    expect(asleep.find((d) => d.diskKey === KEYS.red)?.status).toBe('not-checked');
    const r = await service.refresh(KEYS.red, 'alice');
    expect(r.status).toBe('passed');
    expect(fake.calls().filter((c) => c.at(-1) === '/dev/sda' && c.includes('-x')).at(-1)).toEqual(['-j', '-x', '-d', 'sat', '--', '/dev/sda']);
  });
  it('uses the admin\'s device-type override (a disk behind a MegaRAID controller)', async () => {
    const r = await service.setDeviceType(KEYS.raid, 'sat+megaraid,1', 'alice');
    expect(r.deviceType).toMatchObject({ effective: 'sat+megaraid,1', source: 'override' });
    expect(r.status).toBe('failing');
    expect(r.report).toMatchObject({ protocol: 'ata', identity: { model: 'WD4000FYYX' } });
    expect(fake.calls()).toContainEqual(['-j', '-x', '-d', 'sat+megaraid,1', '--', '/dev/sde']);
    expect(audit().find((e) => e.action === 'smart.device-type')).toMatchObject({ actor: 'alice', target: KEYS.raid, details: { deviceType: 'sat+megaraid,1' } });
    const cleared = await service.setDeviceType(KEYS.raid, null, 'alice');
    expect(cleared.deviceType.source).toBe('auto');
  });
  it('reports a missing smartctl as a SMART read error on the disk, not a crash', async () => {
    const missing = make({ POOLWATCH_SMARTCTL: '/nonexistent/smartctl' });
    const r = await missing.disk(KEYS.red);
    expect(r.status).toBe('error');
    expect(r.summary).toBe('SMART read failed: /nonexistent/smartctl is not installed (install smartmontools)');
  });
});
