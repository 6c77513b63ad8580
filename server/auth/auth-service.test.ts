import { describe, expect, it } from 'vitest';
import { ConflictError, TooManyRequestsError, UnauthorizedError } from '../errors.ts';
import { FakeClock } from '../test-support/clock.ts';
import { testGraph } from '../test-support/graph.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from './auth-service.ts';
import { hashPassword } from './password.ts';
import { sha256Hex } from './secrets.ts';

function service() {
  const clock = new FakeClock('2026-03-01T00:00:00.000Z');
  const g = testGraph({ clock });
  return { db: g.db, auth: g.auth, clock, audit: g.stores.audit };
}

// Each login is a real scrypt hash (32 MiB, ~100 ms, at most POOLWATCH_MAX_PARALLEL_HASHES at once): seconds on a loaded two-core machine.
describe('AuthService', { timeout: 30_000 }, () => {
  it('creates the first admin from the environment once, and never resets the password after', async () => {
    const { auth, audit } = service();
    expect(auth.setupRequired()).toBe(true);
    expect(await auth.bootstrapAdmin('admin', 'first password 1')).toBe(true);
    expect(auth.setupRequired()).toBe(false);
    expect(await auth.bootstrapAdmin('admin', 'another password 2')).toBe(false);
    await expect(auth.login('admin', 'another password 2', '10.0.0.1')).rejects.toThrow(UnauthorizedError);
    expect((await auth.login('admin', 'first password 1', '10.0.0.1')).user).toEqual({ name: 'admin', role: 'admin' });
    expect(audit.list().at(-1)).toMatchObject({ actor: 'system', action: 'user.create', target: 'admin', outcome: 'ok' });
  });

  it('counts parallel wrong guesses before the slow password check, so a burst cannot slip past the limit', async () => {
    const { auth } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    const burst = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => auth.login('admin', `guess number ${i}`, '10.0.0.9')));
    const reasons = burst.map((r) => (r as PromiseRejectedResult).reason);
    expect(reasons.filter((e) => e instanceof UnauthorizedError)).toHaveLength(5);
    expect(reasons.filter((e) => e instanceof TooManyRequestsError)).toHaveLength(7);
    // The right password is refused too while the account is blocked.
    await expect(auth.login('admin', 'first password 1', '10.0.0.9')).rejects.toThrow(TooManyRequestsError);
  });

  // Each login is a real scrypt hash (32 MiB): seconds on a busy two-core machine. The count is tested, not the speed.
  it('does not count successful logins against the account (the limiter test covers the address rule)', { timeout: 60_000 }, async () => {
    const { auth } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    // One more than the per-account limit of failures: each must still log in.
    for (let i = 0; i < 6; i++) expect((await auth.login('admin', 'first password 1', '10.0.0.7')).user.name).toBe('admin');
    await expect(auth.login('admin', 'wrong password', '10.0.0.7')).rejects.toThrow(UnauthorizedError);
  });

  it('lets only one of two racing first-run setups win', async () => {
    const { auth } = service();
    const token = auth.setupToken()!;
    const results = await Promise.allSettled([auth.setup('alice', 'alice password 1', token, 'a'), auth.setup('bob', 'bob password 123', token, 'b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(auth.listUsers()).toHaveLength(1);
  });

  it('ends a session in constant use after the maximum lifetime', async () => {
    const { auth, clock } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    const s = await auth.login('admin', 'first password 1', 'ip');
    const end = clock.nowMs() + SESSION_MAX_MS;
    while (clock.nowMs() + SESSION_IDLE_MS / 2 < end) {
      clock.set(clock.nowMs() + SESSION_IDLE_MS / 2);
      expect(auth.resolveSession(s.id)).not.toBeNull();
    }
    clock.set(end);
    expect(auth.resolveSession(s.id)).toBeNull();
  });

  it('rehashes a password stored with weaker parameters at the next login', async () => {
    const { auth, db } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    db.prepare('UPDATE users SET password_hash = ?').run(await hashPassword('first password 1', { N: 2 ** 10, r: 8, p: 1 }));
    await auth.login('admin', 'first password 1', 'ip');
    expect(String((db.prepare('SELECT password_hash FROM users').get() as { password_hash: string }).password_hash)).toMatch(/^scrypt\$32768\$/);
  });

  it('keeps only hashes of session ids and tokens', async () => {
    const { auth, db } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    const s = await auth.login('admin', 'first password 1', 'ip');
    const { secret } = auth.createToken('admin', 'backup', 'viewer');
    expect(db.prepare('SELECT id_hash FROM sessions').get()).toEqual({ id_hash: sha256Hex(s.id) });
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(secret);
  });

  it('writes last-used at most once a minute, so polling scripts do not write on every read', () => {
    const { auth, clock } = service();
    const { token, secret } = auth.createToken('cli', 'poller', 'viewer');
    auth.resolveToken(secret);
    const first = auth.listTokens().find((t) => t.id === token.id)!.lastUsedAt;
    clock.set(clock.nowMs() + 30_000);
    auth.resolveToken(secret);
    expect(auth.listTokens()[0]!.lastUsedAt).toBe(first);
    clock.set(clock.nowMs() + 31_000);
    auth.resolveToken(secret);
    expect(auth.listTokens()[0]!.lastUsedAt).not.toBe(first);
  });

  it('audits a flood of rate-limited logins once a minute per address, not once per attempt', async () => {
    const { auth, audit, clock } = service();
    await auth.bootstrapAdmin('admin', 'first password 1');
    for (let i = 0; i < 5; i++) await expect(auth.login('admin', 'wrong', 'ip')).rejects.toThrow(UnauthorizedError);
    for (let i = 0; i < 10; i++) await expect(auth.login('admin', 'wrong', 'ip')).rejects.toThrow(TooManyRequestsError);
    clock.set(clock.nowMs() + 61_000);
    await expect(auth.login('admin', 'wrong', 'ip')).rejects.toThrow(/try again in 14 minutes/);
    const limited = audit.list().filter((e) => (e.details as { reason?: string } | null)?.reason === 'rate-limited');
    expect(limited).toHaveLength(2);
  });
});
