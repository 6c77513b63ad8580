/**
 * Login, sessions, users and API tokens: every request and response of the auth routes.
 * Depends on zod only (shared by server and UI).
 */
import { z } from 'zod';

export const ROLES = ['admin', 'viewer'] as const;
/** admin may change things; viewer may read everything and change nothing. */
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Short enough for a header and a log line; no spaces or colons (the audit actor is `token:<name>`). */
export const Username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, underscore or dash; 1–64 characters, starting with a letter or digit');

/** Passwords shorter than this are refused everywhere (setup, new users, POOLWATCH_ADMIN_PASSWORD). */
export const MIN_PASSWORD_LENGTH = 12;
/** A bound on what is hashed per request, so a huge body cannot tie up the hashing threads. */
export const MAX_PASSWORD_LENGTH = 1024;
export const Password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH);

/**
 * POST /api/setup: creates the first admin; needs the one-time setup token the server printed to
 * its log at start (401 without it); answers 409 once any user exists.
 */
export const SetupRequest = z.object({ username: Username, password: Password, setupToken: z.string().max(256).optional() });
export type SetupRequest = z.infer<typeof SetupRequest>;

/** POST /api/login. The password is not length-checked here: a wrong one is simply refused. */
export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  name: z.string(),
  role: Role,
  /** `session` for a browser login, `token` for `Authorization: Bearer`, `cockpit` through Cockpit (ADR 016). */
  via: z.enum(['session', 'token', 'cockpit']),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** GET /api/session, and the answer to login and setup. */
export const SessionResponse = z.object({
  user: SessionUser.nullable(),
  /** No user exists yet: the UI offers the first-run setup. */
  setupRequired: z.boolean(),
  /** Send as `X-CSRF-Token` on every POST/PUT/PATCH/DELETE of this session; null without a cookie session. */
  csrfToken: z.string().nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/**
 * POST /api/password: a logged-in user (browser session) changes their own password. The new one
 * is checked like any new password (length, not a common one); the user's other sessions end.
 */
export const ChangePasswordRequest = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: Password });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const UserInfo = z.object({ name: z.string(), role: Role, createdAt: z.string() });
export type UserInfo = z.infer<typeof UserInfo>;
export const UsersResponse = z.object({ users: z.array(UserInfo) });
export type UsersResponse = z.infer<typeof UsersResponse>;

/** POST /api/users (admin). */
export const CreateUserRequest = z.object({ username: Username, password: Password, role: Role });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;
export const UserResponse = z.object({ user: UserInfo });
export type UserResponse = z.infer<typeof UserResponse>;

/** Shown in lists and the audit actor (`token:<name>`). */
export const TokenName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, underscore or dash; 1–64 characters');

export const ApiTokenInfo = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  role: Role,
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;
export const TokensResponse = z.object({ tokens: z.array(ApiTokenInfo) });
export type TokensResponse = z.infer<typeof TokensResponse>;

/** POST /api/tokens (admin). */
export const CreateTokenRequest = z.object({ name: TokenName, role: Role });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;

/** The token's secret appears in this answer only: it is stored hashed and cannot be shown again. */
export const API_TOKEN_PATTERN = /^pw_[A-Za-z0-9_-]{43}$/;
export const CreatedTokenResponse = z.object({ token: ApiTokenInfo, secret: z.string().regex(API_TOKEN_PATTERN) });
export type CreatedTokenResponse = z.infer<typeof CreatedTokenResponse>;

/** DELETE /api/tokens/:id → the revoked token. */
export const TokenResponse = z.object({ token: ApiTokenInfo });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const TokenIdParam = z.coerce.number().int().positive();

/** The header a cookie session must send on every mutating request. */
export const CSRF_HEADER = 'X-CSRF-Token';
