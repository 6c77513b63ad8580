/**
 * The UI as Chromium gets it (issue 13, "UI delivery"): the first page's scripts arrive compressed
 * (brotli, precompressed at build) and cached immutable, their compressed total stays within the
 * budget the build enforces, other pages' code loads only when they open, and the pools request
 * starts beside the session check, not after it.
 */
import { expect, test } from './fixtures.ts';

const BUDGET_BYTES = 150 * 1024;

test('the first page loads its scripts compressed and immutable, within the budget; other pages on demand', async ({ page }) => {
  const scripts: { url: string; encoding: string | undefined; cache: string | undefined; bytes: number }[] = [];
  const api: { path: string; at: number }[] = [];
  const t0 = Date.now();
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (path === '/api/session' || path === '/api/pools') api.push({ path, at: Date.now() - t0 });
  });
  page.on('requestfinished', async (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith('/assets/') || !url.pathname.endsWith('.js')) return;
    const res = await req.response();
    const headers = res ? await res.allHeaders() : {};
    scripts.push({ url: url.pathname, encoding: headers['content-encoding'], cache: headers['cache-control'], bytes: (await req.sizes()).responseBodySize });
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');

  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) {
    expect(s.encoding, `${s.url} compressed`).toBe('br');
    expect(s.cache, `${s.url} cached`).toContain('immutable');
  }
  const total = scripts.reduce((n, s) => n + s.bytes, 0);
  expect(total, `first page scripts: ${scripts.map((s) => `${s.url} ${s.bytes}`).join(', ')}`).toBeLessThanOrEqual(BUDGET_BYTES);
  // The pool page's code is not part of the first page.
  expect(scripts.some((s) => s.url.includes('pool-page'))).toBe(false);

  // The pools request does not wait for the session's answer.
  const session = api.find((r) => r.path === '/api/session');
  const pools = api.find((r) => r.path === '/api/pools');
  expect(session && pools, `requests seen: ${JSON.stringify(api)}`).toBeTruthy();
  const sessionDone = await page.evaluate(() => (performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/session')) as PerformanceResourceTiming | undefined)?.responseEnd ?? null);
  const poolsStart = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/pools'))?.startTime ?? null);
  expect(sessionDone).not.toBeNull();
  expect(poolsStart).not.toBeNull();
  expect(poolsStart!, 'the pools request starts before the session answer arrives').toBeLessThan(sessionDone!);
});
