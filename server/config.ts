import { z } from 'zod';
import { MIN_PASSWORD_LENGTH, Username } from '../contracts/auth.ts';

/** Configuration comes from the environment only, validated once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  POOLWATCH_DATA_DIR: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/poolwatch'),
  /** Seconds between full scans (btrfs fi show, lsblk); cheap sysfs checks run every second. */
  POOLWATCH_FULL_SCAN_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  POOLWATCH_UI_DIR: z.string().optional(),
  /** Unattended installs: the first admin's password, used only while no user exists. */
  POOLWATCH_ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  POOLWATCH_ADMIN_USER: Username.default('admin'),
  /** Where the mount actions mount managed pools (`<root>/<label>`). */
  POOLWATCH_MOUNT_ROOT: z.string().startsWith('/', 'must be an absolute path').default('/mnt2'),
});

/** Never echoed back in an error message: it would land in the service log. */
const SECRET_VARS: ReadonlySet<string> = new Set(['POOLWATCH_ADMIN_PASSWORD']);

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  fullScanSeconds: number;
  uiDir: string | undefined;
  /** Username and password of the first admin, from the environment (password absent → first-run setup in the UI). */
  bootstrapAdmin: { username: string; password: string } | undefined;
  mountRoot: string;
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
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.POOLWATCH_DATA_DIR,
    dbFile: `${c.POOLWATCH_DATA_DIR.replace(/\/$/, '')}/poolwatch.sqlite`,
    fullScanSeconds: c.POOLWATCH_FULL_SCAN_SECONDS,
    uiDir: c.POOLWATCH_UI_DIR,
    bootstrapAdmin: c.POOLWATCH_ADMIN_PASSWORD ? { username: c.POOLWATCH_ADMIN_USER, password: c.POOLWATCH_ADMIN_PASSWORD } : undefined,
    mountRoot: c.POOLWATCH_MOUNT_ROOT.replace(/(.)\/+$/, '$1'),
  };
}
