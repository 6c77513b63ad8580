import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH, Username } from '../contracts/auth.ts';
import { NotifyConfigError, loadNotifyConfig, type NotifyConfig } from './notify/notify-config.ts';

/** SMART reads wake sleeping disks and cost a few seconds each: half an hour is smartd's own default interval. */
export const DEFAULT_SMART_REFRESH_MINUTES = 30;
/** Self-tests run for minutes (short) to hours (long); a poll every 30 s costs one cheap read. */
export const DEFAULT_SELF_TEST_POLL_SECONDS = 30;
/** How long a scan waits for one pool's `btrfs` before it keeps that pool's last view (ADR 021). */
export const DEFAULT_POOL_PATIENCE_MS = 3000;
/** How often a running job's kernel operation is read: cheap commands, and a bar that moves. */
export const DEFAULT_JOB_POLL_MS = 2000;

const flag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));

/** A DNS name (RFC 1123 labels) or an IP address: what HOST and the Host allowlist accept. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
export function isHostName(s: string): boolean {
  return isIP(s) !== 0 || HOSTNAME.test(s);
}

const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

/** Configuration comes from the environment only, validated once at start. */
const ConfigSchema = z.object({
  PORT: z.string().regex(/^\d{1,5}$/, 'must be a port number (1–65535)').transform(Number).pipe(z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535')).default(8080),
  HOST: z.string().refine(isHostName, 'must be an IP address (0.0.0.0, ::, 192.168.1.10) or a host name').default('0.0.0.0'),
  /**
   * Host names (and addresses) the server answers to; any other Host header gets 421, which stops
   * DNS-rebinding pages. Default: this machine's names and addresses and localhost. `*` turns the
   * check off (a reverse proxy that checks Host itself).
   */
  POOLWATCH_ALLOWED_HOSTS: commaList.pipe(z.array(z.string().refine((h) => h === '*' || isHostName(h.replace(/^\[|\]$/g, '')), 'each entry must be a host name, an IP address or *'))).optional(),
  /** TLS: both files (PEM) or neither. */
  POOLWATCH_TLS_CERT: z.string().startsWith('/', 'must be an absolute path').optional(),
  POOLWATCH_TLS_KEY: z.string().startsWith('/', 'must be an absolute path').optional(),
  /**
   * Behind a reverse proxy: which proxy to believe for the client address, https and Host
   * (X-Forwarded-For/-Proto/-Host), as Express's `trust proxy`: `loopback`, addresses or subnets,
   * comma-separated. Off by default: a client could claim any address.
   */
  POOLWATCH_TRUST_PROXY: commaList.pipe(z.array(z.string().min(1)).min(1)).optional(),
  /** First-run setup needs this token; default a random one printed to the log at start. */
  POOLWATCH_SETUP_TOKEN: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
  POOLWATCH_AUDIT_MAX_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  POOLWATCH_AUDIT_MAX_ROWS: z.coerce.number().int().min(1000).max(100_000_000).default(100_000),
  /** Live-update streams (SSE): per user or token, and for the whole server; 503 beyond. */
  POOLWATCH_SSE_MAX_PER_PRINCIPAL: z.coerce.number().int().min(1).max(1000).default(8),
  POOLWATCH_SSE_MAX_TOTAL: z.coerce.number().int().min(1).max(100_000).default(64),
  /** Password hashes (scrypt, 32 MiB and ~100 ms each) computed at once; more wait in a short queue. */
  POOLWATCH_MAX_PARALLEL_HASHES: z.coerce.number().int().min(1).max(16).default(2),
  POOLWATCH_DATA_DIR: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/poolwatch'),
  /** The deadline of every read command (btrfs fi show, lsblk, status polls): its process group is killed after it. */
  POOLWATCH_READ_DEADLINE_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  /** The btrfs executable (tests point it at a fake that hangs). */
  POOLWATCH_BTRFS: z.string().min(1).default('btrfs'),
  /**
   * A safety-net full scan at least this often (btrfs fi show, lsblk). The watcher scans whenever the
   * cheap kernel facts it reads every second change (ADR 021); this catches what they do not show.
   */
  POOLWATCH_FULL_SCAN_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
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
  /**
   * Cockpit (ADR 016): the read-only Unix socket (mode 0660, group POOLWATCH_SOCKET_GROUP); its
   * `-admin` twin (0600, root only) is made beside it. Unset: no socket.
   */
  POOLWATCH_SOCKET: z.string().startsWith('/', 'must be an absolute path').optional(),
  POOLWATCH_SOCKET_GROUP: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$|^\d+$/, 'a group name or number').default('poolwatch'),
  /** `<poolwatch-banner>` on other NAS UIs: the page origins allowed to load it, comma-separated. */
  POOLWATCH_EMBED_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin is scheme://host[:port], without a path')))
    .optional(),
  /** A second listener serving only GET /metrics, without login, for a scraper on a private network: `[host]:port`. */
  POOLWATCH_METRICS_LISTEN: z.string().regex(/^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, 'must be host:port or :port (e.g. 10.0.0.5:9184)').optional(),
});

