import { describe, expect, it } from 'vitest';
import type { Job } from '../../contracts/jobs.ts';
import { repairAndScrub } from './pool-views.ts';

const job = (kind: string, finishedAt: string, extra: Partial<Job> = {}): Job =>
  ({ kind, state: 'succeeded', finishedAt, target: null, result: null, ...extra }) as unknown as Job;

describe('repairAndScrub', () => {
  it('the newest repair that restored redundancy and the newest scrub that left nothing uncorrected', () => {
    const jobs = [
      job('scrub-start', '2026-12-03T12:00:00Z', { result: { summary: '', scrub: { uncorrectable: 2 } } as Job['result'] }),
      job('replace', '2026-12-03T11:00:00Z'),
      job('balance-start', '2026-12-03T10:30:00Z', { target: 'full balance' }),
      job('scrub-start', '2026-12-02T10:00:00Z', { result: { summary: '', scrub: { uncorrectable: 0 } } as Job['result'] }),
      job('remove-missing', '2026-12-01T10:00:00Z'),
    ];
    expect(repairAndScrub(jobs)).toEqual({ repairedAt: '2026-12-03T11:00:00Z', scrubbedAt: '2026-12-02T10:00:00Z' });
  });
  it('failed jobs do not count; a convert back does', () => {
    expect(repairAndScrub([job('replace', '2026-12-03T11:00:00Z', { state: 'failed' }), job('balance-start', '2026-12-03T10:00:00Z', { target: 'convert to raid1/raid1' })]))
      .toEqual({ repairedAt: '2026-12-03T10:00:00Z', scrubbedAt: null });
  });
});
