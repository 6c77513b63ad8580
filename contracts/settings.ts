/**
 * Monitoring thresholds (GET/PUT /api/settings/thresholds) and the settings document
 * (GET /api/settings/export, POST /api/settings/import): schedules, notification channels (secrets
 * only when asked for) and thresholds, so a reinstall restores poolwatch. Depends on zod only.
 */
import { z } from 'zod';
import { DEFAULT_COUNTER_RETENTION_DAYS } from './counters.ts';
import { ChannelConfig, ChannelName, DEFAULT_NOTIFY_SETTINGS, NotifySettings, NotifySeverity } from './notify.ts';
import { ScheduleInput } from './schedules.ts';

export const Thresholds = NotifySettings.extend({
  /** Counter history older than this is pruned (the newest point per member is kept). */
  counterRetentionDays: z.number().int().min(7).max(3650),
});
export type Thresholds = z.infer<typeof Thresholds>;
export const DEFAULT_THRESHOLDS: Thresholds = { ...DEFAULT_NOTIFY_SETTINGS, counterRetentionDays: DEFAULT_COUNTER_RETENTION_DAYS };

export const SETTINGS_FORMAT = 'poolwatch-settings';

/** A channel in the document: its config may lack its secret (an export without secrets). */
export const ChannelExport = z.object({
  name: ChannelName,
  enabled: z.boolean(),
  minSeverity: NotifySeverity,
  jobSucceeded: z.boolean(),
  type: z.enum(['email', 'ntfy', 'gotify', 'webhook']),
  config: z.record(z.string(), z.unknown()),
}).superRefine((c, ctx) => {
  // Checked as the channel it will become, with any missing secret filled in for the check only.
  const secrets: Record<string, string[]> = { email: ['password'], ntfy: ['token'], gotify: ['token'], webhook: ['secret'] };
  const probe = { ...c.config };
  for (const f of secrets[c.type] ?? []) if (probe[f] === undefined || probe[f] === null) probe[f] = c.type === 'email' || c.type === 'ntfy' ? null : 'x'.repeat(16);
  const parsed = ChannelConfig.safeParse({ type: c.type, config: probe });
  if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['config', ...i.path.slice(1)], message: i.message });
});
export type ChannelExport = z.infer<typeof ChannelExport>;

export const SettingsDocument = z.object({
  format: z.literal(SETTINGS_FORMAT, `must be "${SETTINGS_FORMAT}" (is this a poolwatch settings file?)`),
  version: z.literal(1, 'this poolwatch reads settings files of version 1'),
  exportedAt: z.string(),
  exportedFrom: z.string(),
  secretsIncluded: z.boolean(),
  thresholds: Thresholds,
  schedules: z.array(ScheduleInput.and(z.object({ targetName: z.string().nullable().optional() }))),
  channels: z.array(ChannelExport),
});
export type SettingsDocument = z.infer<typeof SettingsDocument>;

export const ImportRequest = z.object({ document: z.unknown(), dryRun: z.boolean().default(false) });

export const ImportResult = z.object({
  applied: z.boolean(),
  schedules: z.number().int(),
  channels: z.number().int(),
  thresholds: Thresholds,
  /** What the admin should know: a channel imported without its secret (disabled), a pool not on this machine, … */
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
