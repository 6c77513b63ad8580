/**
 * Each sender against a real peer on 127.0.0.1: smtp-server (STARTTLS and implicit TLS, with a
 * login), and an HTTP receiver for the webhook (signature checked as a receiver would), ntfy and
 * Gotify. Failures come back as DeliveryError with the peer's answer in words.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailChannelConfig, NotifyMessage } from '../../contracts/notify.ts';
import { SMTP_PASS, SMTP_USER, startHttpPeer, startSmtpPeer, type HttpPeer, type SmtpPeer } from '../test-support/notify-peers.ts';
import { DeliveryError, SIGNATURE_HEADER, sendEmail, sendGotify, sendNtfy, sendWebhook } from './senders.ts';

const MSG: NotifyMessage = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  instance: 'nas1',
  at: '2026-03-01T03:00:00.000Z',
  severity: 'critical',
  title: 'Pool pw-data is degraded (+1 more)',
  text: 'Pool pw-data: devid 3 missing — ünïcödé survives',
  url: 'http://nas1:8080/pools/cd9fbaa7-53d5-4e2b-8bbc-215f2af48450',
  events: [{
    kind: 'pool-degraded', phase: 'start', severity: 'critical', key: 'pool-degraded:cd9fbaa7-53d5-4e2b-8bbc-215f2af48450',
    title: 'Pool pw-data is degraded', text: '1 of 3 members missing', poolUuid: 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450', poolLabel: 'pw-data',
    devid: null, diskKey: null, since: '2026-03-01T03:00:00.000Z', delta: null,
  }],
};

/** How a receiver checks the signature: HMAC-SHA256 of the raw body with the shared secret. */
function verify(secret: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const want = createHmac('sha256', secret).update(body).digest();
  const got = Buffer.from(header.slice(7), 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

describe('e-mail through a real SMTP server', () => {
  let starttls: SmtpPeer;
  let implicit: SmtpPeer;
  const cfg = (over: Partial<EmailChannelConfig> = {}): EmailChannelConfig => ({
    host: '127.0.0.1', port: starttls.port, security: 'starttls', tlsVerify: false, username: SMTP_USER, password: SMTP_PASS,
    from: 'poolwatch@nas1.example', to: ['admin@example.org', 'second@example.org'], ...over,
  });

  beforeAll(async () => {
    starttls = await startSmtpPeer();
    implicit = await startSmtpPeer({ secure: true });
  });
  afterAll(async () => {
    await starttls?.close();
    await implicit?.close();
  });

  it('STARTTLS with a login: the mail arrives with subject, body, Message-ID and headers', async () => {
    const answer = await sendEmail(cfg(), MSG);
    expect(answer).toMatch(/^accepted by 127\.0\.0\.1: 250/);
    const [mail] = await starttls.waitFor(1);
    expect(mail!.subject).toBe('[poolwatch nas1] CRITICAL: Pool pw-data is degraded (+1 more)');
    expect(mail!.text).toContain('ünïcödé survives');
    expect(mail!.text).toContain(`Open poolwatch: ${MSG.url}`);
    expect(mail!.messageId).toBe(`<${MSG.id}@poolwatch.invalid>`);
    expect(mail!.headers.get('x-poolwatch-events')).toBe('start:pool-degraded');
    expect((mail!.to as { text: string }).text).toBe('admin@example.org, second@example.org');
  });

  it('a message that only resolves says so without an alarm word', async () => {
    const resolved = { ...MSG, id: 'c0ffee00-0000-4000-8000-000000000002', title: 'Resolved: Pool pw-data is degraded', events: MSG.events.map((e) => ({ ...e, phase: 'resolved' as const })) };
    await sendEmail(cfg(), resolved);
    const mail = (await starttls.waitFor(1, (m) => m.messageId === `<${resolved.id}@poolwatch.invalid>`))[0]!;
    expect(mail.subject).toBe('[poolwatch nas1] Resolved: Pool pw-data is degraded');
  });

  it('implicit TLS (port 465 style)', async () => {
    await sendEmail(cfg({ port: implicit.port, security: 'tls' }), MSG);
    expect((await implicit.waitFor(1))[0]!.subject).toContain('pw-data');
  });

  it('says why it failed: wrong password, refused message, nothing listening, unverifiable certificate', async () => {
    await expect(sendEmail(cfg({ password: 'wrong' }), MSG)).rejects.toThrow(/refused the login.*535|535.*Invalid username/);
    starttls.failWith(451, 'mailbox busy, try later');
    await expect(sendEmail(cfg(), MSG)).rejects.toThrow(/SMTP 127\.0\.0\.1:\d+ answered 451 mailbox busy/);
    starttls.failWith(null);
    const closed = await startSmtpPeer();
    const port = closed.port;
    await closed.close();
    await expect(sendEmail(cfg({ port }), MSG)).rejects.toThrow(new DeliveryError(`cannot connect to 127.0.0.1:${port}: connection refused (is the mail server running, is the port right?)`));
    await expect(sendEmail(cfg({ tlsVerify: true }), MSG)).rejects.toThrow(/TLS|certificate/);
  });
});

describe('HTTP channels against a local receiver', () => {
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpPeer();
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('webhook: JSON body with the events, signed with HMAC-SHA256 a receiver can verify', async () => {
    const secret = 'a-shared-secret-of-some-length';
    await sendWebhook({ url: `${peer.url}/hooks/pw`, secret }, MSG);
    const [req] = await peer.waitFor(1, (r) => r.path === '/hooks/pw');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-poolwatch-delivery']).toBe(MSG.id);
    expect(verify(secret, req!.body, req!.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(verify('another-secret-xxxxxxxx', req!.body, req!.headers[SIGNATURE_HEADER] as string)).toBe(false);
    const body = JSON.parse(req!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: MSG.id, instance: 'nas1', severity: 'critical', title: MSG.title, url: MSG.url });
    expect(body.text).toBe(`${MSG.title}\n${MSG.text}`);
    expect(body.events).toEqual(MSG.events);
  });

  it('ntfy: JSON publish to the server root with the topic, priority and title', async () => {
    await sendNtfy({ url: `${peer.url}/nas-alerts`, token: 'tk_secret' }, MSG);
    const [req] = await peer.waitFor(1, (r) => r.path === '/');
    expect(req!.headers.authorization).toBe('Bearer tk_secret');
    expect(JSON.parse(req!.body)).toMatchObject({ topic: 'nas-alerts', title: `nas1: ${MSG.title}`, message: MSG.text, priority: 5, tags: ['rotating_light'], click: MSG.url });
  });

  it('Gotify: POST /message with the app token header', async () => {
    await sendGotify({ url: `${peer.url}/gotify/`, token: 'AppTokenXYZ' }, MSG);
    const [req] = await peer.waitFor(1, (r) => r.path === '/gotify/message');
    expect(req!.headers['x-gotify-key']).toBe('AppTokenXYZ');
    expect(JSON.parse(req!.body)).toMatchObject({ title: `nas1: ${MSG.title}`, message: MSG.text, priority: 8 });
  });

  it('an HTTP error comes back with status and body; the token in a query never reaches the reason', async () => {
    peer.setStatus(503, 'down for maintenance');
    await expect(sendWebhook({ url: `${peer.url}/x?token=SECRET`, secret: null }, MSG)).rejects.toThrow(new DeliveryError(`POST ${peer.url}/x answered HTTP 503 Service Unavailable: down for maintenance`));
    peer.setStatus(200);
  });
});
