/**
 * Notifications: what poolwatch tells the admin when nobody has the page open (issue 12). Events
 * derived from snapshot changes (server/health/notify-events.ts), channels (e-mail, ntfy, Gotify,
 * signed JSON webhook), a persisted outbox and its delivery log. Depends on zod only.
 *
 * Routes: GET/POST /api/notify/channels, PUT/DELETE /api/notify/channels/:id,
 * POST /api/notify/channels/:id/test, GET /api/notify/deliveries, GET /api/notify/problems,
 * GET/PUT /api/notify/settings.
 */
import { z } from 'zod';

/**
 * Problems are open while the condition holds: one notification when they start, reminders while
 * they last, one when they are resolved. One-shot events notify once.
 */
export const PROBLEM_KINDS = [
  'pool-degraded',
  'member-missing',
  'pool-failed',
  // A member's SMART verdict is failing (or the pool's status says at-risk): the next failure may cost data.
  'pool-at-risk',
  'pool-unimported',
  // A disk that was a member of a pool is attached again but is no member now (replaced or removed meanwhile).
  'stale-member',
  // poolwatch cannot read the machine: the scan fails or has not finished for too long.
  'scan-stuck',
  // poolwatch cannot write its data folder (SQLite): nothing it learns is kept.
  'data-dir-unwritable',
] as const;
export const ProblemKind = z.enum(PROBLEM_KINDS);
export type ProblemKind = z.infer<typeof ProblemKind>;

export const ONE_SHOT_KINDS = [
  'device-errors-increased',
  'smart-worsened',
  'scrub-errors',
  'job-failed',
  'job-succeeded',
  // "Send test" from the channels page.
  'test',
] as const;
export const OneShotKind = z.enum(ONE_SHOT_KINDS);
export type OneShotKind = z.infer<typeof OneShotKind>;

export const NOTIFY_EVENT_KINDS = [...PROBLEM_KINDS, ...ONE_SHOT_KINDS] as const;
/** Tolerant on read: a kind written by another version is kept as a string. */
export const NotifyEventKind = z.string();
export type NotifyEventKind = (typeof NOTIFY_EVENT_KINDS)[number];

export const NOTIFY_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const NotifySeverity = z.enum(NOTIFY_SEVERITIES);
export type NotifySeverity = z.infer<typeof NotifySeverity>;
export const SEVERITY_RANK: Readonly<Record<NotifySeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** start / reminder / resolved for problems; event for one-shot kinds. */
export const NOTIFY_PHASES = ['start', 'reminder', 'resolved', 'event'] as const;
export const NotifyPhase = z.enum(NOTIFY_PHASES);
export type NotifyPhase = z.infer<typeof NotifyPhase>;

/** One thing to tell: a problem's start, reminder or resolution, or a one-shot event. */
export const NotifyEvent = z.object({
  kind: NotifyEventKind,
  phase: NotifyPhase,
  severity: NotifySeverity,
  /** Problems: `pool-degraded:<uuid>`, `member-missing:<uuid>:<devid>`…; events: unique per occurrence. */
  key: z.string(),
  /** One line: "Pool pw-data is degraded". */
  title: z.string(),
  /** What happened and what to do, in words. */
  text: z.string(),
  poolUuid: z.string().nullable(),
  poolLabel: z.string().nullable(),
  devid: z.number().int().nullable(),
  diskKey: z.string().nullable(),
  /** When the condition started (problems) or happened (events). */
  since: z.string(),
  /** Counter deltas for device-errors-increased: `{ read: 3 }`. */
  delta: z.record(z.string(), z.number()).nullable(),
});
export type NotifyEvent = z.infer<typeof NotifyEvent>;

