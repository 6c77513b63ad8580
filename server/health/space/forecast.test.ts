import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PoolSpace } from '../../../contracts/space.ts';
import { parseDeviceUsage } from '../../parsers/device-usage.ts';
import { parseFiUsage } from '../../parsers/fi-usage.ts';
import { makePool } from '../../test-support/pools.ts';
import { spaceFactsOf, type SpaceFacts } from './facts.ts';
import { failuresTolerated, resilienceForecast } from './forecast.ts';
import { poolSpace } from './pool-space.ts';

const DIR = fileURLToPath(new URL('../../../fixtures/space/', import.meta.url));
const MiB = 1024 * 1024;

/** A capture of fixtures/space (real pools; see cases.json for how each was made). */
function facts(id: string, tag = 'before'): SpaceFacts {
  const read = (kind: string) => readFileSync(`${DIR}${id}.${tag}.${kind}.txt`, 'utf8');
  return spaceFactsOf(parseFiUsage(read('fi-usage')), parseDeviceUsage(read('device-usage')))!;
}

describe('resilienceForecast', () => {
  it('healthy 3 × 1 GiB raid1 at 35 %: any member may fail, and a replace would fit', () => {
    const f = facts('raid1x3-1g-f35-healthy-remove-devid3');
    expect(failuresTolerated(f)).toBe(1);
    const forecast = resilienceForecast(f);
    expect(forecast.map((x) => [x.devid, x.outcome, x.replace?.fits])).toEqual([[1, 'stays-mountable', 'yes'], [2, 'stays-mountable', 'yes'], [3, 'stays-mountable', 'yes']]);
    // Survivors of devid 3 failing: devid 1 (384 MiB) + devid 2 (286.4 MiB) > 2 × 10 % of their 2 GiB.
    expect(forecast[2]!.replace).toMatchObject({ neededBytes: 2 * Math.floor((2 * 1024 * MiB) / 10) + 1, availableBytes: 402653184 + 300351488 });
    expect(forecast[2]!.text).toMatch(/^If devid 3 \(\/dev\/loop\d+\) failed now, the pool would stay mountable \(degraded\)\. .* they have 670 MiB: a replace would fit\.$/);
  });

  it('healthy at 60 %: the pool survives any one failure; replacing a member that holds the system chunk would not fit', () => {
    const forecast = resilienceForecast(facts('raid1x3-1g-f60-healthy-remove-devid3'));
    expect(forecast.every((x) => x.outcome === 'stays-mountable')).toBe(true);
    // devid 1 holds only data chunks: nothing needs the metadata overcommit (lab: raid1x3pull1-*).
    expect(forecast.map((x) => [x.devid, x.replace?.fits])).toEqual([[1, 'yes'], [2, 'no'], [3, 'no']]);
    expect(forecast[1]!.text).toMatch(/they have 385 MiB: a replace would not fit \(/);
    expect(forecast[0]!.text).toMatch(/needs no unallocated space \(the member holds only data chunks\): a replace would fit\.$/);
  });

  it('a degraded raid1: losing another member loses the pool', () => {
    const forecast = resilienceForecast(facts('raid1x3-1g-f35-replace'));
    expect(forecast.map((x) => [x.devid, x.outcome, x.replace])).toEqual([[1, 'lost', null], [2, 'lost', null]]);
    expect(forecast[0]!.text).toBe('If devid 1 (/dev/loop0) failed now, the pool would be lost: raid1 survives 1 missing member, and devid 3 is already missing.'.replace('/dev/loop0', forecast[0]!.path ?? ''));
  });

  it('puts a failing member first', () => {
    const forecast = resilienceForecast(facts('raid1x3-1g-f35-healthy-remove-devid3'), { failingDevids: [2] });
    expect(forecast.map((x) => [x.devid, x.failing])).toEqual([[2, true], [1, false], [3, false]]);
  });
});

describe('poolSpace', () => {
  it('on a degraded pool: replace, remove-missing and add-then-remove, with the mount point in remedy commands', () => {
    const f = facts('raid1x3-1g-f60-replace');
    const pool = makePool({ mounted: true, mountPoint: '/mnt2/tank', profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] } });
    const space = PoolSpace.parse(poolSpace(pool, f, { spareSizes: [1024 * MiB] }));
    expect(space.verdicts.map((v) => [v.operation, v.fits])).toEqual([['replace', 'no'], ['remove-missing', 'no'], ['add-then-remove', 'no']]);
    const commands = space.verdicts.flatMap((v) => v.remedies.flatMap((r) => r.commands));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).not.toContain('<mnt>');
    expect(commands.some((c) => c.at(-1) === '/mnt2/tank')).toBe(true);
  });

  it('without usage numbers: says why, judges nothing', () => {
    const space = poolSpace(makePool({ mounted: false, mountPoint: null }), null, { spareSizes: [] });
    expect(space).toEqual({ usage: null, unknownReason: expect.stringMatching(/not mounted/), verdicts: [], forecast: [] });
  });
});
