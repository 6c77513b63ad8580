/**
 * Users, browser sessions and API tokens. Secrets arrive here already hashed (server/auth);
 * this module only stores rows and keeps the few invariants that need a transaction.
 */
import type { ApiTokenInfo, Role, UserInfo } from '../../contracts/auth.ts';
import { ConflictError } from '../errors.ts';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRow {
  idHash: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  user: { id: number; username: string; role: Role };
}

export interface TokenRow extends ApiTokenInfo {
  tokenHash: string;
}

type Raw = Record<string, unknown>;

const userOf = (r: Raw): UserRow => ({
  id: Number(r.id), username: String(r.username), role: r.role as Role, passwordHash: String(r.password_hash), createdAt: String(r.created_at),
});

const tokenOf = (r: Raw): TokenRow => ({
  id: Number(r.id), name: String(r.name), role: r.role as Role, createdBy: String(r.created_by), createdAt: String(r.created_at),
  lastUsedAt: (r.last_used_at as string | null) ?? null, revokedAt: (r.revoked_at as string | null) ?? null, tokenHash: String(r.token_hash),
});

export const publicToken = ({ tokenHash: _hash, ...info }: TokenRow): ApiTokenInfo => info;

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

export class AuthStore {
  /** The lookups every authenticated request makes, prepared once (preparing cost more than the query). */
  private readonly hot: { session: Database.Statement; token: Database.Statement };

  constructor(private readonly db: Db) {
    this.hot = {
      session: db.prepare('SELECT s.*, u.username, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?'),
      token: db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?'),
    };
  }

  // ---- users

  countUsers(): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as Raw).n);
  }

  findUser(username: string): UserRow | null {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Raw | undefined;
    return r ? userOf(r) : null;
  }

  listUsers(): UserInfo[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Raw[]).map(userOf).map((u) => ({ name: u.username, role: u.role, createdAt: u.createdAt }));
  }

  /** Throws ConflictError when the name is taken (names compare case-insensitively). */
  insertUser(username: string, role: Role, passwordHash: string, at: string): UserRow {
    try {
      const r = this.db.prepare('INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(username, role, passwordHash, at);
      return { id: Number(r.lastInsertRowid), username, role, passwordHash, createdAt: at };
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`a user named "${username}" already exists`);
      throw err;
    }
  }

  /** Creates the first user only while there is none: two racing setups cannot both win. */
  insertFirstUser(username: string, role: Role, passwordHash: string, at: string): UserRow | null {
    return this.db.transaction(() => (this.countUsers() === 0 ? this.insertUser(username, role, passwordHash, at) : null))();
  }

  setPasswordHash(userId: number, passwordHash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  /**
   * Deletes a user with their sessions (cascade). Refuses to delete the last admin: nobody could
   * manage poolwatch any more, short of the CLI.
   */
  deleteUser(username: string): UserRow | null {
    return this.db.transaction(() => {
      const user = this.findUser(username);
      if (!user) return null;
      if (user.role === 'admin') {
        const admins = Number((this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as Raw).n);
        if (admins <= 1) throw new ConflictError(`"${user.username}" is the last admin; create another admin first`);
      }
      this.db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
      return user;
    })();
  }

  // ---- sessions

  insertSession(s: Omit<SessionRow, 'user'> & { userId: number }): void {
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt);
  }

  findSession(idHash: string): SessionRow | null {
    const r = this.hot.session.get(idHash) as Raw | undefined;
    if (!r) return null;
    return {
      idHash: String(r.id_hash), csrfToken: String(r.csrf_token), createdAt: String(r.created_at),
      lastSeenAt: String(r.last_seen_at), expiresAt: String(r.expires_at),
      user: { id: Number(r.user_id), username: String(r.username), role: r.role as Role },
    };
  }

  touchSession(idHash: string, lastSeenAt: string, expiresAt: string): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(lastSeenAt, expiresAt, idHash);
  }

  deleteSession(idHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  /** Ends every session of a user but `keep` (the one that changed the password); returns how many ended. */
  deleteSessionsOfUser(userId: number, keep: string | null = null): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?').run(userId, keep).changes;
  }

  /** Timestamps are ISO-8601 UTC from toISOString(), so text order is time order. */
  deleteExpiredSessions(nowIso: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(nowIso).changes;
  }

  // ---- API tokens

  insertToken(t: { name: string; role: Role; tokenHash: string; createdBy: string; createdAt: string }): TokenRow {
    const r = this.db.prepare('INSERT INTO api_tokens (name, role, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(t.name, t.role, t.tokenHash, t.createdBy, t.createdAt);
    return { id: Number(r.lastInsertRowid), ...t, lastUsedAt: null, revokedAt: null };
  }

  findTokenByHash(tokenHash: string): TokenRow | null {
    const r = this.hot.token.get(tokenHash) as Raw | undefined;
    return r ? tokenOf(r) : null;
  }

  findToken(id: number): TokenRow | null {
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Raw | undefined;
    return r ? tokenOf(r) : null;
  }

  listTokens(): TokenRow[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY id').all() as Raw[]).map(tokenOf);
  }

  /** Revoking twice keeps the first revocation time. */
  revokeToken(id: number, at: string): TokenRow | null {
    this.db.prepare('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
    return this.findToken(id);
  }

  revokeTokensCreatedBy(createdBy: string, at: string): TokenRow[] {
    const live = (this.db.prepare('SELECT * FROM api_tokens WHERE created_by = ? COLLATE NOCASE AND revoked_at IS NULL').all(createdBy) as Raw[]).map(tokenOf);
    this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE created_by = ? COLLATE NOCASE AND revoked_at IS NULL').run(at, createdBy);
    return live.map((t) => ({ ...t, revokedAt: at }));
  }

  touchToken(id: number, at: string): void {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }
}
