import { join } from 'node:path';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH, Username } from '../contracts/auth.ts';

/** SMART reads wake sleeping disks and cost a few seconds each: half an hour is smartd's own default interval. */
export const DEFAULT_SMART_REFRESH_MINUTES = 30;
/** Self-tests run for minutes (short) to hours (long); a poll every 30 s costs one cheap read. */
export const DEFAULT_SELF_TEST_POLL_SECONDS = 30;
/** How often a running job's kernel operation is read: cheap commands, and a bar that moves. */
export const DEFAULT_JOB_POLL_MS = 2000;

const flag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));

/** Configuration comes from the environment only, validated once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  POOLWATCH_DATA_DIR: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/poolwatch'),
  /** The deadline of every read command (btrfs fi show, lsblk, status polls): its process group is killed after it. */
  POOLWATCH_READ_DEADLINE_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  /** The btrfs executable (tests point it at a fake that hangs). */
  POOLWATCH_BTRFS: z.string().min(1).default('btrfs'),
  /** Seconds between full scans (btrfs fi show, lsblk); cheap sysfs checks run every second. */
  POOLWATCH_FULL_SCAN_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  POOLWATCH_UI_DIR: z.string().optional(),
  /** Unattended installs: the first admin's password, used only while no user exists. */
  POOLWATCH_ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  POOLWATCH_ADMIN_USER: Username.default('admin'),
  /** Where the mount actions mount managed pools (`<root>/<label>`). */
  POOLWATCH_MOUNT_ROOT: z.string().startsWith('/', 'must be an absolute path').default('/mnt2'),
  /** The smartctl binary; tests point it at fixtures/bin/smartctl. */
  POOLWATCH_SMARTCTL: z.string().min(1).default('smartctl'),
  POOLWATCH_SMARTD: z.string().min(1).default('smartd'),
  POOLWATCH_SMART_REFRESH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(DEFAULT_SMART_REFRESH_MINUTES),
  POOLWATCH_SELF_TEST_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(DEFAULT_SELF_TEST_POLL_SECONDS),
  /** Re-apply ERC values poolwatch set (and was asked to keep) at start: many drives forget them on power cycle. */
  POOLWATCH_ERC_REAPPLY_AT_START: flag.default(true),
  POOLWATCH_SMARTD_CONF: z.string().startsWith('/', 'must be an absolute path').default('/etc/smartd.conf'),
});

/** Never echoed back in an error message: it would land in the service log. */
const SECRET_VARS: ReadonlySet<string> = new Set(['POOLWATCH_ADMIN_PASSWORD']);

export interface SmartConfig {
  smartctl: string;
  smartd: string;
  refreshMinutes: number;
  selfTestPollMs: number;
  ercReapplyAtStart: boolean;
  smartdConf: string;
  /** Where smartd's notify command appends events (one JSON object per line). */
  smartdEventsFile: string;
  /** The wrapper smartd runs (`-M exec`): it has no arguments, so the wrapper carries them. */
  smartdNotifyWrapper: string;
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file in dataDir (tests: `:memory:`). */
  dbFile: string;
  fullScanSeconds: number;
  /** RealHost's options: the read deadline and the executables commands run (`btrfs` → POOLWATCH_BTRFS). */
  commands: { readDeadlineMs: number; executables: Record<string, string> };
  uiDir: string | undefined;
  /** Username and password of the first admin, from the environment (password absent → first-run setup in the UI). */
  bootstrapAdmin: { username: string; password: string } | undefined;
  mountRoot: string;
  /** How often running jobs are polled (not from the environment: tests make it short). */
  jobPollMs: number;
  smart: SmartConfig;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const got = SECRET_VARS.has(name) ? `${env[name]?.length ?? 0} characters` : JSON.stringify(env[name]);
      return `  ${i.path.join('.')}: ${i.message} (got ${got})`;
    });
    throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = c.POOLWATCH_DATA_DIR.replace(/(.)\/+$/, '$1');
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir,
    dbFile: join(dataDir, 'poolwatch.sqlite'),
    fullScanSeconds: c.POOLWATCH_FULL_SCAN_SECONDS,
    commands: {
      readDeadlineMs: Math.round(c.POOLWATCH_READ_DEADLINE_SECONDS * 1000),
      executables: c.POOLWATCH_BTRFS === 'btrfs' ? {} : { btrfs: c.POOLWATCH_BTRFS },
    },
    uiDir: c.POOLWATCH_UI_DIR,
    bootstrapAdmin: c.POOLWATCH_ADMIN_PASSWORD ? { username: c.POOLWATCH_ADMIN_USER, password: c.POOLWATCH_ADMIN_PASSWORD } : undefined,
    mountRoot: c.POOLWATCH_MOUNT_ROOT.replace(/(.)\/+$/, '$1'),
    jobPollMs: DEFAULT_JOB_POLL_MS,
    smart: {
      smartctl: c.POOLWATCH_SMARTCTL,
      smartd: c.POOLWATCH_SMARTD,
      refreshMinutes: c.POOLWATCH_SMART_REFRESH_MINUTES,
      selfTestPollMs: Math.round(c.POOLWATCH_SELF_TEST_POLL_SECONDS * 1000),
      ercReapplyAtStart: c.POOLWATCH_ERC_REAPPLY_AT_START,
      smartdConf: c.POOLWATCH_SMARTD_CONF,
      smartdEventsFile: join(dataDir, 'smartd-events.jsonl'),
      smartdNotifyWrapper: join(dataDir, 'smartd-notify.sh'),
    },
  };
}
