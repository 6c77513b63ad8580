import { describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, constantTimeEqual, isApiTokenFormat, newApiToken, randomSecret, sha256Hex } from './secrets.ts';

describe('secrets', () => {
  it('makes API tokens as pw_ and 43 base64url characters (256 bits)', () => {
    const t = newApiToken();
    expect(t.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(t).toMatch(/^pw_[A-Za-z0-9_-]{43}$/);
    expect(isApiTokenFormat(t)).toBe(true);
    expect(newApiToken()).not.toBe(t);
  });

  it.each([
    ['no prefix', 'A'.repeat(43)],
    ['wrong prefix', `pk_${'A'.repeat(43)}`],
    ['too short', `pw_${'A'.repeat(42)}`],
    ['too long', `pw_${'A'.repeat(44)}`],
    ['not base64url', `pw_${'+'.repeat(43)}`],
    ['empty', ''],
  ])('rejects a malformed token (%s)', (_what, value) => {
    expect(isApiTokenFormat(value)).toBe(false);
  });

  it('makes distinct random secrets', () => {
    const seen = new Set(Array.from({ length: 100 }, randomSecret));
    expect(seen.size).toBe(100);
  });

  it('hashes with SHA-256 as hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares strings exactly, whatever their lengths', () => {
    expect(constantTimeEqual('token-value', 'token-value')).toBe(true);
    expect(constantTimeEqual('token-value', 'token-valuE')).toBe(false);
    expect(constantTimeEqual('token-value', 'token-value-longer')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
