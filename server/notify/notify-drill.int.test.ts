/**
 * The notification drill, as an unattended install runs it: the real poolwatch process, with
 * e-mail and a webhook configured only by the environment (POOLWATCH_SMTP_URL,
 * POOLWATCH_NOTIFY_EMAIL_TO, POOLWATCH_WEBHOOK_URL/_SECRET), against real peers started here
 * (smtp-server, an HTTP receiver that checks the signature).
 * 1. A member of a lab pool is pulled: one mail and one signed webhook arrive within 10 s (and the
 *    metrics-only listener, POOLWATCH_METRICS_LISTEN, shows the member missing without a login).
 * 2. The member is plugged back in: the "resolved" mail and webhook arrive.
 * 3. Pulled again while the mail server refuses: the mail waits in the outbox; poolwatch is
 *    killed and started again; the mail is then delivered exactly once, and nothing already told
 *    is told again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveriesResponse, type NotifyEvent } from '../../contracts/notify.ts';
import { PoolViewsResponse } from '../../contracts/views.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { waitFor, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { SMTP_PASS, SMTP_USER, startHttpPeer, startSmtpPeer, type HttpPeer, type HttpRequestSeen, type SmtpPeer } from '../test-support/notify-peers.ts';
import { SIGNATURE_HEADER } from './senders.ts';

const skip = await labSkipReason();
const ROOT = resolve(join(import.meta.dirname, '..', '..'));
const LAB_ROOT = join(ROOT, '.lab', `notify-${process.pid}`);
const SCENARIO = 'raid1-missing-unmounted';
/** This helper's own port range (HELPERS.md: e2e port + 100). */
const PORT = Number(process.env.POOLWATCH_E2E_PORT ?? 18084) + 100;
/** POOLWATCH_METRICS_LISTEN: the metrics-only listener a scraper on a private network uses. */
const METRICS_PORT = PORT + 1;
const SECRET = 'drill-webhook-secret-0123456789';
const PASSWORD = 'notify-drill-password-1';

