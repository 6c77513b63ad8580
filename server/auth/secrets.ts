/** Random secrets (session ids, CSRF tokens, API tokens), their stored hashes, constant-time compare. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_TOKEN_PATTERN } from '../../contracts/auth.ts';

/** 32 random bytes: 256 bits, beyond any guessing. */
const SECRET_BYTES = 32;
/** Marks poolwatch tokens so they can be recognised in a script or a secret scanner. */
export const API_TOKEN_PREFIX = 'pw_';

/** 43 base64url characters (no padding). */
export function randomSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret()}`;
}

export function isApiTokenFormat(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}

/**
 * Session ids and API tokens are stored as their SHA-256: high-entropy secrets need no slow hash,
 * and a copy of the database does not let anyone log in.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ (hashing first evens the lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}
