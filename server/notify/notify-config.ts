/**
 * Notification settings from the environment, for unattended installs (validated once at start,
 * like server/config.ts). Channels given here are made at every start with fixed ids (`env-email`,
 * `env-webhook`, …); the UI shows them but cannot change them. Secrets never appear in an error.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import {
  ChannelConfig,
  DEFAULT_NOTIFY_SETTINGS,
  NotifySeverity,
  type NotifySettings,
  type SmtpSecurity,
} from '../../contracts/notify.ts';
import { describeIssues } from '../validation.ts';

export interface EnvChannel {
  id: string;
  name: string;
  channel: ChannelConfig;
  minSeverity: NotifySeverity;
}

export interface NotifyConfig {
  /** How the machine is named in messages. */
  instance: string;
  /** Base URL of the web UI for links in messages (POOLWATCH_PUBLIC_URL), null when unset. */
  publicUrl: string | null;
  envChannels: EnvChannel[];
  /** Defaults until the admin saves settings in the UI. */
  defaults: NotifySettings;
}

export class NotifyConfigError extends Error {
  override readonly name = 'NotifyConfigError';
}

const NotifyEnv = z.object({
  POOLWATCH_SMTP_URL: z.string().optional(),
  POOLWATCH_NOTIFY_EMAIL_TO: z.string().optional(),
  POOLWATCH_NOTIFY_EMAIL_FROM: z.string().optional(),
  POOLWATCH_WEBHOOK_URL: z.string().optional(),
  POOLWATCH_WEBHOOK_SECRET: z.string().optional(),
  POOLWATCH_NTFY_URL: z.string().optional(),
  POOLWATCH_NTFY_TOKEN: z.string().optional(),
  POOLWATCH_GOTIFY_URL: z.string().optional(),
  POOLWATCH_GOTIFY_TOKEN: z.string().optional(),
  POOLWATCH_NOTIFY_MIN_SEVERITY: NotifySeverity.default('info'),
  POOLWATCH_NOTIFY_REMINDER_HOURS: z.coerce.number().min(0).max(24 * 30).default(DEFAULT_NOTIFY_SETTINGS.reminderHours),
  POOLWATCH_INSTANCE_NAME: z.string().trim().min(1).max(64).optional(),
  POOLWATCH_PUBLIC_URL: z.string().url().optional(),
});

const SECURITY_BY_SCHEME: Readonly<Record<string, SmtpSecurity>> = { 'smtp:': 'starttls', 'smtps:': 'tls' };

/** `smtp://user:pass@host:587?security=none&tls_verify=false` → the e-mail channel's server part. */
function parseSmtpUrl(raw: string): { host: string; port: number; security: SmtpSecurity; tlsVerify: boolean; username: string | null; password: string | null } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new NotifyConfigError('POOLWATCH_SMTP_URL: not a URL (expected smtp://user:password@host:587 or smtps://…:465)');
  }
  const scheme = SECURITY_BY_SCHEME[u.protocol];
  if (!scheme) throw new NotifyConfigError(`POOLWATCH_SMTP_URL: the scheme must be smtp:// (STARTTLS) or smtps:// (TLS), got ${u.protocol}//`);
  const sec = u.searchParams.get('security');
  if (sec !== null && !['starttls', 'tls', 'none'].includes(sec)) throw new NotifyConfigError(`POOLWATCH_SMTP_URL: security must be starttls, tls or none, got "${sec}"`);
  const verify = u.searchParams.get('tls_verify');
  if (verify !== null && !['0', '1', 'true', 'false'].includes(verify)) throw new NotifyConfigError(`POOLWATCH_SMTP_URL: tls_verify must be true or false, got "${verify}"`);
  const security = (sec as SmtpSecurity | null) ?? scheme;
  const port = u.port ? Number(u.port) : security === 'tls' ? 465 : 587;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    security,
    tlsVerify: verify === null ? true : verify === '1' || verify === 'true',
    username: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
  };
}