/** What one outbox entry carries to one channel: the events of one evaluation for one pool. */
export const NotifyMessage = z.object({
  /** Unique per message; also the e-mail Message-ID and the webhook `id`, so receivers can drop a duplicate. */
  id: z.string(),
  /** The machine poolwatch runs on (POOLWATCH_INSTANCE_NAME, else the host name). */
  instance: z.string(),
  at: z.string(),
  severity: NotifySeverity,
  title: z.string(),
  text: z.string(),
  events: z.array(NotifyEvent),
  /** Link to the pool or page, when POOLWATCH_PUBLIC_URL is set. */
  url: z.string().nullable(),
});
export type NotifyMessage = z.infer<typeof NotifyMessage>;

// ---- channels ---------------------------------------------------------------------------------

export const CHANNEL_TYPES = ['email', 'ntfy', 'gotify', 'webhook'] as const;
export const ChannelType = z.enum(CHANNEL_TYPES);
export type ChannelType = z.infer<typeof ChannelType>;

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export const SmtpSecurity = z.enum(SMTP_SECURITY);
export type SmtpSecurity = z.infer<typeof SmtpSecurity>;

const Host = z.string().trim().min(1, 'required').max(253).regex(/^[A-Za-z0-9.:[\]_-]+$/, 'a host name or IP address');
const Email = z.string().trim().max(254).regex(/^[^\s@<>]+@[^\s@<>]+$/, 'an e-mail address like admin@example.org');
const HttpUrl = z.string().trim().max(2048).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'an http:// or https:// URL');
/** Secrets as the admin types them; in answers they are masked (maskSecret). */
const Secret = z.string().max(4096);

export const EmailChannelConfig = z.object({
  host: Host,
  port: z.number().int().min(1).max(65535),
  /** starttls: upgrade required (port 587); tls: TLS from the first byte (port 465); none: a local relay only. */
  security: SmtpSecurity,
  /** false accepts a self-signed certificate (a home relay); the name is still checked as far as it can be. */
  tlsVerify: z.boolean(),
  username: z.string().max(254).nullable(),
  password: Secret.nullable(),
  from: Email,
  to: z.array(Email).min(1, 'at least one recipient').max(20),
});
export type EmailChannelConfig = z.infer<typeof EmailChannelConfig>;

export const NtfyChannelConfig = z.object({
  /** The topic URL: `https://ntfy.sh/my-nas-alerts`. */
  url: HttpUrl,
  /** Access token (`tk_…`) for a protected topic. */
  token: Secret.nullable(),
});
export type NtfyChannelConfig = z.infer<typeof NtfyChannelConfig>;

export const GotifyChannelConfig = z.object({
  /** The server's base URL: `https://gotify.example.org`. */
  url: HttpUrl,
  /** The application token. */
  token: Secret.min(1, 'required'),
});
export type GotifyChannelConfig = z.infer<typeof GotifyChannelConfig>;

export const WebhookChannelConfig = z.object({
  url: HttpUrl,
  /** HMAC-SHA256 key: the body is signed in the X-Poolwatch-Signature-256 header. */
  secret: Secret.min(16, 'at least 16 characters').nullable(),
});
export type WebhookChannelConfig = z.infer<typeof WebhookChannelConfig>;

/** Which fields of each channel type are secrets: never sent back in full. */
export const SECRET_FIELDS: Readonly<Record<ChannelType, readonly string[]>> = {
  email: ['password'],
  ntfy: ['token'],
  gotify: ['token'],
  webhook: ['secret'],
};

export const ChannelConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), config: EmailChannelConfig }),
  z.object({ type: z.literal('ntfy'), config: NtfyChannelConfig }),
  z.object({ type: z.literal('gotify'), config: GotifyChannelConfig }),
  z.object({ type: z.literal('webhook'), config: WebhookChannelConfig }),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const ChannelName = z.string().trim().min(1, 'required').max(80);

const ChannelCommon = z.object({
  name: ChannelName,
  enabled: z.boolean(),
  /** Events below this severity are not sent on this channel. */
  minSeverity: NotifySeverity,
  /** Also tell when a job succeeded (off by default: only failures are news). */
  jobSucceeded: z.boolean(),
});