describe.skipIf(skip !== null)('notifications from a real poolwatch process when a lab pool loses a member', () => {
  let smtp: SmtpPeer;
  let hook: HttpPeer;
  let lab: Lab;
  let uuid: string;
  let dataDir: string;
  let server: ChildProcess | null = null;
  let output = '';
  let cookie = '';

  const env = () => ({
    ...process.env,
    PORT: String(PORT), HOST: '127.0.0.1', POOLWATCH_DATA_DIR: dataDir, POOLWATCH_ADMIN_PASSWORD: PASSWORD, POOLWATCH_FULL_SCAN_SECONDS: '5',
    POOLWATCH_MOUNT_ROOT: join(LAB_ROOT, 'mnt2'),
    POOLWATCH_SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}?tls_verify=false`,
    POOLWATCH_NOTIFY_EMAIL_TO: 'nas-admin@example.org',
    POOLWATCH_WEBHOOK_URL: `${hook.url}/poolwatch`,
    POOLWATCH_WEBHOOK_SECRET: SECRET,
    // "New pool found" is info: other helpers' lab pools come and go on this machine.
    POOLWATCH_NOTIFY_MIN_SEVERITY: 'warning',
    POOLWATCH_INSTANCE_NAME: 'lab-nas',
    POOLWATCH_METRICS_LISTEN: `127.0.0.1:${METRICS_PORT}`,
  });

  async function startServer(): Promise<void> {
    output = '';
    server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => null))?.ok === true, `poolwatch to answer on port ${PORT}`, 60_000)
      .catch((err: Error) => {
        throw new Error(`${err.message}; it said:\n${output}`);
      });
    const login = await fetch(`http://127.0.0.1:${PORT}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  async function stopServer(signal: NodeJS.Signals): Promise<void> {
    const s = server;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill(signal);
    await exited;
    server = null;
  }

  const get = async (path: string) => (await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { cookie } })).json();
  const mailsOfPool = () => smtp.messages.filter((m) => m.headers.get('x-poolwatch-pool') === uuid);
  const hooksOfPool = () => hook.requests.filter((r) => (JSON.parse(r.body) as { events: NotifyEvent[] }).events.some((e) => e.poolUuid === uuid));
  const phases = (m: ParsedMail) => String(m.headers.get('x-poolwatch-events')).split(', ').sort();
  const events = (r: HttpRequestSeen) => (JSON.parse(r.body) as { events: NotifyEvent[] }).events.map((e) => `${e.phase}:${e.kind}`).sort();
  /** What a receiver does: HMAC-SHA256 of the raw body with the shared secret. */
  const signed = (r: HttpRequestSeen) => r.headers[SIGNATURE_HEADER] === `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
  const quietFor = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    hook = await startHttpPeer();
    lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
    uuid = lab.pool(SCENARIO).uuid;
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-notify-drill-'));
    await startServer();
    // poolwatch sees the pool whole first (and remembers its members' disks).
    await waitFor(async () => PoolViewsResponse.parse(await get('/api/pools')).pools.some((p) => p.uuid === uuid && p.missingCount === 0), 'poolwatch to see the healthy pool', 60_000);
  }, 180_000);

  afterAll(async () => {
    await stopServer('SIGTERM').catch(() => undefined);
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await smtp?.close();
    await hook?.close();
  });

  it('a pulled member: one mail and one signed webhook within 10 s; plugged back in: the "resolved" pair', async () => {
    expect(mailsOfPool()).toEqual([]);
    const pulledAt = Date.now();
    await lab.pull('d2');
    const [mail] = await smtp.waitFor(1, (m) => m.headers.get('x-poolwatch-pool') === uuid, 10_000);
    const [webhook] = await hook.waitFor(1, (r) => hooksOfPool().includes(r), 10_000);
    expect(Date.now() - pulledAt).toBeLessThan(10_000);
    expect(mail!.subject).toBe(`[poolwatch lab-nas] CRITICAL: Pool pw-${SCENARIO} is degraded (+1 more)`);
    expect(phases(mail!)).toEqual(['start:member-missing', 'start:pool-degraded']);
    expect(mail!.text).toContain('devid 2');
    expect((mail!.to as { text: string }).text).toBe('nas-admin@example.org');
    expect(signed(webhook!)).toBe(true);
    expect(events(webhook!)).toEqual(['start:member-missing', 'start:pool-degraded']);
    // A scraper on the metrics-only listener (no login) sees the same: the member missing, the pool degraded; nothing else is served there.
    const scrape = await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`);
    expect(scrape.status).toBe(200);
    const metrics = await scrape.text();
    expect(metrics).toContain(`poolwatch_device_missing{uuid="${uuid}",devid="2"} 1`);
    expect(metrics).toContain(`poolwatch_pool_devices_missing{uuid="${uuid}"} 1`);
    expect(metrics).toContain(`poolwatch_pool_state{uuid="${uuid}",state="degraded"} 1`);
    expect((await fetch(`http://127.0.0.1:${METRICS_PORT}/api/pools`)).status).toBe(404);
    await quietFor(3000);
    expect(mailsOfPool()).toHaveLength(1);
    expect(hooksOfPool()).toHaveLength(1);

    await lab.attach('d2');
    await smtp.waitFor(2, (m) => m.headers.get('x-poolwatch-pool') === uuid, 30_000);
    await hook.waitFor(2, (r) => hooksOfPool().includes(r), 30_000);
    const resolved = mailsOfPool()[1]!;
    expect(resolved.subject).toBe(`[poolwatch lab-nas] Resolved: Pool pw-${SCENARIO} is degraded (+1 more)`);
    expect(phases(resolved)).toEqual(['resolved:member-missing', 'resolved:pool-degraded']);
    expect(signed(hooksOfPool()[1]!)).toBe(true);
    expect(events(hooksOfPool()[1]!)).toEqual(['resolved:member-missing', 'resolved:pool-degraded']);
    await quietFor(3000);
    expect(mailsOfPool()).toHaveLength(2);
    expect(hooksOfPool()).toHaveLength(2);
  }, 120_000);

  it('a mail queued when poolwatch is killed is delivered once after it starts again', async () => {
    smtp.failWith(451, 'greylisted, try again later');
    await lab.pull('d2');
    // The webhook goes out; the mail is refused and stays in the outbox, with the answer in the log.
    await hook.waitFor(3, (r) => hooksOfPool().includes(r), 10_000);
    let queuedId = 0;
    await waitFor(async () => {
      const d = DeliveriesResponse.parse(await get('/api/notify/deliveries')).deliveries.find((x) => x.channelId === 'env-email' && x.poolUuid === uuid && x.state === 'queued');
      queuedId = d && d.attempts >= 1 && /451 greylisted/.test(d.lastError ?? '') ? d.id : 0;
      return queuedId > 0;
    }, 'the refused mail to wait in the outbox', 20_000);
    expect(mailsOfPool()).toHaveLength(2);

    await stopServer('SIGKILL');
    smtp.failWith(null);
    await startServer();
    const mails = await smtp.waitFor(3, (m) => m.headers.get('x-poolwatch-pool') === uuid, 20_000);
    expect(phases(mails[2]!)).toEqual(['start:member-missing', 'start:pool-degraded']);
    await quietFor(5000);
    // Once: not resent, and the open problem is not told again by the new process.
    expect(mailsOfPool()).toHaveLength(3);
    expect(hooksOfPool()).toHaveLength(3);
    const row = DeliveriesResponse.parse(await get('/api/notify/deliveries')).deliveries.find((x) => x.id === queuedId);
    expect(row).toMatchObject({ state: 'sent', lastError: expect.stringMatching(/451/) });
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    await lab.attach('d2');
  }, 180_000);
});
