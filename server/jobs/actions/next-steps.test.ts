import { describe, expect, it } from 'vitest';
import type { Job } from '../../../contracts/jobs.ts';
import { healthyRaid1Of3, makePool, raid1Of3MissingDegradedRw } from '../../test-support/pools.ts';
import { nextStepsAfter } from './next-steps.ts';

const job = (over: Partial<Job>): Job => ({
  id: 'j', kind: 'replace', poolUuid: 'u', target: null, state: 'succeeded', exclusive: true, cancellable: false,
  progress: { percent: 100, etaSeconds: null, detail: null }, argv: [], stdout: '', stderr: '', log: [], exitCode: 0, error: null,
  createdBy: 'alice', createdAt: '', startedAt: '', finishedAt: '', nextSteps: [], result: null, ...over,
});

describe('nextStepsAfter', () => {
  it('after a replace: mixed profiles → soft convert to the intended profile; slack → resize max; then scrub', () => {
    const pool = makePool({ profiles: { data: ['raid1', 'single'], metadata: ['raid1'], system: ['raid1', 'single'] } });
    expect(nextStepsAfter(job({}), { pool, mixedProfiles: true, slack: [{ devid: 2, slackBytes: 1024 ** 3 }] })).toEqual([
      "Mixed profiles: some chunks lack the pool's redundancy. Re-establish it with a soft convert balance to raid1 (data) / raid1 (metadata) (\"Balance\", kind \"Convert, soft\").",
      'devid 2 leaves 1 GiB of its disk unused: resize it to max.',
      'Run a scrub to verify every copy.',
    ]);
  });
  it('a member still missing is named', () => {
    expect(nextStepsAfter(job({ kind: 'balance-start' }), { pool: raid1Of3MissingDegradedRw(), mixedProfiles: false, slack: [] })[0]).toBe('devid 3 still missing: replace or remove it.');
  });
  it('after a scrub: what the counts mean', () => {
    const scrub = (corrected: number, uncorrectable: number) => job({
      kind: 'scrub-start',
      result: { summary: '', scrub: { state: 'finished', bytesScrubbed: 1, durationSeconds: 1, errorsFound: corrected + uncorrectable, corrected, uncorrectable, unverified: 0, read: 0, csum: corrected + uncorrectable, verify: 0, super: 0 } },
    });
    const facts = { pool: healthyRaid1Of3(), mixedProfiles: false, slack: [] };
    expect(nextStepsAfter(scrub(0, 0), facts)).toEqual(['No errors found: nothing to do.']);
    expect(nextStepsAfter(scrub(3, 0), facts)[0]).toMatch(/^3 errors were corrected/);
    expect(nextStepsAfter(scrub(1, 0), facts)[0]).toMatch(/^1 error was corrected/);
    expect(nextStepsAfter(scrub(3, 2), facts)[0]).toMatch(/^2 errors could not be corrected: .* restore them from backup/);
    expect(nextStepsAfter(scrub(0, 1), facts)[0]).toMatch(/^1 error could not be corrected/);
    expect(nextStepsAfter({ ...scrub(0, 0), state: 'cancelled' }, facts)).toEqual(['The scrub can be resumed from where it stopped: "Resume the scrub".']);
  });
  it('names the buttons to press, never internal action names', () => {
    const mounted = { pool: raid1Of3MissingDegradedRw(), mixedProfiles: true, slack: [] };
    const all = [
      ...nextStepsAfter(job({ kind: 'mount-degraded-ro' }), mounted),
      ...nextStepsAfter(job({ kind: 'add-devices' }), mounted),
      ...nextStepsAfter(job({ kind: 'balance-pause' }), mounted),
      ...nextStepsAfter(job({ kind: 'balance-start' }), mounted),
    ].join(' ');
    expect(all).toContain('"Remount read-write, degraded"');
    expect(all).toContain('"Remove the missing member"');
    expect(all).toContain('"Resume the balance"');
    expect(all).not.toMatch(/\((mount-degraded-ro|remount-degraded-rw|remove-missing|balance-[a-z]+|scrub-[a-z]+|convert-soft)[,)]|\(s\)/);
  });
  it('after a failure: read the error first; no scrub advice', () => {
    const steps = nextStepsAfter(job({ state: 'failed' }), { pool: healthyRaid1Of3(), mixedProfiles: false, slack: [] });
    expect(steps).toEqual(['Read the error and the command output of this job (and the kernel log lines it quotes), fix the cause, then run the action again.']);
  });
  it('after adding a disk: remove the missing member, or spread the data', () => {
    expect(nextStepsAfter(job({ kind: 'add-devices' }), { pool: raid1Of3MissingDegradedRw(), mixedProfiles: false, slack: [] })[0]).toMatch(/remove the missing member/);
    expect(nextStepsAfter(job({ kind: 'add-devices' }), { pool: healthyRaid1Of3(), mixedProfiles: false, slack: [] })[0]).toMatch(/full balance/);
  });
});
