/**
 * Accounts, logins, sessions and API tokens: the rules (rate limit, last admin, first-run setup,
 * idle timeout) and the audit entries. HTTP-free: server/http/auth.ts adapts it to requests.
 */
import { Password, type ApiTokenInfo, type Role, type SessionUser, type UserInfo } from '../../contracts/auth.ts';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { AuditRefusals } from '../services/audit-refusals.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { publicToken, type AuthStore } from '../store/auth-store.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import { HashGate } from './hash-gate.ts';
import { burnVerifyTime, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { LoginRateLimiter } from './rate-limiter.ts';
import { constantTimeEqual, isApiTokenFormat, newApiToken, randomSecret, sha256Hex } from './secrets.ts';

/** A session unused this long ends: an admin console left open overnight asks for the password again. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** Even a session in constant use ends after this, so a stolen cookie does not live for ever. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
/**
 * last_seen / last_used are written at most this often per session or token, and only best-effort:
 * polling must not turn every read into a write, and a full data dir must not break reads.
 */
const TOUCH_EVERY_MS = 60_000;
/** The rate limiter's "username" for attempts at the first-run setup token. */
const SETUP_KEY = '(setup)';

/**
 * Who is asking: a browser session, an API token, or a Cockpit user whose request came through
 * one of poolwatch's Unix sockets (the socket decides the role; ADR 016).
 */
export type Principal =
  | { kind: 'session'; name: string; role: Role; sessionIdHash: string; csrfToken: string }
  | { kind: 'token'; name: string; role: Role; tokenId: number }
  | { kind: 'cockpit'; name: string; role: Role };

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
  /** Refused logins and setups, aggregated per address and reason per minute. */
  refusals: AuditRefusals;
  writes: DataDirHealth;
  clock: Clock;
  /** Password hashes computed at once (POOLWATCH_MAX_PARALLEL_HASHES). */
  maxParallelHashes: number;
  /** POOLWATCH_SETUP_TOKEN, or null for a random one made here. */
  setupToken: string | null;
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function sessionUserOf(p: Principal): SessionUser {
  return { name: p.name, role: p.role, via: p.kind };
}

/** The audit log's "who": the username, `token:<name>` for a script, `cockpit:<user>` for a Cockpit user. */
export function actorName(p: Principal | null): string {
  if (!p) return 'anonymous';
  return p.kind === 'session' ? p.name : `${p.kind}:${p.name}`;
}

export class AuthService {
  readonly store: AuthStore;
  private readonly audit: AuditStore;
  private readonly refusals: AuditRefusals;
  private readonly writes: DataDirHealth;
  private readonly limiter: LoginRateLimiter;
  private readonly now: () => Date;
  readonly hashes: HashGate;
  private readonly firstRunToken: string;

  constructor(deps: AuthServiceDeps) {
    this.store = deps.store;
    this.audit = deps.audit;
    this.refusals = deps.refusals;
    this.writes = deps.writes;
    this.now = () => deps.clock.now();
    this.limiter = new LoginRateLimiter({ now: () => this.now().getTime() });
    this.hashes = new HashGate(deps.maxParallelHashes);
    this.firstRunToken = deps.setupToken ?? randomSecret();
  }

  setupRequired(): boolean {
    return this.store.countUsers() === 0;
  }

  /**
   * The one-time token first-run setup needs (printed to the log at start), so that whoever
   * reaches the port first cannot claim the admin account. Null once any user exists.
   */
  setupToken(): string | null {
    return this.setupRequired() ? this.firstRunToken : null;
  }

  /** Refuses a password that is common, a keyboard run, or mostly the username (ValidationError). */
  checkNewPassword(password: string, username: string): void {
    const length = Password.safeParse(password);
    if (!length.success) throw new ValidationError(`password: ${length.error.issues[0]?.message ?? 'invalid'}`);
    const problem = passwordProblem(password, username);
    if (problem) throw new ValidationError(`password: ${problem}`);
  }

  /**
   * Unattended installs: creates the first admin from POOLWATCH_ADMIN_PASSWORD. Does nothing
   * once any user exists (the variable never resets a password). True when it created the user.
   */
  async bootstrapAdmin(username: string, password: string): Promise<boolean> {
    if (!this.setupRequired()) return false;
    this.checkNewPassword(password, username);
    const hash = await hashPassword(password);
    const at = this.iso();
    const user = this.store.insertFirstUser(username, 'admin', hash, at);
    if (!user) return false;
    this.record({ actor: 'system', action: 'user.create', target: user.username, outcome: 'ok', details: { role: 'admin', source: 'POOLWATCH_ADMIN_PASSWORD' } });
    return true;
  }

  /**
   * First-run setup from the UI: only while no user exists and with the setup token from the log
   * (checked before any hashing, rate-limited like a login), then logs the new admin in.
   */
  async setup(username: string, password: string, token: string | undefined, ip: string): Promise<NewSession> {
    if (!this.setupRequired()) throw new ConflictError('poolwatch is already set up; log in instead');
    const decision = this.limiter.check(ip, SETUP_KEY);
    if (!decision.allowed) {
      this.refuse(ip, 'auth.setup', 'rate-limited', null);
      throw new TooManyRequestsError(`too many wrong setup tokens; try again in ${formatWait(decision.retryAfterSeconds)}`, decision.retryAfterSeconds);
    }
    if (!token || !constantTimeEqual(token.trim(), this.firstRunToken)) {
      this.limiter.recordFailure(ip, SETUP_KEY);
      this.refuse(ip, 'auth.setup', token ? 'wrong-setup-token' : 'no-setup-token', null);
      throw new UnauthorizedError('the setup token is missing or wrong: poolwatch printed it in its log at start ' +
        '("journalctl -u poolwatch | grep \'setup token\'"); a restart prints a new one', 'setup-token');
    }
    this.checkNewPassword(password, username);
    const hash = await this.hashes.run(() => hashPassword(password));
    const user = this.store.insertFirstUser(username, 'admin', hash, this.iso());
    if (!user) throw new ConflictError('poolwatch is already set up; log in instead');
    this.record({ actor: user.username, action: 'auth.setup', target: user.username, outcome: 'ok', details: { ip, role: 'admin' } });
    return this.openSession(user.id, user.username, user.role);
  }

  async login(username: string, password: string, ip: string): Promise<NewSession> {
    // Both limits (per address and username, per address) are checked before any hashing.
    const decision = this.limiter.check(ip, username);
    if (!decision.allowed) {
      this.refuse(ip, 'auth.login', 'rate-limited', null, { retryAfterSeconds: decision.retryAfterSeconds });
      throw new TooManyRequestsError(`too many failed logins; try again in ${formatWait(decision.retryAfterSeconds)}`, decision.retryAfterSeconds);
    }
    const attempt = this.limiter.recordFailure(ip, username);
    const user = this.store.findUser(username);
    const ok = await this.hashes.run(() => (user ? verifyPassword(password, user.passwordHash) : burnVerifyTime(password)));
    if (!user || !ok) {
      // An unknown name is not written down: it is often the password typed into the wrong field.
      this.refuse(ip, 'auth.login', user ? 'wrong-password' : 'unknown-user', user?.username ?? null);
      throw new UnauthorizedError('wrong username or password');
    }
    this.limiter.recordSuccess(ip, username, attempt);
    if (needsRehash(user.passwordHash)) {
      const rehashed = await this.hashes.run(() => hashPassword(password));
      this.writes.bestEffort('the stronger hash of a password', () => this.store.setPasswordHash(user.id, rehashed));
    }
    this.record({ actor: user.username, action: 'auth.login', target: user.username, outcome: 'ok', details: { ip } });
    return this.openSession(user.id, user.username, user.role);
  }

  logout(p: Principal): void {
    if (p.kind !== 'session') return;
    // Logging out works with a full data dir too: the browser forgets the cookie either way.
    this.writes.bestEffort('ending a session', () => {
      this.store.deleteSession(p.sessionIdHash);
      this.record({ actor: p.name, action: 'auth.logout', target: p.name, outcome: 'ok' });
    });
  }

  /**
   * A logged-in user changes their own password: the current one is checked (rate-limited like a
   * login), the new one against the policy; their other sessions end.
   */
  async changePassword(p: Principal, current: string, next: string, ip: string): Promise<void> {
    if (p.kind !== 'session') throw new ValidationError('an API token has no password; log in with a browser to change it');
    const user = this.store.findUser(p.name);
    if (!user) throw new UnauthorizedError('log in again');
    const decision = this.limiter.check(ip, user.username);
    if (!decision.allowed) throw new TooManyRequestsError(`too many wrong passwords; try again in ${formatWait(decision.retryAfterSeconds)}`, decision.retryAfterSeconds);
    const attempt = this.limiter.recordFailure(ip, user.username);
    if (!(await this.hashes.run(() => verifyPassword(current, user.passwordHash)))) {
      this.refuse(ip, 'user.password-change', 'wrong-password', user.username, {}, user.username);
      throw new ValidationError('the current password is wrong');
    }
    this.limiter.recordSuccess(ip, user.username, attempt);
    if (current === next) throw new ValidationError('the new password is the current one');
    this.checkNewPassword(next, user.username);
    const hash = await this.hashes.run(() => hashPassword(next));
    this.store.setPasswordHash(user.id, hash);
    const ended = this.store.deleteSessionsOfUser(user.id, p.sessionIdHash);
    this.record({ actor: user.username, action: 'user.password-change', target: user.username, outcome: 'ok', details: { ip, otherSessionsEnded: ended } });
  }

  /** `poolwatch user reset-password` (root on the machine): sets a password and ends every session of the user. */
  async resetPassword(actor: string, username: string, password: string): Promise<UserInfo> {
    const user = this.store.findUser(username);
    if (!user) throw new NotFoundError(`no user named "${username}"`);
    this.checkNewPassword(password, user.username);
    this.store.setPasswordHash(user.id, await this.hashes.run(() => hashPassword(password)));
    const ended = this.store.deleteSessionsOfUser(user.id);
    this.record({ actor, action: 'user.password-reset', target: user.username, outcome: 'ok', details: { sessionsEnded: ended } });
    return { name: user.username, role: user.role, createdAt: user.createdAt };
  }

  /** The session behind a cookie value, sliding its idle timeout; null when unknown or expired. */
  resolveSession(cookieValue: string): Principal | null {
    const idHash = sha256Hex(cookieValue);
    const s = this.store.findSession(idHash);
    if (!s) return null;
    const now = this.now();
    if (Date.parse(s.expiresAt) <= now.getTime()) {
      this.writes.bestEffort('removing an expired session', () => this.store.deleteSession(idHash));
      return null;
    }
    if (now.getTime() - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS) {
      this.writes.bestEffort('the "last seen" time of a session', () => this.store.touchSession(idHash, now.toISOString(), this.expiryOf(Date.parse(s.createdAt), now.getTime())));
    }
    return { kind: 'session', name: s.user.username, role: s.user.role, sessionIdHash: idHash, csrfToken: s.csrfToken };
  }

  /** The token behind `Authorization: Bearer pw_…`; null when malformed, unknown or revoked. */
  resolveToken(secret: string): Principal | null {
    if (!isApiTokenFormat(secret)) return null;
    const t = this.store.findTokenByHash(sha256Hex(secret));
    if (!t || t.revokedAt) return null;
    const now = this.now();
    if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) >= TOUCH_EVERY_MS) {
      this.writes.bestEffort('the "last used" time of an API token', () => this.store.touchToken(t.id, now.toISOString()));
    }
    return { kind: 'token', name: t.name, role: t.role, tokenId: t.id };
  }

  // ---- users

  listUsers(): UserInfo[] {
    return this.store.listUsers();
  }

  async createUser(actor: string, username: string, password: string, role: Role): Promise<UserInfo> {
    if (this.store.findUser(username)) throw new ConflictError(`a user named "${username}" already exists`);
    this.checkNewPassword(password, username);
    const user = this.store.insertUser(username, role, await this.hashes.run(() => hashPassword(password)), this.iso());
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

  /** A refused login or setup: one audit row per address, reason and account per minute, with a count. */
  private refuse(ip: string, action: string, reason: string, target: string | null, details: Record<string, unknown> = {}, actor = 'anonymous'): void {
    this.refusals.record({ actor, ip: actor === 'anonymous' ? ip : null, action, reason, target, details: actor === 'anonymous' ? details : { ip, ...details } });
  }

  private record(e: { actor: string; action: string; target: string | null; outcome: 'ok' | 'refused'; details?: unknown }): void {
    this.audit.record({ at: this.iso(), actor: e.actor, action: e.action, poolUuid: null, target: e.target, argv: null, exitCode: null, outcome: e.outcome, details: e.details });
  }

  private iso(): string {
    return this.now().toISOString();
  }
}
