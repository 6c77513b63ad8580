/**
 * The channels' senders: one message to one channel, over the network. Each resolves with what the
 * peer answered, or throws DeliveryError with the SMTP or HTTP reason in words (the delivery log
 * shows it). No retries here: the outbox (notify-service.ts) owns those.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type {
  ChannelConfig,
  EmailChannelConfig,
  GotifyChannelConfig,
  NotifyMessage,
  NotifySeverity,
  NtfyChannelConfig,
  WebhookChannelConfig,
} from '../../contracts/notify.ts';

/** A peer that does not answer within this long is a failed attempt; the outbox tries again later. */
export const SEND_TIMEOUT_MS = 15_000;
/** The header carrying the webhook body's HMAC-SHA256: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-poolwatch-signature-256';
/** Bytes of an HTTP error body kept in the reason. */
const MAX_BODY_IN_REASON = 300;

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

export type Sender = (channel: ChannelConfig, msg: NotifyMessage) => Promise<string>;

const NTFY_PRIORITY: Record<NotifySeverity, number> = { info: 3, warning: 4, critical: 5 };
const GOTIFY_PRIORITY: Record<NotifySeverity, number> = { info: 2, warning: 5, critical: 8 };

/** Good news carries no alarm word, whatever the severity of what it resolved. */
function allResolved(msg: NotifyMessage): boolean {
  return msg.events.length > 0 && msg.events.every((e) => e.phase === 'resolved');
}

function subjectOf(msg: NotifyMessage): string {
  const level = allResolved(msg) ? '' : msg.severity === 'critical' ? 'CRITICAL: ' : msg.severity === 'warning' ? 'Warning: ' : '';
  return `[poolwatch ${msg.instance}] ${level}${msg.title}`;
}

function bodyText(msg: NotifyMessage): string {
  return `${msg.text}\n\n${msg.url ? `Open poolwatch: ${msg.url}\n` : ''}— poolwatch on ${msg.instance}, ${msg.at}\n`;
}

export async function sendEmail(cfg: EmailChannelConfig, msg: NotifyMessage): Promise<string> {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.security === 'tls',
    requireTLS: cfg.security === 'starttls',
    ignoreTLS: cfg.security === 'none',
    auth: cfg.username ? { user: cfg.username, pass: cfg.password ?? '' } : undefined,
    tls: { rejectUnauthorized: cfg.tlsVerify, servername: /^[\d.]+$|:/.test(cfg.host) ? undefined : cfg.host },
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: cfg.from,
      to: cfg.to,
      subject: subjectOf(msg),
      text: bodyText(msg),
      // Stable per outbox entry: a message sent twice (poolwatch died between "sent" and noting it) has one id.
      messageId: `<${msg.id}@poolwatch.invalid>`,
      headers: {
        'X-Poolwatch-Severity': msg.severity,
        'X-Poolwatch-Events': [...new Set(msg.events.map((e) => `${e.phase}:${e.kind}`))].join(', '),
        ...(msg.events[0]?.poolUuid ? { 'X-Poolwatch-Pool': msg.events[0].poolUuid } : {}),
      },
    });
    return `accepted by ${cfg.host}: ${info.response}`;
  } catch (err) {
    throw new DeliveryError(smtpReason(err, cfg));
  } finally {
    transport.close();
  }
}

