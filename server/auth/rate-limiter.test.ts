import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './rate-limiter.ts';

const MIN = 60_000;

function limiter() {
  let t = 1_000_000;
  const clock = { advance: (ms: number) => (t += ms) };
  const l = new LoginRateLimiter({ perAccount: { maxFailures: 5, windowMs: 15 * MIN }, perIp: { maxFailures: 20, windowMs: 15 * MIN }, now: () => t });
  return { l, clock };
}

describe('LoginRateLimiter', () => {
  it('allows five failures for one account from one address, then refuses with the wait', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check('10.0.0.1', 'admin').allowed).toBe(true);
      l.recordFailure('10.0.0.1', 'admin');
      clock.advance(MIN);
    }
    // First failure was 5 min ago; it ages out of the 15 min window in 10 min.
    expect(l.check('10.0.0.1', 'admin')).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(l.check('10.0.0.1', 'ADMIN').allowed).toBe(false);
    // Another address, or another account from the same address, is not blocked.
    expect(l.check('10.0.0.2', 'admin').allowed).toBe(true);
    expect(l.check('10.0.0.1', 'bob').allowed).toBe(true);
  });

  it('lets the account try again once failures leave the sliding window', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure('10.0.0.1', 'admin');
    clock.advance(15 * MIN - 1);
    expect(l.check('10.0.0.1', 'admin').allowed).toBe(false);
    clock.advance(1);
    expect(l.check('10.0.0.1', 'admin').allowed).toBe(true);
  });

  it('clears the account count on success', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure('10.0.0.1', 'admin');
    l.recordSuccess('10.0.0.1', 'admin');
    for (let i = 0; i < 4; i++) l.recordFailure('10.0.0.1', 'admin');
    expect(l.check('10.0.0.1', 'admin').allowed).toBe(true);
  });

  it('does not count attempts that turned out right, however many (the address stays free)', () => {
    const { l } = limiter();
    for (let i = 0; i < 25; i++) {
      expect(l.check('10.0.0.7', 'admin').allowed).toBe(true);
      l.recordSuccess('10.0.0.7', 'admin', l.recordFailure('10.0.0.7', 'admin'));
    }
    expect(l.check('10.0.0.7', 'admin').allowed).toBe(true);
    expect(l.check('10.0.0.7', 'someone-else').allowed).toBe(true);
  });

  it('blocks an address that tries many usernames, and a success elsewhere does not lift that', () => {
    const { l } = limiter();
    for (let i = 0; i < 20; i++) l.recordFailure('10.0.0.9', `user${i}`);
    expect(l.check('10.0.0.9', 'someone-new')).toMatchObject({ allowed: false });
    l.recordSuccess('10.0.0.9', 'user1');
    expect(l.check('10.0.0.9', 'user1').allowed).toBe(false);
    expect(l.check('10.0.0.10', 'user1').allowed).toBe(true);
  });

  it('forgets addresses whose failures expired, so memory stays bounded', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 50; i++) l.recordFailure(`10.0.1.${i}`, 'admin');
    expect(l.size).toBe(100);
    clock.advance(16 * MIN);
    for (let i = 0; i < 50; i++) l.check(`10.0.1.${i}`, 'admin');
    expect(l.size).toBe(0);
  });
});
