/**
 * `<poolwatch-banner>` on another NAS UI's page, on a real degraded lab pool: a test page served
 * from a second origin loads the element from poolwatch. From the origin listed in
 * POOLWATCH_EMBED_ORIGINS (playwright.config.ts) it shows the degraded state and names the pool,
 * linking to poolwatch; from any other origin nothing loads and the data is refused.
 */
import { createServer, type Server } from 'node:http';
import { upScenario } from '../lab/cli.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { EMBED_TEST_PORT } from './embed-origin.ts';
import { expect, test } from './fixtures.ts';
import { LAB_ROOT, screenshot, tearDown, waitForPool } from './helpers.ts';

const SCENARIO = 'raid1-missing-unmounted';
const ALLOWED = `http://localhost:${EMBED_TEST_PORT}`;
const REFUSED = `http://127.0.0.1:${EMBED_TEST_PORT}`;

test.describe.configure({ mode: 'serial' });

let lab: Lab | null = null;
let site: Server | null = null;

test.beforeAll(async ({ baseURL }) => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
  lab = await upScenario(LAB_ROOT, SCENARIO);
  // Another NAS UI's page: it only includes the script and the element.
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Some NAS UI</title>
<script type="module" src="${baseURL}/embed/banner.js"></script></head>
<body><header><h1>Some NAS UI</h1><poolwatch-banner interval="1"></poolwatch-banner></header></body></html>`);
  });
  // Both loopbacks: the page is opened as http://localhost (allowed) and http://127.0.0.1 (not).
  await new Promise<void>((r) => site!.listen(EMBED_TEST_PORT, r));
});

test.afterAll(async () => {
  site?.close();
  if (lab) await tearDown(SCENARIO);
});

test('on an allowed origin the banner shows the degraded pool and links to poolwatch', async ({ browser, context, baseURL }) => {
  const uuid = lab!.pool(SCENARIO).uuid;
  await waitForPool(context.request, uuid, (p) => p.missingCount === 1, 'degraded');
  const stranger = await browser.newContext(); // no poolwatch login at all
  const page = await stranger.newPage();
  await page.goto(`${ALLOWED}/`);
  const banner = page.locator('poolwatch-banner');
  await expect(banner).toHaveAttribute('data-state', /degraded|failed/);
  const link = banner.locator('a.banner');
  await expect(link).toContainText('pw-raid1-missing-unmounted');
  expect(await link.getAttribute('href')).toMatch(new RegExp(`^${baseURL}/`));
  await screenshot(page, 'embed-allowed');
  await stranger.close();
});

test('on any other origin nothing loads and the data is refused', async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refusedScript = page.waitForEvent('requestfailed', { predicate: (r) => r.url().endsWith('/embed/banner.js') }).catch(() => null);
  await page.goto(`${REFUSED}/`);
  await refusedScript;
  expect(await page.evaluate(() => customElements.get('poolwatch-banner') === undefined)).toBe(true);
  await expect(page.locator('poolwatch-banner')).toBeEmpty();
  const fetched = await page.evaluate(async (url) => fetch(`${url}/api/embed/status`).then((r) => r.status, (e: Error) => e.name), baseURL);
  expect(fetched).toBe('TypeError');
  await context.close();
  // What the server answers such a page (and one that names no origin): refused, with no data.
  const api = await playwright.request.newContext();
  for (const headers of [{ origin: REFUSED }, {}] as Record<string, string>[]) {
    const res = await api.get(`${baseURL}/api/embed/status`, { headers });
    expect(res.status()).toBe(403);
    expect(res.headers()['access-control-allow-origin']).toBeUndefined();
    expect(await res.text()).not.toContain('pw-raid1');
  }
  const allowed = await api.get(`${baseURL}/api/embed/status`, { headers: { origin: ALLOWED } });
  expect(allowed.headers()['access-control-allow-origin']).toBe(ALLOWED);
  expect(allowed.headers()['content-security-policy']).toContain(`frame-ancestors ${ALLOWED}`);
  // Read-only: the embed offers no way to change anything.
  expect((await api.post(`${baseURL}/api/embed/status`, { headers: { origin: ALLOWED } })).status()).toBeGreaterThanOrEqual(400);
  await api.dispose();
});
