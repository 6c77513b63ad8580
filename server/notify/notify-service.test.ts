/**
 * The outbox and the monitor against real peers (smtp-server, an HTTP receiver) with a fake clock:
 * queued before sent, retried with backoff with the SMTP answer logged, delivered once after a
 * "restart" (a new service on the same database), given up after a day; secrets never shown back;
 * snapshot changes become one message per pool, and the resolution one more.
 */
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_SETTINGS, type ChannelInput, type NotifyEvent } from '../../contracts/notify.ts';
import type { Job } from '../../contracts/jobs.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { healthyRaid1Of3, LAB_UUID, raid1Of3MissingUnmounted } from '../test-support/pools.ts';
import { AuditStore } from '../store/audit-store.ts';
import { openDb, type Db } from '../store/db.ts';
import { NotifyStore } from '../store/notify-store.ts';
import { SMTP_PASS, SMTP_USER, startHttpPeer, startSmtpPeer, type HttpPeer, type SmtpPeer } from '../test-support/notify-peers.ts';
import { poolViews } from '../services/pool-views.ts';
import { MonitorService } from './monitor-service.ts';
import { DELIVERY_POLL_MS, GIVE_UP_AFTER_MS, NotifyService, retryDelayMs } from './notify-service.ts';
import { SIGNATURE_HEADER } from './senders.ts';
import { FakeClock, settle } from '../test-support/clock.ts';

const T0 = Date.parse('2026-03-01T03:00:00.000Z');

const EVENT: NotifyEvent = {
  kind: 'pool-degraded', phase: 'start', severity: 'critical', key: `pool-degraded:${LAB_UUID}`, title: 'Pool pw-x is degraded', text: '1 of 3 missing',
  poolUuid: LAB_UUID, poolLabel: 'pw-x', devid: null, diskKey: null, since: new Date(T0).toISOString(), delta: null,
};