function checked(name: string, value: unknown, what: string): ChannelConfig {
  const parsed = ChannelConfig.safeParse(value);
  if (!parsed.success) {
    // Paths and messages only: the values may hold a password or token.
    const why = describeIssues(parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) })), what);
    throw new NotifyConfigError(`${name}: ${why}`);
  }
  return parsed.data;
}

export function loadNotifyConfig(env: Record<string, string | undefined> = process.env): NotifyConfig {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = NotifyEnv.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new NotifyConfigError(`invalid notification configuration in the environment:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const instance = c.POOLWATCH_INSTANCE_NAME ?? hostname();
  const minSeverity = c.POOLWATCH_NOTIFY_MIN_SEVERITY;
  const envChannels: EnvChannel[] = [];
  if (c.POOLWATCH_SMTP_URL || c.POOLWATCH_NOTIFY_EMAIL_TO) {
    if (!c.POOLWATCH_SMTP_URL) throw new NotifyConfigError('POOLWATCH_NOTIFY_EMAIL_TO is set but POOLWATCH_SMTP_URL is not: set both for e-mail');
    if (!c.POOLWATCH_NOTIFY_EMAIL_TO) throw new NotifyConfigError('POOLWATCH_SMTP_URL is set but POOLWATCH_NOTIFY_EMAIL_TO is not: set both for e-mail');
    const smtp = parseSmtpUrl(c.POOLWATCH_SMTP_URL);
    const to = c.POOLWATCH_NOTIFY_EMAIL_TO.split(',').map((s) => s.trim()).filter(Boolean);
    const from = c.POOLWATCH_NOTIFY_EMAIL_FROM ?? (smtp.username?.includes('@') ? smtp.username : `poolwatch@${instance}`);
    envChannels.push({ id: 'env-email', name: 'E-mail (environment)', minSeverity, channel: checked('POOLWATCH_SMTP_URL / POOLWATCH_NOTIFY_EMAIL_*', { type: 'email', config: { ...smtp, from, to } }, 'e-mail') });
  }
  if (c.POOLWATCH_WEBHOOK_URL) {
    envChannels.push({ id: 'env-webhook', name: 'Webhook (environment)', minSeverity, channel: checked('POOLWATCH_WEBHOOK_URL / POOLWATCH_WEBHOOK_SECRET', { type: 'webhook', config: { url: c.POOLWATCH_WEBHOOK_URL, secret: c.POOLWATCH_WEBHOOK_SECRET ?? null } }, 'webhook') });
  } else if (c.POOLWATCH_WEBHOOK_SECRET) {
    throw new NotifyConfigError('POOLWATCH_WEBHOOK_SECRET is set but POOLWATCH_WEBHOOK_URL is not');
  }
  if (c.POOLWATCH_NTFY_URL) {
    envChannels.push({ id: 'env-ntfy', name: 'ntfy (environment)', minSeverity, channel: checked('POOLWATCH_NTFY_URL / POOLWATCH_NTFY_TOKEN', { type: 'ntfy', config: { url: c.POOLWATCH_NTFY_URL, token: c.POOLWATCH_NTFY_TOKEN ?? null } }, 'ntfy') });
  }
  if (c.POOLWATCH_GOTIFY_URL || c.POOLWATCH_GOTIFY_TOKEN) {
    envChannels.push({ id: 'env-gotify', name: 'Gotify (environment)', minSeverity, channel: checked('POOLWATCH_GOTIFY_URL / POOLWATCH_GOTIFY_TOKEN', { type: 'gotify', config: { url: c.POOLWATCH_GOTIFY_URL ?? '', token: c.POOLWATCH_GOTIFY_TOKEN ?? '' } }, 'Gotify') });
  }
  return {
    instance,
    publicUrl: c.POOLWATCH_PUBLIC_URL ?? null,
    envChannels,
    defaults: { ...DEFAULT_NOTIFY_SETTINGS, reminderHours: c.POOLWATCH_NOTIFY_REMINDER_HOURS },
  };
}
