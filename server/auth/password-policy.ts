/**
 * Which new passwords poolwatch refuses beyond the length rule: the common ones (the 10,000 most
 * common of zxcvbn's list, shipped in common-passwords.txt beside this file — nothing is downloaded),
 * those that are a common one with digits or symbols tacked on, one or two repeated characters, a
 * keyboard or alphabet run, and the username, "admin" or "poolwatch" with little else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Beside this module in the checkout (server/auth) and in the build (dist/server: scripts/build.mjs copies it). */
export const COMMON_PASSWORDS_FILE = join(import.meta.dirname, 'common-passwords.txt');

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(COMMON_PASSWORDS_FILE, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
  return common;
}

const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** True when every character continues one of the runs above (forwards or backwards), wrapping around. */
function isRun(s: string): boolean {
  return RUNS.some((run) => {
    for (const r of [run, [...run].reverse().join('')]) {
      const doubled = r + r;
      let ok = true;
      for (let i = 1; i < s.length && ok; i++) ok = doubled.includes(s.slice(i - 1, i + 1));
      if (ok) return true;
    }
    return false;
  });
}

/** Why this password may not be used, in words; null when it may. */
export function passwordProblem(password: string, username?: string): string | null {
  const p = password.normalize('NFC').toLowerCase();
  const list = commonPasswords();
  if (list.has(p)) return 'this password is one of the most common passwords; choose another';
  const base = p.replace(/[\d\W_]+$/u, '');
  if (base.length >= 4 && base !== p && list.has(base)) return `this password is a common password ("${base}") with digits or symbols added; choose another`;
  if (new Set(p).size <= 2) return 'this password repeats one or two characters; choose another';
  if (isRun(p)) return 'this password is a run of keys or letters; choose another';
  // What is left once the username and the product's name are taken out: digits and symbols around them are no secret.
  let rest = p;
  for (const word of [username?.toLowerCase() ?? '', 'poolwatch', 'admin']) if (word.length >= 3) rest = rest.split(word).join('');
  if (rest.replace(/[\d\W_]+/gu, '').length < 4) return 'this password is mostly the username or "poolwatch"; choose another';
  return null;
}
