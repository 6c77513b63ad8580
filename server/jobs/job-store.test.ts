/** The journal reads rows written by other poolwatch versions: unknown values are kept, nothing throws. */
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.ts';
import { FakeClock } from '../test-support/clock.ts';
import { makeJob } from '../test-support/pools.ts';
import { JobStore } from './job-store.ts';

const ID = '22222222-3333-4444-8555-666666666666';

function withRow(job: string, state = 'running') {
  const db = openDb(':memory:', new FakeClock());
  db.prepare('INSERT INTO jobs (id, kind, pool_uuid, state, created_at, job, kernel_op) VALUES (?, ?, ?, ?, ?, ?, ?)').run(ID, 'x', null, state, '2026-01-01T00:00:00.000Z', job, null);
  return new JobStore(db);
}

describe('JobStore reading rows of other versions', () => {
  it('keeps a kind and a state it does not know, shown as unknown with the values as written', () => {
    const store = withRow(JSON.stringify({ ...makeJob({ id: ID }), kind: 'defragment', state: 'paused' }), 'paused');
    const job = store.get(ID)!.job;
    expect(job).toMatchObject({ id: ID, kind: 'unknown', state: 'unknown', unrecognized: { kind: 'defragment', state: 'paused' } });
    expect(store.list().map((j) => j.id)).toEqual([ID]);
    expect(store.list({ active: true })).toEqual([]);
  });

  it('fills fields an older version did not write, and keeps what it did', () => {
    const { result: _r, nextSteps: _n, cancellable: _c, ...old } = makeJob({ id: ID, kind: 'scrub-start', state: 'succeeded', stdout: 'done\n' });
    const job = withRow(JSON.stringify(old), 'succeeded').get(ID)!.job;
    expect(job).toMatchObject({ kind: 'scrub-start', state: 'succeeded', stdout: 'done\n', result: null, nextSteps: [], cancellable: false });
    expect(job.unrecognized).toBeUndefined();
  });

  it('turns an unreadable row into an unknown job instead of failing the list or a restart', () => {
    const store = withRow('{ not json');
    expect(store.get(ID)!.job).toMatchObject({ id: ID, kind: 'unknown', state: 'unknown' });
    expect(store.unfinished().map((e) => e.job.id)).toEqual([ID]);
  });
});