/** POST /api/notify/channels and PUT /api/notify/channels/:id (a secret left out or null keeps the stored one; "" clears it). */
export const ChannelInput = z.intersection(ChannelCommon, z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), config: EmailChannelConfig.extend({ password: Secret.nullable().optional() }) }),
  z.object({ type: z.literal('ntfy'), config: NtfyChannelConfig.extend({ token: Secret.nullable().optional() }) }),
  z.object({ type: z.literal('gotify'), config: GotifyChannelConfig.extend({ token: Secret.nullable().optional() }) }),
  z.object({ type: z.literal('webhook'), config: WebhookChannelConfig.extend({ secret: Secret.nullable().optional() }) }),
]));
export type ChannelInput = z.infer<typeof ChannelInput>;

export const CHANNEL_SOURCES = ['ui', 'env'] as const;

/** A channel as the API shows it: secrets masked (`••••3f9a`), or null when none is set. */
export const ChannelView = ChannelCommon.extend({
  id: z.string(),
  type: ChannelType,
  /** `env`: made from POOLWATCH_* variables at start; change it there (the UI cannot). */
  source: z.enum(CHANNEL_SOURCES),
  config: z.record(z.string(), z.unknown()),
  /** Names of the secret fields that are set. */
  secretsSet: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastDelivery: z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelsResponse = z.object({ channels: z.array(ChannelView) });
export type ChannelsResponse = z.infer<typeof ChannelsResponse>;
export const ChannelResponse = z.object({ channel: ChannelView });
export type ChannelResponse = z.infer<typeof ChannelResponse>;

/** POST /api/notify/channels/:id/test: sent at once, not through the outbox, so the admin sees the answer. */
export const ChannelTestResponse = z.object({ ok: z.boolean(), message: z.string() });
export type ChannelTestResponse = z.infer<typeof ChannelTestResponse>;

// ---- outbox and delivery log --------------------------------------------------------------------

export const DELIVERY_STATES = ['queued', 'sent', 'failed'] as const;
/** Tolerant on read (another version may add states). */
export const DeliveryState = z.string();

export const Delivery = z.object({
  id: z.number().int(),
  channelId: z.string(),
  channelName: z.string(),
  channelType: z.string(),
  createdAt: z.string(),
  state: DeliveryState,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** The SMTP or HTTP answer of the last failed attempt, in words. */
  lastError: z.string().nullable(),
  severity: NotifySeverity,
  title: z.string(),
  kinds: z.array(z.string()),
  poolUuid: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  state: z.enum(DELIVERY_STATES).optional(),
});
export const DeliveriesResponse = z.object({ deliveries: z.array(Delivery) });
export type DeliveriesResponse = z.infer<typeof DeliveriesResponse>;

/** An open problem as poolwatch remembers it (GET /api/notify/problems). */
export const OpenProblem = z.object({
  key: z.string(),
  kind: NotifyEventKind,
  severity: NotifySeverity,
  title: z.string(),
  text: z.string(),
  poolUuid: z.string().nullable(),
  since: z.string(),
  lastNotifiedAt: z.string(),
});
export type OpenProblem = z.infer<typeof OpenProblem>;
export const ProblemsResponse = z.object({ problems: z.array(OpenProblem) });

/** Settings of notifications as a whole. */
export const NotifySettings = z.object({
  /** Hours between reminders of an unresolved problem; 0: no reminders. Default 24 (daily). */
  reminderHours: z.number().min(0).max(24 * 30),
  /** Minutes without a finished scan before "cannot read the machine" is raised. */
  scanStuckMinutes: z.number().int().min(2).max(24 * 60),
});
export type NotifySettings = z.infer<typeof NotifySettings>;
export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { reminderHours: 24, scanStuckMinutes: 10 };

/** Mask of a secret: the last four characters of a long one, nothing of a short one. */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `••••${secret.slice(-4)}` : '••••';
}
