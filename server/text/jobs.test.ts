/**
 * The job actions' wording lives in server/text/jobs.ts: the actions moved there write no prose of
 * their own (a string of three or more words outside a comment is prose), and the table's own
 * sentences keep the house rules (no "(s)" plurals, no doubled spaces, no empty entries).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BALANCE_TEXT, COUNTERS_TEXT, MOUNT_TEXT, NEXT_STEP_TEXT, REFUSAL_TEXT, REPLACE_TEXT, SCRUB_TEXT, WIPE_TEXT } from './jobs.ts';

const ACTIONS = join(import.meta.dirname, '..', 'jobs', 'actions');
/** The action files whose sentences are in the text module. */
const MOVED = ['next-steps.ts', 'mount.ts', 'scrub.ts', 'counters.ts', 'wipe.ts', 'balance.ts', 'replace.ts'];

/** String and template literals of a source file, comments removed (good enough for this code base's style). */
function literals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
  return [...code.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((m) => m[1] ?? m[2] ?? '');
}

const prose = (s: string) => s.replace(/\$\{[^}]*\}/g, ' ').trim().split(/\s+/).filter((w) => /[a-z]/i.test(w)).length >= 3;

function sentences(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(sentences);
  if (typeof value === 'function') return [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(sentences);
  return [];
}

describe('job action wording in one place', () => {
  it.each(MOVED)('%s writes no prose of its own', (file) => {
    const found = literals(readFileSync(join(ACTIONS, file), 'utf8')).filter((s) => prose(s) && !s.includes('../'));
    expect(found).toEqual([]);
  });

  it('fixed sentences keep the house rules', () => {
    const all = sentences({ BALANCE_TEXT, COUNTERS_TEXT, MOUNT_TEXT, NEXT_STEP_TEXT, REFUSAL_TEXT, REPLACE_TEXT, SCRUB_TEXT, WIPE_TEXT });
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      expect(s.trim(), s).not.toBe('');
      expect(s, s).not.toMatch(/\(s\)|\s{2}/);
    }
  });

  it('filled sentences read as sentences', () => {
    expect(NEXT_STEP_TEXT.stillMissing([3], 1)).toBe('devid 3 still missing: replace or remove it.');
    expect(NEXT_STEP_TEXT.stillMissing([], 2)).toBe('2 members still missing: replace or remove them.');
    expect(NEXT_STEP_TEXT.scrubCorrected(1)).toBe('1 error was corrected from good copies: watch the members\' error counters and SMART data.');
    expect(MOUNT_TEXT.plainMountMissing('pw-a', 1)).toBe('pool pw-a misses 1 member: a plain mount would fail; mount it read-only, degraded first');
    expect(REFUSAL_TEXT.alreadyMounted('pw-a', null)).toBe('pool pw-a is already mounted');
    expect(WIPE_TEXT.warningPreview([])).toBe('wipefs --no-act found no signature to erase');
  });
});
