/**
 * Shared by the e2e specs: this run's own lab folder, waiting for the server to see a pool, and
 * screenshots kept as test artifacts (test-results/ is not committed).
 */
import { type APIRequestContext, type Page, expect } from '@playwright/test';
import { mkdir, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type PoolView, PoolViewsResponse } from '../contracts/views.ts';
import { downScenario } from '../lab/cli.ts';

/** One folder per test process: the lab tears down only what lies under it. */
export const LAB_ROOT = resolve('.lab', `e2e-${process.pid}`);
export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');

/** A full scan every 5 s (playwright.config.ts) plus the scan itself: room for two scans and a slow machine. */
export const SCAN_TIMEOUT_MS = 30_000;

export async function pools(request: APIRequestContext): Promise<PoolView[]> {
  const res = await request.get('/api/pools');
  expect(res.ok(), `GET /api/pools answered ${res.status()}`).toBe(true);
  return PoolViewsResponse.parse(await res.json()).pools;
}

/** Polls the API until the pool is there and `ready` holds; returns it. */
export async function waitForPool(request: APIRequestContext, uuid: string, ready: (p: PoolView) => boolean, what: string): Promise<PoolView> {
  let found: PoolView | undefined;
  await expect
    .poll(
      async () => {
        found = (await pools(request)).find((p) => p.uuid === uuid);
        return found !== undefined && ready(found);
      },
      { message: `server to report pool ${uuid} ${what}`, timeout: SCAN_TIMEOUT_MS, intervals: [500, 1000] },
    )
    .toBe(true);
  return found!;
}

/** Tears one scenario down, and this run's lab folder with it once nothing else is in it. */
export async function tearDown(scenario: string): Promise<void> {
  await downScenario(LAB_ROOT, scenario);
  // rmdir refuses a folder that still holds another scenario: exactly the guard wanted.
  await rmdir(LAB_ROOT).catch(() => undefined);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // From the top: the sticky header would otherwise be painted mid-page in a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
