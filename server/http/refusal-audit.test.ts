/**
 * Nothing the admin did is lost: imports and refused changes reach the audit log, once each.
 * The app runs over a replayed real machine state (fixtures/lab/host-spare.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/clock.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';
import type { HostRecording } from '../test-support/recording-host.ts';

const cap = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', 'host-spare.json'), 'utf8')) as {
  broken: HostRecording; labPools: Record<string, { uuid: string; label: string }>;
};
const POOL = cap.labPools.spare!;

describe('audit of imports and refusals', () => {
  let graph: TestGraph;
  let served: Served;
  let base: string;
  let admin = '';
  let viewer = '';

  beforeAll(async () => {
    graph = testGraph({ host: FakeHost.fromRecording(cap.broken), clock: new FakeClock('2026-11-26T12:00:00Z'), config: { fullScanSeconds: 3600 } });
    ({ admin, viewer } = apiTokens(graph));
    served = await serve(graph);
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
  });

  const put = (path: string, body: unknown, token = admin) =>
    fetch(`${base}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const entries = () => graph.stores.audit.list({ limit: 50 });

  it('records importing and un-managing a pool', async () => {
    expect((await put(`/api/pools/${POOL.uuid}/manage`, { managed: true })).status).toBe(200);
    expect((await put(`/api/pools/${POOL.uuid}/manage`, { managed: false })).status).toBe(200);
    const [unmanage, imported] = entries();
    expect(imported).toMatchObject({ action: 'pool.import', actor: 'token:admin-token', poolUuid: POOL.uuid, target: POOL.label, outcome: 'ok' });
    expect(unmanage).toMatchObject({ action: 'pool.unmanage', outcome: 'ok' });
  });

  it('records a refused change: bad body, unknown pool, wrong role', async () => {
    const before = entries().length;
    expect((await put(`/api/pools/${POOL.uuid}/manage`, { managed: 'yes' })).status).toBe(400);
    expect((await put('/api/pools/00000000-0000-0000-0000-000000000000/manage', { managed: true })).status).toBe(404);
    expect((await put(`/api/pools/${POOL.uuid}/manage`, { managed: true }, viewer)).status).toBe(403);
    const refused = entries().slice(0, entries().length - before);
    expect(refused.map((e) => [e.outcome, e.actor, e.poolUuid])).toEqual([
      ['refused', 'token:viewer-token', POOL.uuid],
      ['refused', 'token:admin-token', '00000000-0000-0000-0000-000000000000'],
      ['refused', 'token:admin-token', POOL.uuid],
    ]);
    expect(refused.map((e) => (e.details as { reason: string }).reason)).toEqual(['forbidden', 'not-found', 'bad-request']);
    expect(refused[2]?.details).toMatchObject({ request: `PUT /api/pools/${POOL.uuid}/manage`, message: expect.stringContaining('managed') });
  });

  it('writes one entry, not two, when the action service already audited its refusal', async () => {
    const before = entries().length;
    const res = await fetch(`${base}/api/pools/${POOL.uuid}/actions/remove-missing`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ confirmLabel: 'wrong' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const added = entries().slice(0, entries().length - before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'pool.remove-missing', outcome: 'refused' });
  });
});
