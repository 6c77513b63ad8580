import { Router } from 'express';
import type { z } from 'zod';
import {
  ChangePasswordRequest, CreateTokenRequest, CreateUserRequest, LoginRequest, SetupRequest, TokenIdParam, Username,
  type CreatedTokenResponse, type SessionResponse, type TokenResponse, type TokensResponse, type UserResponse, type UsersResponse,
} from '../../../contracts/auth.ts';
import { sessionUserOf, type AuthService, type NewSession } from '../../auth/auth-service.ts';
import { UnauthorizedError } from '../../errors.ts';
import { parseInput } from '../../validation.ts';
import { actorOf, clearSessionCookie, clientIp, principalOf, requireRole, setSessionCookie } from '../auth.ts';

const parseBody = <S extends z.ZodType>(schema: S, body: unknown, shape: string) => parseInput(schema, body, `body must be ${shape}`);


function sessionAnswer(s: NewSession): SessionResponse {
  return { user: { ...s.user, via: 'session' }, setupRequired: false, csrfToken: s.csrfToken };
}

/** Before the guard: what an anonymous browser may ask. */
export function publicAuthRoutes(auth: AuthService): Router {
  const r = Router();

  r.get('/session', (req, res) => {
    const p = principalOf(req);
    const body: SessionResponse = {
      user: p ? sessionUserOf(p) : null,
      // Cockpit users never log in to poolwatch itself: no first-run setup for them.
      setupRequired: p?.kind === 'cockpit' ? false : auth.setupRequired(),
      csrfToken: p?.kind === 'session' ? p.csrfToken : null,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  r.post('/setup', async (req, res) => {
    const input = parseBody(SetupRequest, req.body, '{ "username", "password" }');
    const session = await auth.setup(input.username, input.password, input.setupToken, clientIp(req));
    setSessionCookie(req, res, session);
    res.status(201).set('Cache-Control', 'no-store').json(sessionAnswer(session));
  });

  r.post('/login', async (req, res) => {
    const input = parseBody(LoginRequest, req.body, '{ "username", "password" }');
    // A new login replaces the browser's old session instead of leaving it alive.
    const old = principalOf(req);
    if (old?.kind === 'session') auth.logout(old);
    const session = await auth.login(input.username, input.password, clientIp(req));
    setSessionCookie(req, res, session);
    res.set('Cache-Control', 'no-store').json(sessionAnswer(session));
  });
  return r;
}

/** Behind the guard: logout, users and tokens (changes are admin-only by the guard; lists here too). */
export function accountRoutes(auth: AuthService): Router {
  const r = Router();

  r.post('/password', async (req, res) => {
    const input = parseBody(ChangePasswordRequest, req.body, '{ "currentPassword", "newPassword" }');
    const p = principalOf(req);
    if (!p) throw new UnauthorizedError('log in first');
    await auth.changePassword(p, input.currentPassword, input.newPassword, clientIp(req));
    res.status(204).end();
  });

  r.post('/logout', (req, res) => {
    const p = principalOf(req);
    if (p) auth.logout(p);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.get('/users', requireRole('admin'), (_req, res) => {
    const body: UsersResponse = { users: auth.listUsers() };
    res.json(body);
  });

  r.post('/users', async (req, res) => {
    const input = parseBody(CreateUserRequest, req.body, '{ "username", "password", "role": "admin" | "viewer" }');
    const body: UserResponse = { user: await auth.createUser(actorOf(req), input.username, input.password, input.role) };
    res.status(201).json(body);
  });

  r.delete('/users/:name', (req, res) => {
    const name = parseInput(Username, req.params.name ?? '', `invalid username "${req.params.name ?? ''}"`, 'username');
    const body: UserResponse = { user: auth.deleteUser(actorOf(req), name) };
    res.json(body);
  });

  r.get('/tokens', requireRole('admin'), (_req, res) => {
    const body: TokensResponse = { tokens: auth.listTokens() };
    res.json(body);
  });

  r.post('/tokens', (req, res) => {
    const input = parseBody(CreateTokenRequest, req.body, '{ "name", "role": "admin" | "viewer" }');
    const body: CreatedTokenResponse = auth.createToken(actorOf(req), input.name, input.role);
    res.status(201).set('Cache-Control', 'no-store').json(body);
  });

  r.delete('/tokens/:id', (req, res) => {
    const id = parseInput(TokenIdParam, req.params.id ?? '', `invalid token id "${req.params.id ?? ''}"`, 'id');
    const body: TokenResponse = { token: auth.revokeToken(actorOf(req), id) };
    res.json(body);
  });
  return r;
}