function smtpReason(err: unknown, cfg: EmailChannelConfig): string {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${cfg.host}:${cfg.port}`;
  if (e.responseCode && e.response) return `SMTP ${where} answered ${e.response}`;
  // nodemailer reports socket errors as ESOCKET; the system's code is in the message.
  const sys = /\b(ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH)\b/.exec(e.message ?? '')?.[1];
  switch (sys ?? e.code) {
    case 'ECONNRESET': return `${where} closed the connection: ${e.message}`;
    case 'EHOSTUNREACH': return `cannot reach ${where}: ${e.message}`;
    case 'ECONNREFUSED': return `cannot connect to ${where}: connection refused (is the mail server running, is the port right?)`;
    case 'ETIMEDOUT': return `no answer from ${where} (${e.message})`;
    case 'EDNS': case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve ${cfg.host}: ${e.message}`;
    case 'ESOCKET': case 'ETLS': return `TLS with ${where} failed: ${e.message}${cfg.tlsVerify ? ' (a self-signed certificate needs "verify certificate" off)' : ''}`;
    case 'EAUTH': return `${where} refused the login: ${e.message}`;
    default: return `sending through ${where} failed: ${e.message ?? String(err)}`;
  }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers, redirect: 'error', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const cause = e.cause?.code ?? e.cause?.message ?? e.message;
    // fetch refuses ports of other protocols (25, 110, …) with a bare "bad port".
    const why = e.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : cause === 'bad port' ? `port ${new URL(url).port} is reserved for another protocol; HTTP is not sent there` : cause;
    throw new DeliveryError(`POST ${safeUrl(url)} failed: ${why}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new DeliveryError(`POST ${safeUrl(url)} answered HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, MAX_BODY_IN_REASON)}` : ''}`);
  return `HTTP ${res.status} from ${safeUrl(url)}`;
}

/** A URL without credentials or query (a token in `?token=` must not reach the delivery log). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The JSON the webhook posts (also what Slack-compatible relays read: `text`). */
export function webhookBody(msg: NotifyMessage): string {
  return JSON.stringify({
    id: msg.id, instance: msg.instance, at: msg.at, severity: msg.severity, title: msg.title,
    text: `${msg.title}\n${msg.text}`, url: msg.url, events: msg.events,
  });
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export async function sendWebhook(cfg: WebhookChannelConfig, msg: NotifyMessage): Promise<string> {
  const body = webhookBody(msg);
  return post(cfg.url, body, {
    'content-type': 'application/json',
    'user-agent': 'poolwatch',
    'x-poolwatch-delivery': msg.id,
    ...(cfg.secret ? { [SIGNATURE_HEADER]: signBody(cfg.secret, body) } : {}),
  });
}

/** ntfy's JSON publishing: POST to the server's root with the topic in the body (UTF-8 titles survive, headers would not). */
export async function sendNtfy(cfg: NtfyChannelConfig, msg: NotifyMessage): Promise<string> {
  const u = new URL(cfg.url);
  const parts = u.pathname.split('/').filter(Boolean);
  const topic = parts.pop();
  if (!topic) throw new DeliveryError(`the ntfy URL ${safeUrl(cfg.url)} names no topic (expected https://ntfy.example.org/<topic>)`);
  const root = `${u.protocol}//${u.host}/${parts.join('/')}`;
  const resolved = allResolved(msg);
  return post(root, JSON.stringify({
    topic,
    title: `${msg.instance}: ${msg.title}`,
    message: msg.text,
    priority: resolved ? 3 : NTFY_PRIORITY[msg.severity],
    tags: [resolved ? 'white_check_mark' : msg.severity === 'critical' ? 'rotating_light' : msg.severity === 'warning' ? 'warning' : 'information_source'],
    ...(msg.url ? { click: msg.url } : {}),
  }), {
    'content-type': 'application/json',
    ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}),
  });
}

export async function sendGotify(cfg: GotifyChannelConfig, msg: NotifyMessage): Promise<string> {
  const resolved = allResolved(msg);
  return post(`${cfg.url.replace(/\/+$/, '')}/message`, JSON.stringify({
    title: `${msg.instance}: ${msg.title}`,
    message: msg.text,
    priority: resolved ? GOTIFY_PRIORITY.info : GOTIFY_PRIORITY[msg.severity],
    ...(msg.url ? { extras: { 'client::notification': { click: { url: msg.url } } } } : {}),
  }), { 'content-type': 'application/json', 'x-gotify-key': cfg.token });
}

/** The sender for a channel's type. */
export const send: Sender = (channel, msg) => {
  switch (channel.type) {
    case 'email': return sendEmail(channel.config, msg);
    case 'ntfy': return sendNtfy(channel.config, msg);
    case 'gotify': return sendGotify(channel.config, msg);
    case 'webhook': return sendWebhook(channel.config, msg);
  }
};
