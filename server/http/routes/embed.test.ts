/**
 * The embed's two routes (ADR 016): off without origins; only the listed origins get an answer
 * (with CORS and a frame-ancestors policy); the status names the pools needing attention and
 * nothing else; no login, and no way to change anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EmbedStatus } from '../../../contracts/embed.ts';
import type { Snapshot } from '../../inventory/inventory-service.ts';
import { serve, testGraph, type Served, type TestGraph } from '../../test-support/graph.ts';
import { makeDevice, makePool, missingDevice } from '../../test-support/pools.ts';

const ALLOWED = 'https://nas.example:9090';

const healthy = makePool({ uuid: '11111111-1111-4111-8111-111111111111', label: 'fine' });
const degraded = makePool({ uuid: '22222222-2222-4222-8222-222222222222', label: 'tank', mounted: false, devices: [makeDevice(1), makeDevice(2), missingDevice(3)] });

let graph: TestGraph | null = null;
let served: Served | null = null;

async function start(origins: string, pools = [healthy, degraded]): Promise<string> {
  const snap: Snapshot = { scannedAt: '2026-11-26T15:00:00.000Z', pools, disks: [], slack: {} };
  graph = testGraph({ inventory: { snapshot: async () => snap }, env: { POOLWATCH_EMBED_ORIGINS: origins } });
  served = await serve(graph);
  return served.base;
}

afterEach(async () => {
  await served?.close();
  graph?.stop();
  served = null;
  graph = null;
});

describe('the embeddable banner', () => {
  it('is off until origins are configured', async () => {
    const base = await start('');
    expect((await fetch(`${base}/api/embed/status`, { headers: { origin: ALLOWED } })).status).toBe(404);
    expect((await fetch(`${base}/embed/banner.js`, { headers: { origin: ALLOWED } })).status).toBe(404);
  });

  it('answers a listed origin with CORS and a frame-ancestors policy: the worst state and the pools needing attention', async () => {
    const base = await start(`${ALLOWED}, http://other.example`);
    const res = await fetch(`${base}/api/embed/status`, { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('content-security-policy')).toBe(`default-src 'none'; frame-ancestors ${ALLOWED} http://other.example`);
    const body = EmbedStatus.parse(await res.json());
    expect(body).toEqual({ state: 'degraded', scannedAt: '2026-11-26T15:00:00.000Z', pools: [{ uuid: degraded.uuid, label: 'tank', status: 'degraded', missingCount: 1, managed: false }] });
    // Nothing about disks, paths, users or commands.
    expect(JSON.stringify(body)).not.toMatch(/dev|loop|mnt|btrfs/);
  });

  it('says healthy, and lists nothing, while every pool is fine', async () => {
    const base = await start(ALLOWED, [healthy]);
    expect(await (await fetch(`${base}/api/embed/status`, { headers: { origin: ALLOWED } })).json()).toMatchObject({ state: 'healthy', pools: [] });
  });

  it('refuses other origins and requests without one, with no CORS header and no data', async () => {
    const base = await start(ALLOWED);
    for (const headers of [{ origin: 'https://evil.example' }, { origin: ALLOWED.replace('9090', '9091') }, {}] as Record<string, string>[]) {
      for (const path of ['/api/embed/status', '/embed/banner.js']) {
        const res = await fetch(`${base}${path}`, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(await res.text()).not.toContain('tank');
      }
    }
  });

  it('offers no way to change anything', async () => {
    const base = await start(ALLOWED);
    const res = await fetch(`${base}/api/embed/status`, { method: 'POST', headers: { origin: ALLOWED } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
