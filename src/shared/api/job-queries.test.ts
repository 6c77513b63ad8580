import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../contracts/jobs.ts';
import { makeJob } from '../../test/pools.ts';
import { jobListOptions, jobOptions as jobQuery, keepLaterJobs } from './job-queries.ts';
import { apiKeys } from './keys.ts';

const POOL = '0b5c2a9e-6a3f-4d8a-9c1e-1f2e3d4c5b6a';
const job = (over: Partial<Job> = {}): Job => makeJob({
  id: '11111111-2222-4333-8444-555555555555', kind: 'replace', poolUuid: POOL, target: 'devid 2',
  progress: { percent: 12.5, etaSeconds: 40, detail: '12.5% done' }, startedAt: '2025-01-01T00:00:01.000Z',
  ...over,
});
const other = job({ id: '99999999-2222-4333-8444-555555555555', kind: 'scrub-start', state: 'succeeded' });

describe('jobQuery: a GET sent before the end never undoes it', () => {
  it('keeps the pushed end when a slower answer says running', async () => {
    const client = new QueryClient();
    const ended = job({ state: 'succeeded' });
    client.setQueryData(apiKeys.job(ended.id), { job: ended });
    const options = jobQuery(ended.id);
    await client.fetchQuery({ ...options, queryFn: () => Promise.resolve({ job: job({ state: 'running' }) }), staleTime: 0 });
    expect(client.getQueryData<{ job: Job }>(apiKeys.job(ended.id))?.job.state).toBe('succeeded');
    // Even a write of the cache through the query's options cannot undo the end.
    client.setQueryData(apiKeys.job(ended.id), { job: job({ state: 'running' }) });
    expect(client.getQueryData<{ job: Job }>(apiKeys.job(ended.id))?.job.state).toBe('succeeded');
  });
  it('takes a newer running copy (progress moves on)', async () => {
    const client = new QueryClient();
    const later = job({ id: 'a2', state: 'running', progress: { percent: 80, etaSeconds: 2, detail: '80% done' } });
    client.setQueryData(apiKeys.job(later.id), { job: job({ id: 'a2', state: 'running' }) });
    await client.fetchQuery({ ...jobQuery(later.id), queryFn: () => Promise.resolve({ job: later }), staleTime: 0 });
    expect(client.getQueryData<{ job: Job }>(apiKeys.job(later.id))?.job.progress.percent).toBe(80);
  });
});

describe('job lists: a list fetched before the end never undoes it', () => {
  it('keeps the ended copy the cache holds (the pool page would say "a job holds this pool" forever)', () => {
    const ended = job({ state: 'succeeded' });
    const fetched = { jobs: [job({ state: 'running' }), other] };
    const kept = keepLaterJobs({ jobs: [ended, other] }, fetched);
    expect(kept.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    expect(kept.jobs[0]).toBe(ended);
  });
  it('takes the fetched list as it is when nothing in it is behind the cache', () => {
    const fetched = { jobs: [job({ state: 'failed' })] };
    expect(keepLaterJobs({ jobs: [job({ state: 'running' })] }, fetched)).toBe(fetched);
    expect(keepLaterJobs(undefined, fetched)).toBe(fetched);
  });
  it('goes through the list query options, so a slow fetch cannot undo a pushed end', async () => {
    const client = new QueryClient();
    const key = apiKeys.jobList({ pool: POOL, limit: 20 });
    client.setQueryData(key, { jobs: [job({ state: 'succeeded' })] });
    await client.fetchQuery({ ...jobListOptions(key, '/unused'), queryFn: () => Promise.resolve({ jobs: [job({ state: 'running' })] }), staleTime: 0 });
    expect(client.getQueryData<{ jobs: Job[] }>(key)?.jobs[0]?.state).toBe('succeeded');
  });
});
