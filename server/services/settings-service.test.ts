import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type SettingsDocument } from '../../contracts/settings.ts';
import { ValidationError } from '../errors.ts';
import { LAB_UUID, healthyRaid1Of3 } from '../test-support/pools.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { NotifyService } from '../notify/notify-service.ts';
import { Scheduler } from '../schedules/scheduler.ts';
import { AuditStore } from '../store/audit-store.ts';
import { openDb } from '../store/db.ts';
import { NotifyStore } from '../store/notify-store.ts';
import { ScheduleStore } from '../store/schedule-store.ts';
import { SettingsStore } from '../store/settings-store.ts';
import { SettingsService } from './settings-service.ts';
import { FakeClock } from '../test-support/clock.ts';

const clock = new FakeClock(new Date(2026, 2, 10, 12), { manual: true });
const now = () => clock.now();

function install() {
  const db = openDb(':memory:', new FakeClock());
  const audit = new AuditStore(db);
  const snapshot = async (): Promise<Snapshot> => ({ scannedAt: now().toISOString(), pools: [healthyRaid1Of3()], disks: [], slack: {} });
  const notify = new NotifyService({ store: new NotifyStore(db), audit, clock, instance: 'nas1', publicUrl: null });
  const scheduler = new Scheduler({
    store: new ScheduleStore(db), audit, clock, snapshot,
    startScrub: async () => { throw new Error('not in this test'); },
    startSelfTest: async () => { throw new Error('not in this test'); },
    poolBusy: async () => null, job: () => null, waitJob: async () => { throw new Error('no'); }, noSmart: async () => new Set(), scrubSpeed: { set: async () => false },
  });
  const settings = new SettingsService({ settings: new SettingsStore(db), audit, notify, scheduler, snapshot, defaults: DEFAULT_THRESHOLDS, instance: 'nas1', now });
  return { db, notify, scheduler, settings, audit };
}

async function configured() {
  const a = install();
  a.settings.setThresholds({ reminderHours: 12, scanStuckMinutes: 15, counterRetentionDays: 90 }, 'admin');
  await a.scheduler.create({ kind: 'scrub', poolUuid: LAB_UUID, diskKey: null, enabled: true, recurrence: { every: 'month', monthDay: 3, at: '02:00', windowHours: 5 }, speedLimitBytesPerSecond: 64 * 1024 * 1024 }, 'admin');
  a.notify.create({ name: 'hook', type: 'webhook', enabled: true, minSeverity: 'warning', jobSucceeded: true, config: { url: 'https://ha.example.org/h', secret: 'the-webhook-secret-123' } }, 'admin');
  a.notify.create({ name: 'push', type: 'gotify', enabled: true, minSeverity: 'critical', jobSucceeded: false, config: { url: 'https://gotify.example.org', token: 'AppToken0123' } }, 'admin');
  a.notify.create({ name: 'mail', type: 'email', enabled: true, minSeverity: 'info', jobSucceeded: false, config: { host: 'mail.example.org', port: 587, security: 'starttls', tlsVerify: true, username: null, password: null, from: 'pw@example.org', to: ['a@example.org'] } }, 'admin');
  return a;
}

describe('settings export and import', () => {
  it('a reinstall restores schedules, channels with their secrets, and thresholds', async () => {
    const old = await configured();
    const doc = JSON.parse(JSON.stringify(old.settings.export(true, 'admin'))) as SettingsDocument;
    expect(doc).toMatchObject({ format: 'poolwatch-settings', version: 1, secretsIncluded: true, thresholds: { reminderHours: 12, counterRetentionDays: 90 } });
    const fresh = install();
    const result = await fresh.settings.import(doc, false, 'admin');
    expect(result).toMatchObject({ applied: true, schedules: 1, channels: 3, warnings: [] });
    expect(fresh.settings.thresholds()).toEqual({ reminderHours: 12, scanStuckMinutes: 15, counterRetentionDays: 90 });
    expect(fresh.scheduler.list().map((s) => [s.kind, s.poolUuid, s.recurrence, s.speedLimitBytesPerSecond])).toEqual([['scrub', LAB_UUID, { every: 'month', monthDay: 3, at: '02:00', windowHours: 5 }, 64 * 1024 * 1024]]);
    const channels = fresh.notify.storedChannels();
    expect(channels.map((c) => [c.name, c.enabled, (c.channel.config as Record<string, unknown>).secret ?? (c.channel.config as Record<string, unknown>).token ?? null])).toEqual([
      ['hook', true, 'the-webhook-secret-123'], ['push', true, 'AppToken0123'], ['mail', true, null],
    ]);
  });

  it('without secrets: none in the file; a channel whose secret is missing comes in disabled and says so; one with none stays enabled', async () => {
    const old = await configured();
    const doc = old.settings.export(false, 'admin');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('the-webhook-secret-123');
    expect(text).not.toContain('AppToken0123');
    const fresh = install();
    const result = await fresh.settings.import(JSON.parse(text), false, 'admin');
    expect(result.warnings).toEqual([
      'channel "hook": imported disabled because its secret is not in the file; enter it, then enable the channel',
      'channel "push": imported disabled because its token is not in the file; enter it, then enable the channel',
    ]);
    expect(fresh.notify.storedChannels().map((c) => [c.name, c.enabled])).toEqual([['hook', false], ['push', false], ['mail', true]]);
    // Importing the same file again where the secrets are known keeps them.
    const again = await old.settings.import(JSON.parse(text), false, 'admin');
    expect(again.warnings).toEqual([]);
    expect(old.notify.storedChannels().find((c) => c.name === 'hook')!.channel.config).toMatchObject({ secret: 'the-webhook-secret-123' });
  });

  it('an invalid file: every problem named by its path, nothing changed; a dry run changes nothing either', async () => {
    const a = await configured();
    const doc = JSON.parse(JSON.stringify(a.settings.export(true, 'admin'))) as Record<string, unknown> & { schedules: Record<string, unknown>[]; channels: Record<string, unknown>[] };
    doc.schedules[0]!.recurrence = { every: 'month', monthDay: 31, at: '25:00', windowHours: 5 };
    (doc.channels[0]!.config as Record<string, unknown>).url = 'ftp://nope';
    doc.thresholds = { reminderHours: -1, scanStuckMinutes: 15, counterRetentionDays: 90 };
    const err = await a.settings.import(doc, false, 'admin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^the settings file is not valid, nothing was imported: /);
    expect((err as Error).message).toContain('thresholds.reminderHours');
    expect((err as Error).message).toContain('schedules.0.recurrence.monthDay');
    expect((err as Error).message).toContain('schedules.0.recurrence.at: a time like 02:30 (24 h)');
    expect((err as Error).message).toContain('channels.0.config.url: an http:// or https:// URL');
    await expect(a.settings.import({ format: 'something-else' }, false, 'admin')).rejects.toThrow(/format: must be "poolwatch-settings"/);
    expect(a.settings.thresholds().reminderHours).toBe(12);

    const fresh = install();
    const dry = await fresh.settings.import(a.settings.export(true, 'admin'), true, 'admin');
    expect(dry).toMatchObject({ applied: false, schedules: 1, channels: 3 });
    expect(fresh.scheduler.list()).toEqual([]);
    expect(fresh.notify.storedChannels()).toEqual([]);
  });
});
