import { describe, expect, it } from 'vitest';
import { type Job, laterJob } from '../../../contracts/jobs.ts';
import { makeJob } from '../../test/pools.ts';
import { jobJustEnded, listFilterOf, mergeJobIntoList, parseJobEvent } from './job-event.ts';

const POOL = '0b5c2a9e-6a3f-4d8a-9c1e-1f2e3d4c5b6a';
const job = (over: Partial<Job> = {}): Job => makeJob({
  id: '11111111-2222-4333-8444-555555555555', kind: 'replace', poolUuid: POOL, target: 'devid 2',
  progress: { percent: 12.5, etaSeconds: 40, detail: '12.5% done' },
  argv: [['btrfs', 'replace', 'start', '2', '/dev/loop9', '/mnt2/pw-x']], startedAt: '2025-01-01T00:00:01.000Z',
  ...over,
});
const other = job({ id: '99999999-2222-4333-8444-555555555555', kind: 'scrub-start', state: 'succeeded' });

describe('parseJobEvent', () => {
  it('reads the Job the server pushes', () => {
    expect(parseJobEvent(JSON.stringify(job()))).toEqual(job());
  });
  it('returns null for anything else', () => {
    expect(parseJobEvent('{')).toBeNull();
    expect(parseJobEvent(JSON.stringify({ id: 'x' }))).toBeNull();
    expect(parseJobEvent(null)).toBeNull();
  });
});

describe('listFilterOf', () => {
  it('reads the filter apiKeys.jobList put into the key', () => {
    expect(listFilterOf(['api', 'jobs', 'list', { pool: POOL, active: true, limit: null }])).toEqual({ pool: POOL, active: true });
    expect(listFilterOf(['api', 'jobs', 'list', { pool: null, active: false, limit: 200 }])).toEqual({ pool: null, active: false });
    expect(listFilterOf(['api', 'jobs', 'list'])).toBeNull();
  });
});

describe('mergeJobIntoList', () => {
  const all = { pool: null, active: false };
  it('replaces the job where it is, keeping the order', () => {
    const moved = job({ progress: { percent: 50, etaSeconds: 20, detail: null } });
    expect(mergeJobIntoList({ jobs: [other, job()] }, moved, all)).toEqual({ jobs: [other, moved] });
  });
  it('drops an ended job from a running-only list', () => {
    expect(mergeJobIntoList({ jobs: [job()] }, job({ state: 'succeeded' }), { pool: POOL, active: true })).toEqual({ jobs: [] });
  });
  it('asks for a refetch when the job is new to a list it belongs in', () => {
    expect(mergeJobIntoList({ jobs: [other] }, job(), all)).toBe('refetch');
    expect(mergeJobIntoList({ jobs: [] }, job(), { pool: POOL.toUpperCase(), active: true })).toBe('refetch');
  });
  it('leaves lists alone that the job does not belong in', () => {
    expect(mergeJobIntoList({ jobs: [] }, job(), { pool: 'another-pool', active: false })).toBe('unchanged');
    expect(mergeJobIntoList({ jobs: [] }, job({ state: 'failed' }), { pool: null, active: true })).toBe('unchanged');
  });
});

describe('jobJustEnded', () => {
  it('is true once, on the change from active to ended', () => {
    expect(jobJustEnded(job(), job({ state: 'succeeded' }))).toBe(true);
    expect(jobJustEnded(undefined, job({ state: 'failed' }))).toBe(true);
    expect(jobJustEnded(job({ state: 'succeeded' }), job({ state: 'succeeded' }))).toBe(false);
    expect(jobJustEnded(job(), job())).toBe(false);
  });
});

describe('laterJob: answers and events arrive out of order', () => {
  it('keeps an ended copy over a running one (the answer to Run after the event of the end)', () => {
    const ended = job({ state: 'succeeded', finishedAt: '2025-01-01T00:00:02.000Z' });
    expect(laterJob(ended, job({ state: 'running' }))).toBe(ended);
    expect(laterJob(job({ state: 'running' }), job({ state: 'queued' })).state).toBe('running');
  });
  it('takes the incoming copy when it is as far or further along', () => {
    const running = job({ state: 'running', progress: { percent: 50, etaSeconds: 10, detail: '50% done' } });
    expect(laterJob(job({ state: 'running' }), running)).toBe(running);
    const failed = job({ state: 'failed', error: 'ENOSPC' });
    expect(laterJob(job({ state: 'running' }), failed)).toBe(failed);
    expect(laterJob(null, running)).toBe(running);
    expect(laterJob(other, running)).toBe(running);
  });
  it('leaves a list alone when it already holds the job ended', () => {
    const list = { jobs: [job({ state: 'succeeded' })] };
    expect(mergeJobIntoList(list, job({ state: 'running' }), { pool: null, active: false })).toBe('unchanged');
  });
});