describe('outbox delivery', () => {
  let smtp: SmtpPeer;
  let db: Db;
  let clock: FakeClock;
  const service = () => new NotifyService({ store: new NotifyStore(db), audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: null, pollMs: 3600_000 });
  const emailInput = (over: Partial<ChannelInput> = {}): ChannelInput => ({
    name: 'Admin mail', type: 'email', enabled: true, minSeverity: 'warning', jobSucceeded: false,
    config: { host: '127.0.0.1', port: smtp.port, security: 'starttls', tlsVerify: false, username: SMTP_USER, password: SMTP_PASS, from: 'pw@nas1.example', to: ['admin@example.org'] },
    ...over,
  } as ChannelInput);

  beforeAll(async () => {
    smtp = await startSmtpPeer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  beforeEach(() => {
    db = openDb(':memory:', new FakeClock(T0));
    clock = new FakeClock(T0, { manual: true });
    smtp.messages.length = 0;
    smtp.failWith(null);
  });
  afterEach(() => db.close());

  it('queues, sends, and logs the delivery; a channel below the severity gets nothing', async () => {
    const notify = service();
    const ch = notify.create(emailInput(), 'admin');
    notify.create(emailInput({ name: 'Only critical? no: info filter', minSeverity: 'critical', enabled: false }), 'admin');
    expect(notify.enqueue([{ ...EVENT, severity: 'info', kind: 'pool-unimported' }], clock.now().toISOString())).toBe(0);
    expect(notify.enqueue([EVENT], clock.now().toISOString())).toBe(1);
    expect(new NotifyStore(db).deliveries({ limit: 10 })[0]).toMatchObject({ state: 'queued', attempts: 0, channelName: 'Admin mail' });
    await notify.deliver();
    expect((await smtp.waitFor(1))[0]!.subject).toContain('Pool pw-x is degraded');
    const [d] = new NotifyStore(db).deliveries({ limit: 10 });
    expect(d).toMatchObject({ state: 'sent', attempts: 1, lastError: null, kinds: ['pool-degraded'], poolUuid: LAB_UUID, channelId: ch.id });
  });

  it('a data folder that refuses the write of an attempt never rejects: the message stays queued and goes out once writes work', async () => {
    const store = new NotifyStore(db);
    const notify = new NotifyService({ store, audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: null, pollMs: 3600_000 });
    notify.create(emailInput(), 'admin');
    notify.enqueue([EVENT], clock.now().toISOString());
    const write = store.recordAttempt.bind(store);
    store.recordAttempt = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    };
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      await expect(notify.deliver()).resolves.toBeUndefined();
      await expect(notify.deliver()).resolves.toBeUndefined();
    } finally {
      console.error = log;
    }
    expect(errors, 'said once, not at every round').toEqual(['poolwatch: notification delivery failed: disk I/O error']);
    expect(store.deliveries({ limit: 1 })[0]).toMatchObject({ state: 'queued', attempts: 0 });
    store.recordAttempt = write;
    await notify.deliver();
    expect(store.deliveries({ limit: 1 })[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('retries with backoff, the SMTP answer in the log, and sends once it works', async () => {
    const notify = service();
    notify.create(emailInput(), 'admin');
    notify.enqueue([EVENT], clock.now().toISOString());
    smtp.failWith(451, 'greylisted, try again later');
    await notify.deliver();
    let [d] = new NotifyStore(db).deliveries({ limit: 1 });
    expect(d).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: new Date(T0 + retryDelayMs(1)).toISOString() });
    expect(d!.lastError).toMatch(/answered 451 greylisted/);
    // Not due yet: nothing is tried.
    await clock.advance(retryDelayMs(1) - 1000);
    await notify.deliver();
    expect(new NotifyStore(db).deliveries({ limit: 1 })[0]!.attempts).toBe(1);
    await clock.advance(1000);
    await notify.deliver();
    d = new NotifyStore(db).deliveries({ limit: 1 })[0];
    expect(d).toMatchObject({ state: 'queued', attempts: 2, nextAttemptAt: new Date(clock.nowMs() + retryDelayMs(2)).toISOString() });
    smtp.failWith(null);
    await clock.advance(retryDelayMs(2));
    await notify.deliver();
    expect(new NotifyStore(db).deliveries({ limit: 1 })[0]).toMatchObject({ state: 'sent', attempts: 3 });
    expect(smtp.messages).toHaveLength(1);
    expect(retryDelayMs(30)).toBe(3600_000);
  });

  it('a message queued before a restart is delivered once after it', async () => {
    const before = service();
    before.create(emailInput(), 'admin');
    smtp.failWith(421, 'service not available');
    before.enqueue([EVENT], clock.now().toISOString());
    await before.deliver();
    before.stop();
    smtp.failWith(null);
    const after = service();
    after.start();
    await after.deliver();
    after.stop();
    const mails = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(mails).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    expect(new NotifyStore(db).deliveries({ limit: 5 })).toHaveLength(1);
  });

  it('the outbox loop runs on the injected clock: a message queued after start goes out when the poll interval passes, not before', async () => {
    const notify = new NotifyService({ store: new NotifyStore(db), audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: null, pollMs: DELIVERY_POLL_MS });
    notify.create(emailInput(), 'admin');
    notify.start();
    try {
      await settle();
      notify.enqueue([EVENT], clock.now().toISOString());
      await clock.advance(DELIVERY_POLL_MS - 1);
      expect(new NotifyStore(db).deliveries({ limit: 1 })[0]).toMatchObject({ state: 'queued', attempts: 0 });
      await clock.advance(1);
      expect((await smtp.waitFor(1))[0]!.subject).toContain('Pool pw-x is degraded');
    } finally {
      notify.stop();
    }
    expect(clock.waiting).toBe(0);
  });

  it('gives up after a day and says why', async () => {
    const notify = service();
    notify.create(emailInput({ config: { ...emailInput().config, port: 1 } as never }), 'admin');
    notify.enqueue([EVENT], clock.now().toISOString());
    await notify.deliver();
    await clock.advance(GIVE_UP_AFTER_MS);
    await notify.deliver();
    const [d] = new NotifyStore(db).deliveries({ limit: 1 });
    expect(d).toMatchObject({ state: 'failed', attempts: 2, nextAttemptAt: null });
    expect(d!.lastError).toMatch(/cannot connect to 127\.0\.0\.1:1: connection refused/);
    expect(notify.failures.get('email')).toBe(2);
  });

  it('never shows a secret back; left out keeps it, "" clears it; the audit log holds no secret', async () => {
    const notify = service();
    const ch = notify.create(emailInput(), 'admin');
    expect(ch.config.password).toBe('••••word');
    expect(ch.secretsSet).toEqual(['password']);
    expect(JSON.stringify(notify.views())).not.toContain(SMTP_PASS);
    const { password: _p, ...withoutPassword } = emailInput().config as Record<string, unknown>;
    const kept = notify.update(ch.id, emailInput({ name: 'Renamed', config: withoutPassword } as never), 'admin');
    expect(kept.secretsSet).toEqual(['password']);
    expect(await notify.test(ch.id, 'admin')).toMatchObject({ ok: true });
    const cleared = notify.update(ch.id, emailInput({ config: { ...emailInput().config, password: '' } } as never), 'admin');
    expect(cleared.secretsSet).toEqual([]);
    const test = await notify.test(ch.id, 'admin');
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/refused the login/);
    expect(JSON.stringify(new AuditStore(db).list({ limit: 50 }))).not.toContain(SMTP_PASS);
    expect(new AuditStore(db).list({ limit: 50 }).map((e) => e.action)).toEqual(expect.arrayContaining(['notify.channel-create', 'notify.channel-update', 'notify.channel-test']));
  });

  it('channels from the environment cannot be changed in the UI and follow the environment', () => {
    const notify = service();
    notify.syncEnvChannels([{ id: 'env-webhook', name: 'Webhook (environment)', minSeverity: 'info', channel: { type: 'webhook', config: { url: 'http://127.0.0.1:9/x', secret: 'a-secret-that-is-long-enough' } } }]);
    expect(notify.views().map((c) => [c.id, c.source, c.config.secret])).toEqual([['env-webhook', 'env', '••••ough']]);
    expect(() => notify.update('env-webhook', emailInput(), 'admin')).toThrow(/comes from the environment/);
    expect(() => notify.delete('env-webhook', 'admin')).toThrow(/comes from the environment/);
    notify.enqueue([EVENT], clock.now().toISOString());
    notify.syncEnvChannels([]);
    expect(notify.views()).toEqual([]);
    expect(new NotifyStore(db).deliveries({ limit: 1 })[0]).toMatchObject({ state: 'failed', lastError: 'the channel was deleted' });
  });
});

describe('monitor: snapshot changes to signed webhooks', () => {
  let hook: HttpPeer;
  const SECRET = 'webhook-secret-0123456789';
  beforeAll(async () => {
    hook = await startHttpPeer();
  });
  afterAll(async () => {
    await hook?.close();
  });

  it('a pulled member is one signed message; the repair one more; nothing in between', async () => {
    const db = openDb(':memory:', new FakeClock(T0));
    const clock = new FakeClock(T0, { manual: true });
    const store = new NotifyStore(db);
    const notify = new NotifyService({ store, audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: 'http://nas1:8080', pollMs: 3600_000 });
    notify.syncEnvChannels([{ id: 'env-webhook', name: 'hook', minSeverity: 'warning', channel: { type: 'webhook', config: { url: `${hook.url}/pw`, secret: SECRET } } }]);
    let pool = healthyRaid1Of3();
    const watcher = Object.assign(new EventEmitter(), { lastError: null as Error | null, lastScannedAt: new Date(T0).toISOString() });
    const monitor = new MonitorService({
      snapshot: async () => ({ scannedAt: clock.now().toISOString(), pools: [pool], disks: [], slack: {} }) satisfies Snapshot,
      views: (snap, at) => poolViews(snap, new Set([LAB_UUID]), at), smart: null, watcher, jobs: null, store, notify,
      settings: () => DEFAULT_NOTIFY_SETTINGS, clock,
    });
    monitor.start();
    try {
      watcher.emit('change', {});
      await monitor.evaluate();
      await notify.deliver();
      expect(hook.requests).toHaveLength(0);

      pool = raid1Of3MissingUnmounted();
      await clock.advance(5000);
      watcher.emit('change', {});
      await monitor.evaluate();
      await notify.deliver();
      const [req] = await hook.waitFor(1);
      expect(req!.headers[SIGNATURE_HEADER]).toBe(`sha256=${createHmac('sha256', SECRET).update(req!.body).digest('hex')}`);
      const body = JSON.parse(req!.body) as { events: NotifyEvent[]; url: string; severity: string };
      expect(body.events.map((e) => `${e.phase} ${e.kind}`).sort()).toEqual(['start member-missing', 'start pool-degraded']);
      expect(body.url).toBe(`http://nas1:8080/pools/${LAB_UUID}`);
      expect(monitor.problems().map((p) => p.kind).sort()).toEqual(['member-missing', 'pool-degraded']);

      await clock.advance(60_000);
      await monitor.evaluate();
      await notify.deliver();
      expect(hook.requests).toHaveLength(1);

      pool = healthyRaid1Of3();
      watcher.emit('change', {});
      await monitor.evaluate();
      await notify.deliver();
      const all = await hook.waitFor(2);
      expect((JSON.parse(all[1]!.body) as { events: NotifyEvent[] }).events.map((e) => e.phase)).toEqual(['resolved', 'resolved']);
      expect(monitor.problems()).toEqual([]);
    } finally {
      monitor.stop();
      db.close();
    }
  });

  it('finished jobs from the runner: a failed job and a scrub that found errors are told once; a success only to a channel that asked', async () => {
    const db = openDb(':memory:', new FakeClock(T0));
    const clock = new FakeClock(T0, { manual: true });
    const store = new NotifyStore(db);
    const notify = new NotifyService({ store, audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: null, pollMs: 3600_000 });
    notify.syncEnvChannels([{ id: 'env-webhook', name: 'hook', minSeverity: 'warning', channel: { type: 'webhook', config: { url: `${hook.url}/jobs`, secret: SECRET } } }]);
    notify.create({ name: 'all jobs', enabled: true, minSeverity: 'info', jobSucceeded: true, type: 'webhook', config: { url: `${hook.url}/all-jobs`, secret: SECRET } }, 'admin');
    const watcher = Object.assign(new EventEmitter(), { lastError: null as Error | null, lastScannedAt: new Date(T0).toISOString() });
    const jobs = new EventEmitter<{ job: [Job] }>();
    const monitor = new MonitorService({
      snapshot: async () => ({ scannedAt: clock.now().toISOString(), pools: [healthyRaid1Of3()], disks: [], slack: {} }),
      views: (snap, at) => poolViews(snap, new Set([LAB_UUID]), at), smart: null, watcher, jobs, store, notify,
      settings: () => DEFAULT_NOTIFY_SETTINGS, clock,
    });
    monitor.start();
    try {
      const at = new Date(T0).toISOString();
      const job = (id: string, kind: Job['kind'], state: Job['state'], over: Partial<Job> = {}): Job => ({
        id, kind, poolUuid: LAB_UUID, target: null, state, exclusive: true, cancellable: true, progress: { percent: null, etaSeconds: null, detail: null },
        argv: [], stdout: '', stderr: '', log: [], exitCode: null, error: null, createdBy: 'schedule', createdAt: at, startedAt: at, finishedAt: state === 'running' ? null : at, nextSteps: [], result: null, ...over,
      });
      const scrubResult = { state: 'finished', bytesScrubbed: 1, durationSeconds: 1, errorsFound: 3, corrected: 3, uncorrectable: 0, unverified: 0, read: 0, csum: 3, verify: 0, super: 0 };
      jobs.emit('job', job('j1', 'balance-start', 'running'));
      jobs.emit('job', job('j1', 'balance-start', 'failed', { error: 'ENOSPC: not enough unallocated space' }));
      jobs.emit('job', job('j1', 'balance-start', 'failed', { error: 'ENOSPC: not enough unallocated space' }));
      jobs.emit('job', job('j2', 'scrub-start', 'succeeded', { result: { summary: '3 errors corrected', scrub: scrubResult } }));
      await notify.deliver();
      const kinds = (path: string) => hook.requests.filter((r) => r.path === path).flatMap((r) => (JSON.parse(r.body) as { events: NotifyEvent[] }).events.map((e) => e.kind)).sort();
      await hook.waitFor(1, (r) => r.path === '/jobs');
      expect(kinds('/jobs')).toEqual(['job-failed', 'scrub-errors']);
      expect(kinds('/all-jobs')).toEqual(['job-failed', 'job-succeeded', 'scrub-errors']);
      const failed = hook.requests.filter((r) => r.path === '/jobs').flatMap((r) => (JSON.parse(r.body) as { events: NotifyEvent[] }).events).find((e) => e.kind === 'job-failed')!;
      expect(failed.text).toContain('ENOSPC: not enough unallocated space');
    } finally {
      monitor.stop();
      db.close();
    }
  });

  it('cannot write the database: says so directly, keeps its memory, and goes back to the outbox when it can', async () => {
    const db = openDb(':memory:', new FakeClock(T0));
    const clock = new FakeClock(T0, { manual: true });
    const store = new NotifyStore(db);
    const notify = new NotifyService({ store, audit: new AuditStore(db), clock, instance: 'nas1', publicUrl: null, pollMs: 3600_000 });
    notify.syncEnvChannels([{ id: 'env-webhook', name: 'hook', minSeverity: 'info', channel: { type: 'webhook', config: { url: `${hook.url}/ro`, secret: SECRET } } }]);
    let broken = true;
    const realTx = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      if (broken) throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
      return realTx(fn);
    };
    const watcher = Object.assign(new EventEmitter(), { lastError: null as Error | null, lastScannedAt: new Date(T0).toISOString() });
    const monitor = new MonitorService({
      snapshot: async () => ({ scannedAt: clock.now().toISOString(), pools: [healthyRaid1Of3()], disks: [], slack: {} }),
      views: (snap, at) => poolViews(snap, new Set([LAB_UUID]), at), smart: null, watcher, jobs: null, store, notify,
      settings: () => DEFAULT_NOTIFY_SETTINGS, clock,
    });
    await monitor.evaluate();
    const [req] = await hook.waitFor(1, (r) => r.path === '/ro');
    const body = JSON.parse(req!.body) as { events: NotifyEvent[] };
    expect(body.events.map((e) => `${e.phase} ${e.kind}`)).toEqual(['start data-dir-unwritable']);
    expect(body.events[0]!.text).toContain('SQLITE_READONLY');
    await monitor.evaluate();
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.requests.filter((r) => r.path === '/ro')).toHaveLength(1);
    broken = false;
    await monitor.evaluate();
    await notify.deliver();
    const after = await hook.waitFor(2, (r) => r.path === '/ro');
    expect((JSON.parse(after[1]!.body) as { events: NotifyEvent[] }).events.map((e) => `${e.phase} ${e.kind}`)).toEqual(['resolved data-dir-unwritable']);
    db.close();
  });
});
