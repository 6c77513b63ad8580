/**
 * Accounts, logins, sessions and API tokens: the rules (rate limit, last admin, first-run setup,
 * idle timeout) and the audit entries. HTTP-free: server/http/auth.ts adapts it to requests.
 */
import type { ApiTokenInfo, Role, SessionUser, UserInfo } from '../../contracts/auth.ts';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { publicToken, type AuthStore } from '../store/auth-store.ts';
import { burnVerifyTime, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { LoginRateLimiter } from './rate-limiter.ts';
import { isApiTokenFormat, newApiToken, randomSecret, sha256Hex } from './secrets.ts';

/** A session unused this long ends: an admin console left open overnight asks for the password again. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** Even a session in constant use ends after this, so a stolen cookie does not live for ever. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
/** last_seen / last_used are written at most this often: polling must not turn every read into a write. */
const TOUCH_EVERY_MS = 60_000;
/** A refused (rate-limited) login is audited at most this often per address: a flood must not flood the log. */
const RATE_LIMIT_AUDIT_EVERY_MS = 60_000;

/** Who is asking: a browser session or an API token. */
export type Principal =
  | { kind: 'session'; name: string; role: Role; sessionIdHash: string; csrfToken: string }
  | { kind: 'token'; name: string; role: Role; tokenId: number };

/** A fresh session; `id` goes into the cookie and is never stored. */
export interface NewSession {
  id: string;
  csrfToken: string;
  user: { name: string; role: Role };
  expiresAt: string;
}

export interface AuthServiceDeps {
  store: AuthStore;
  audit: AuditStore;
  clock: Clock;
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function sessionUserOf(p: Principal): SessionUser {
  return { name: p.name, role: p.role, via: p.kind };
}

/** The audit log's "who": the username, or `token:<name>` for a script. */
export function actorName(p: Principal | null): string {
  if (!p) return 'anonymous';
  return p.kind === 'token' ? `token:${p.name}` : p.name;
}

export class AuthService {
  readonly store: AuthStore;
  private readonly audit: AuditStore;
  private readonly limiter: LoginRateLimiter;
  private readonly now: () => Date;
  private readonly rateLimitAudited = new Map<string, number>();

  constructor(deps: AuthServiceDeps) {
    this.store = deps.store;
    this.audit = deps.audit;
    this.now = () => deps.clock.now();
    this.limiter = new LoginRateLimiter({ now: () => this.now().getTime() });
  }

  setupRequired(): boolean {
    return this.store.countUsers() === 0;
  }

  /**
   * Unattended installs: creates the first admin from POOLWATCH_ADMIN_PASSWORD. Does nothing
   * once any user exists (the variable never resets a password). True when it created the user.
   */
  async bootstrapAdmin(username: string, password: string): Promise<boolean> {
    if (!this.setupRequired()) return false;
    const hash = await hashPassword(password);
    const at = this.iso();
    const user = this.store.insertFirstUser(username, 'admin', hash, at);
    if (!user) return false;
    this.record({ actor: 'system', action: 'user.create', target: user.username, outcome: 'ok', details: { role: 'admin', source: 'POOLWATCH_ADMIN_PASSWORD' } });
    return true;
  }

  /** First-run setup from the UI: only while no user exists, then logs the new admin in. */
  async setup(username: string, password: string, ip: string): Promise<NewSession> {
    if (!this.setupRequired()) throw new ConflictError('poolwatch is already set up; log in instead');
    const hash = await hashPassword(password);
    const user = this.store.insertFirstUser(username, 'admin', hash, this.iso());
    if (!user) throw new ConflictError('poolwatch is already set up; log in instead');
    this.record({ actor: user.username, action: 'auth.setup', target: user.username, outcome: 'ok', details: { ip, role: 'admin' } });
    return this.openSession(user.id, user.username, user.role);
  }

  async login(username: string, password: string, ip: string): Promise<NewSession> {
    const decision = this.limiter.check(ip, username);
    if (!decision.allowed) {
      this.auditRateLimited(ip, decision.retryAfterSeconds);
      throw new TooManyRequestsError(`too many failed logins; try again in ${formatWait(decision.retryAfterSeconds)}`, decision.retryAfterSeconds);
    }
    const attempt = this.limiter.recordFailure(ip, username);
    const user = this.store.findUser(username);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await burnVerifyTime(password);
    if (!user || !ok) {
      // An unknown name is not written down: it is often the password typed into the wrong field.
      this.record({ actor: 'anonymous', action: 'auth.login', target: user?.username ?? null, outcome: 'refused', details: { ip, reason: user ? 'wrong-password' : 'unknown-user' } });
      throw new UnauthorizedError('wrong username or password');
    }
    this.limiter.recordSuccess(ip, username, attempt);
    if (needsRehash(user.passwordHash)) this.store.setPasswordHash(user.id, await hashPassword(password));
    this.record({ actor: user.username, action: 'auth.login', target: user.username, outcome: 'ok', details: { ip } });
    return this.openSession(user.id, user.username, user.role);
  }

  logout(p: Principal): void {
    if (p.kind !== 'session') return;
    this.store.deleteSession(p.sessionIdHash);
    this.record({ actor: p.name, action: 'auth.logout', target: p.name, outcome: 'ok' });
  }

  /** The session behind a cookie value, sliding its idle timeout; null when unknown or expired. */
  resolveSession(cookieValue: string): Principal | null {
    const idHash = sha256Hex(cookieValue);
    const s = this.store.findSession(idHash);
    if (!s) return null;
    const now = this.now();
    if (Date.parse(s.expiresAt) <= now.getTime()) {
      this.store.deleteSession(idHash);
      return null;
    }
    if (now.getTime() - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS) {
      this.store.touchSession(idHash, now.toISOString(), this.expiryOf(Date.parse(s.createdAt), now.getTime()));
    }
    return { kind: 'session', name: s.user.username, role: s.user.role, sessionIdHash: idHash, csrfToken: s.csrfToken };
  }

  /** The token behind `Authorization: Bearer pw_…`; null when malformed, unknown or revoked. */
  resolveToken(secret: string): Principal | null {
    if (!isApiTokenFormat(secret)) return null;
    const t = this.store.findTokenByHash(sha256Hex(secret));
    if (!t || t.revokedAt) return null;
    const now = this.now();
    if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) >= TOUCH_EVERY_MS) this.store.touchToken(t.id, now.toISOString());
    return { kind: 'token', name: t.name, role: t.role, tokenId: t.id };
  }

  // ---- users

  listUsers(): UserInfo[] {
    return this.store.listUsers();
  }

  async createUser(actor: string, username: string, password: string, role: Role): Promise<UserInfo> {
    if (this.store.findUser(username)) throw new ConflictError(`a user named "${username}" already exists`);
    const user = this.store.insertUser(username, role, await hashPassword(password), this.iso());
    this.record({ actor, action: 'user.create', target: user.username, outcome: 'ok', details: { role } });
    return { name: user.username, role: user.role, createdAt: user.createdAt };
  }

  /** Ends the user's sessions and revokes the API tokens they created (they saw those secrets). */
  deleteUser(actor: string, username: string): UserInfo {
    const user = this.store.deleteUser(username);
    if (!user) throw new NotFoundError(`no user named "${username}"`);
    const revoked = this.store.revokeTokensCreatedBy(user.username, this.iso());
    this.record({ actor, action: 'user.delete', target: user.username, outcome: 'ok', details: { role: user.role, revokedTokens: revoked.map((t) => t.id) } });
    return { name: user.username, role: user.role, createdAt: user.createdAt };
  }

  // ---- API tokens

  listTokens(): ApiTokenInfo[] {
    return this.store.listTokens().map(publicToken);
  }

  /** The secret is returned here once; only its hash is kept. */
  createToken(actor: string, name: string, role: Role): { token: ApiTokenInfo; secret: string } {
    const secret = newApiToken();
    const row = this.store.insertToken({ name, role, tokenHash: sha256Hex(secret), createdBy: actor, createdAt: this.iso() });
    this.record({ actor, action: 'token.create', target: `token ${row.id} (${name})`, outcome: 'ok', details: { id: row.id, name, role } });
    return { token: publicToken(row), secret };
  }

  revokeToken(actor: string, id: number): ApiTokenInfo {
    const before = this.store.findToken(id);
    if (!before) throw new NotFoundError(`no API token with id ${id}`);
    const row = this.store.revokeToken(id, this.iso())!;
    if (!before.revokedAt) this.record({ actor, action: 'token.revoke', target: `token ${id} (${row.name})`, outcome: 'ok', details: { id, name: row.name } });
    return publicToken(row);
  }

  // ---- internals

  private openSession(userId: number, name: string, role: Role): NewSession {
    const now = this.now();
    this.store.deleteExpiredSessions(now.toISOString());
    const id = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = this.expiryOf(now.getTime(), now.getTime());
    this.store.insertSession({ idHash: sha256Hex(id), userId, csrfToken, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt });
    return { id, csrfToken, user: { name, role }, expiresAt };
  }

  private expiryOf(createdMs: number, lastSeenMs: number): string {
    return new Date(Math.min(lastSeenMs + SESSION_IDLE_MS, createdMs + SESSION_MAX_MS)).toISOString();
  }

  private auditRateLimited(ip: string, retryAfterSeconds: number): void {
    const nowMs = this.now().getTime();
    const last = this.rateLimitAudited.get(ip);
    if (last !== undefined && nowMs - last < RATE_LIMIT_AUDIT_EVERY_MS) return;
    if (this.rateLimitAudited.size > 1000) this.rateLimitAudited.clear();
    this.rateLimitAudited.set(ip, nowMs);
    this.record({ actor: 'anonymous', action: 'auth.login', target: null, outcome: 'refused', details: { ip, reason: 'rate-limited', retryAfterSeconds } });
  }

  private record(e: { actor: string; action: string; target: string | null; outcome: 'ok' | 'refused'; details?: unknown }): void {
    this.audit.record({ at: this.iso(), actor: e.actor, action: e.action, poolUuid: null, target: e.target, argv: null, exitCode: null, outcome: e.outcome, details: e.details });
  }

  private iso(): string {
    return this.now().toISOString();
  }
}
