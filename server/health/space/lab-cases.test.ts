/**
 * The engine against what btrfs did: every case of the space experiments (fixtures/space/,
 * produced by lab/experiments/space/ on real pools; provenance per case in cases.json) is judged
 * from the capture taken just before its operation, and the verdict must match the outcome.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeviceUsage } from '../../parsers/device-usage.ts';
import { parseFiUsage } from '../../parsers/fi-usage.ts';
import type { ExportedCase } from '../../../lab/experiments/space/export.ts';
import { verdictForCase } from '../../../lab/experiments/space/verdict-for-case.ts';
import { spaceFactsOf } from './facts.ts';

const DIR = fileURLToPath(new URL('../../../fixtures/space/', import.meta.url));
const CASES = JSON.parse(readFileSync(`${DIR}cases.json`, 'utf8')) as ExportedCase[];

/**
 * Where the engine says "no" although btrfs managed: the model does not know which chunk holds
 * which data, so it assumes the worst (striped profiles, and a single→raid1 convert). Never the
 * other way round: a "fits" where btrfs failed is a failing test.
 */
const CONSERVATIVE = new Set([
  'raid10x4-1g-f35-remove-missing',
  'raid10x4-1g-f60-add-remove',
  'raid1c3x4-1g-f60-add-remove',
  'raid5x3-1g-f60-add-remove',
  'raid6x4-1g-f35-add-remove',
  'single-1g-f60-add-convert-raid1',
]);

function factsOf(c: ExportedCase) {
  const read = (kind: string) => readFileSync(`${DIR}${c.id}.${c.capture}.${kind}.txt`, 'utf8');
  const facts = spaceFactsOf(parseFiUsage(read('fi-usage')), parseDeviceUsage(read('device-usage')));
  if (!facts) throw new Error(`${c.id}: capture not in bytes`);
  return facts;
}

/** Metadata first is a safety remedy: right when the metadata balance went through and nothing went read-only. */
function realFit(c: ExportedCase): 'yes' | 'no' {
  const metaFirst = c.case.steps.some((s) => s.op === 'balance' && s.args.length === 1 && s.args[0] === '-m');
  if (metaFirst) return c.steps.find((s) => s.step === 'balance -m')?.exitCode === 0 && c.outcome !== 'read-only' ? 'yes' : 'no';
  return c.outcome === 'ok' ? 'yes' : 'no';
}

const judged = CASES.map((c) => ({ c, v: verdictForCase(c.case, factsOf(c)) })).filter((x) => x.v !== null);

describe('space engine vs btrfs on real pools (fixtures/space)', () => {
  it('judges most of the recorded cases, of every operation', () => {
    expect(judged.length).toBeGreaterThanOrEqual(140);
    expect(new Set(judged.map((x) => x.v!.operation))).toEqual(new Set(['replace', 'remove-missing', 'add-then-remove', 'remove-device', 'convert', 'full-balance']));
  });

  for (const { c, v } of judged) {
    it(`${c.id}: btrfs ${c.outcome}`, () => {
      const real = realFit(c);
      if (real === 'no') expect(v!.fits, v!.why).not.toBe('yes');
      if (CONSERVATIVE.has(c.id)) expect(v!.fits, v!.why).toBe('no');
      else if (v!.fits === 'unknown') {
        // "May not fit, and would stop cleanly": only data moves. btrfs must not have gone read-only.
        expect(v!.failure).toBe('enospc');
        expect(c.outcome).not.toBe('read-only');
      } else expect(v!.fits, v!.why).toBe(real);
      // A pool btrfs forced read-only is never called a clean stop.
      if (c.outcome === 'read-only' && !c.case.steps.some((s) => s.op === 'balance' && s.args[0] === '-m')) expect(v!.failure).toBe('read-only');
    });
  }

  it('lists no conservative case that btrfs did not in fact manage', () => {
    for (const id of CONSERVATIVE) expect(CASES.find((c) => c.id === id)?.outcome, id).toBe('ok');
  });
});