/** Never echoed back in an error message: it would land in the service log. */
const SECRET_VARS: ReadonlySet<string> = new Set(['POOLWATCH_ADMIN_PASSWORD', 'POOLWATCH_SETUP_TOKEN']);

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

export interface SecurityConfig {
  /** null: the machine's names and addresses (server/http/host-allowlist.ts); ['*']: no check. */
  allowedHosts: string[] | null;
  tls: { cert: string; key: string } | null;
  /** Express `trust proxy` value; false when no proxy is trusted. */
  trustProxy: string[] | false;
  setupToken: string | null;
  sseMaxPerPrincipal: number;
  sseMaxTotal: number;
  maxParallelHashes: number;
}

export interface AuditConfig {
  maxAgeDays: number;
  maxRows: number;
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
  /** How long a scan waits for one pool's commands before it keeps that pool's last view (not from the environment). */
  poolPatienceMs: number;
  /** How often running jobs are polled (not from the environment: tests make it short). */
  jobPollMs: number;
  smart: SmartConfig;
  security: SecurityConfig;
  audit: AuditConfig;
  /** The Unix sockets Cockpit reaches poolwatch through (ADR 016), or null without POOLWATCH_SOCKET. */
  socket: { viewer: string; admin: string; group: string } | null;
  /** Origins allowed to embed `<poolwatch-banner>`; empty: the embed is off. */
  embedOrigins: string[];
  /** Notification channels from the environment, instance name, reminder default (server/notify/notify-config.ts). */
  notify: NotifyConfig;
  /** POOLWATCH_METRICS_LISTEN: the metrics-only listener, or null. */
  metricsListen: { host: string; port: number } | null;
};

/** `/run/poolwatch/poolwatch.sock` → `/run/poolwatch/poolwatch-admin.sock`: the root-only twin. */
export function adminSocketPath(socket: string): string {
  return socket.endsWith('.sock') ? `${socket.slice(0, -'.sock'.length)}-admin.sock` : `${socket}-admin`;
}

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
  if (Boolean(c.POOLWATCH_TLS_CERT) !== Boolean(c.POOLWATCH_TLS_KEY)) {
    throw new ConfigError('invalid configuration in the environment:\n  POOLWATCH_TLS_CERT and POOLWATCH_TLS_KEY: set both (PEM files) or neither');
  }
  const dataDir = c.POOLWATCH_DATA_DIR.replace(/(.)\/+$/, '$1');
  let notify: NotifyConfig;
  try {
    notify = loadNotifyConfig(env);
  } catch (err) {
    if (err instanceof NotifyConfigError) throw new ConfigError(err.message);
    throw err;
  }
  let metricsListen: Config['metricsListen'] = null;
  if (c.POOLWATCH_METRICS_LISTEN) {
    const at = c.POOLWATCH_METRICS_LISTEN.lastIndexOf(':');
    const port = Number(c.POOLWATCH_METRICS_LISTEN.slice(at + 1));
    if (port < 1 || port > 65535) throw new ConfigError(`invalid configuration in the environment:\n  POOLWATCH_METRICS_LISTEN: the port must be 1–65535 (got ${port})`);
    metricsListen = { host: c.POOLWATCH_METRICS_LISTEN.slice(0, at).replace(/^\[|\]$/g, '') || '0.0.0.0', port };
  }
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
    poolPatienceMs: DEFAULT_POOL_PATIENCE_MS,
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
    security: {
      allowedHosts: c.POOLWATCH_ALLOWED_HOSTS?.length ? c.POOLWATCH_ALLOWED_HOSTS.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')) : null,
      tls: c.POOLWATCH_TLS_CERT && c.POOLWATCH_TLS_KEY ? { cert: c.POOLWATCH_TLS_CERT, key: c.POOLWATCH_TLS_KEY } : null,
      trustProxy: c.POOLWATCH_TRUST_PROXY ?? false,
      setupToken: c.POOLWATCH_SETUP_TOKEN ?? null,
      sseMaxPerPrincipal: c.POOLWATCH_SSE_MAX_PER_PRINCIPAL,
      sseMaxTotal: c.POOLWATCH_SSE_MAX_TOTAL,
      maxParallelHashes: c.POOLWATCH_MAX_PARALLEL_HASHES,
    },
    audit: { maxAgeDays: c.POOLWATCH_AUDIT_MAX_DAYS, maxRows: c.POOLWATCH_AUDIT_MAX_ROWS },
    socket: c.POOLWATCH_SOCKET ? { viewer: c.POOLWATCH_SOCKET, admin: adminSocketPath(c.POOLWATCH_SOCKET), group: c.POOLWATCH_SOCKET_GROUP } : null,
    embedOrigins: (c.POOLWATCH_EMBED_ORIGINS ?? []).map((o) => o.toLowerCase()),
    notify,
    metricsListen,
  };
}
