/**
 * SMART settings, from the environment (validated once, like server/config.ts).
 */
import { join } from 'node:path';
import { z } from 'zod';

/** SMART reads wake sleeping disks and cost a few seconds each: half an hour is smartd's own default interval. */
export const DEFAULT_REFRESH_MINUTES = 30;
/** Self-tests run for minutes (short) to hours (long); a poll every 30 s costs one cheap read. */
export const DEFAULT_SELF_TEST_POLL_SECONDS = 30;

const flag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));

const SmartEnv = z.object({
  /** The smartctl binary; tests point it at fixtures/bin/smartctl. */
  POOLWATCH_SMARTCTL: z.string().min(1).default('smartctl'),
  POOLWATCH_SMARTD: z.string().min(1).default('smartd'),
  POOLWATCH_SMART_REFRESH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(DEFAULT_REFRESH_MINUTES),
  POOLWATCH_SELF_TEST_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(DEFAULT_SELF_TEST_POLL_SECONDS),
  /** Re-apply ERC values poolwatch set (and was asked to keep) at start: many drives forget them on power cycle. */
  POOLWATCH_ERC_REAPPLY_AT_START: flag.default(true),
  POOLWATCH_SMARTD_CONF: z.string().startsWith('/', 'must be an absolute path').default('/etc/smartd.conf'),
  POOLWATCH_DATA_DIR: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/poolwatch'),
});

export interface SmartConfig {
  smartctl: string;
  smartd: string;
  refreshMinutes: number;
  selfTestPollMs: number;
  ercReapplyAtStart: boolean;
  smartdConf: string;
  dataDir: string;
  /** Where smartd's notify command appends events (one JSON object per line). */
  smartdEventsFile: string;
  /** The wrapper smartd runs (`-M exec`): it has no arguments, so the wrapper carries them. */
  smartdNotifyWrapper: string;
}

export function loadSmartConfig(env: Record<string, string | undefined> = process.env): SmartConfig {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = SmartEnv.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid SMART configuration in the environment:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = c.POOLWATCH_DATA_DIR.replace(/\/$/, '');
  return {
    smartctl: c.POOLWATCH_SMARTCTL,
    smartd: c.POOLWATCH_SMARTD,
    refreshMinutes: c.POOLWATCH_SMART_REFRESH_MINUTES,
    selfTestPollMs: Math.round(c.POOLWATCH_SELF_TEST_POLL_SECONDS * 1000),
    ercReapplyAtStart: c.POOLWATCH_ERC_REAPPLY_AT_START,
    smartdConf: c.POOLWATCH_SMARTD_CONF,
    dataDir,
    smartdEventsFile: join(dataDir, 'smartd-events.jsonl'),
    smartdNotifyWrapper: join(dataDir, 'smartd-notify.sh'),
  };
}
