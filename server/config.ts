import { z } from 'zod';

/** Configuration comes from the environment only, validated once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  POOLWATCH_DATA_DIR: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/poolwatch'),
  /** Seconds between full scans (btrfs fi show, lsblk); cheap sysfs checks run every second. */
  POOLWATCH_FULL_SCAN_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  POOLWATCH_UI_DIR: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  fullScanSeconds: number;
  uiDir: string | undefined;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
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
  };
}
