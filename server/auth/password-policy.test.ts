import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS_FILE, passwordProblem } from './password-policy.ts';

describe('passwordProblem', () => {
  it('ships 10,000 common passwords with their source and license', () => {
    const text = readFileSync(COMMON_PASSWORDS_FILE, 'utf8');
    expect(text).toContain('zxcvbn 4.4.2');
    expect(text).toContain('Permission is hereby granted');
    expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(10_000);
  });

  it.each([
    ['123qweasdzxc', /most common/],
    ['1q2w3e4r5t6y', /most common/],
    ['QWERTY123456', /most common/],
    ['sunshine2024!!', /common password \("sunshine"\) with digits/],
    ['Password123456', /common password \("password"\)/],
    ['aaaaaaaaaaaa', /repeats/],
    ['abababababab', /repeats/],
    ['abcdefghijklm', /run/],
    ['9876543210987', /run/],
    ['qwertyuiopasdf', /run|common/],
    ['alice-2026-!!', /mostly the username/],
    ['poolwatch2026!', /mostly the username or "poolwatch"/],
    ['admin-poolwatch-1', /mostly/],
  ])('refuses %s', (password, why) => {
    expect(passwordProblem(password, 'alice')).toMatch(why);
  });

  it.each(['correct horse battery staple', 'poolwatch-e2e-admin-pw', 'mv9#Lq2!xT7z', 'the viewer of pools'])('accepts %s', (password) => {
    expect(passwordProblem(password, 'admin')).toBeNull();
  });
});
