import { describe, expect, it } from 'vitest';
import { burnVerifyTime, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './password.ts';

describe('password hashing (scrypt)', () => {
  it('stores the parameters, a salt and the key, and verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('uses a fresh salt each time: the same password never gives the same hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password 123'), hashPassword('same password 123')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('is memory-hard: at least N=2^15, r=8', () => {
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 15);
    expect(SCRYPT_PARAMS.r).toBeGreaterThanOrEqual(8);
  });

  it('verifies hashes made with other (older) parameters and says they need a rehash', async () => {
    const weak = await hashPassword('an older password', { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword('an older password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('a current password'))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$12$abcdefghijklmnopqrstuv'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['N beyond the memory bound', `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5`],
    ['too few fields', 'scrypt$32768$8$1$c2FsdA'],
  ])('never matches a malformed stored hash (%s) and never throws', async (_what, stored) => {
    expect(await verifyPassword('whatever password', stored)).toBe(false);
  });

  it('spends verify time for unknown users and answers false', async () => {
    expect(await burnVerifyTime('guess')).toBe(false);
  });
});
