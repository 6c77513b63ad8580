/**
 * The header alert against real pools: none while every pool is whole, and it appears on an
 * open page — without a reload — when a member's loop device goes away.
 */
import { expect, signIn, test } from './fixtures.ts';
import { upScenario } from '../lab/cli.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { LAB_ROOT, pools, screenshot, tearDown, waitForPool } from './helpers.ts';

const SCENARIO = 'several-pools';
const BANNER_TIMEOUT_MS = 5_000;
test.describe.configure({ mode: 'serial' });

let lab: Lab | null = null;
let uuid: { a: string; b: string; c: string };

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
  lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
  uuid = { a: lab.pool('multi-a').uuid, b: lab.pool('multi-b').uuid, c: lab.pool('multi-c').uuid };
});

test.afterAll(async () => {
  if (lab) await tearDown(SCENARIO);
});

test('healthy pools show no banner and no maintenance panel', async ({ page }) => {
  for (const id of Object.values(uuid)) await waitForPool(page.request, id, (p) => p.missingCount === 0 && p.devices.length > 0, 'whole');
  await page.goto('/');
  for (const id of Object.values(uuid)) {
    const row = page.getByTestId(`pool-row-${id}`);
    await expect(row).toHaveAttribute('data-status', 'healthy');
    await expect(row.getByTestId('missing-indicator')).toHaveCount(0);
  }
  // No header alert names one of these pools. Pools of other labs on this machine are real pools
  // too: the banner itself is absent only when none of them is degraded.
  for (const id of Object.values(uuid)) await expect(page.locator(`.header-alerts a[href="/pools/${id}"]`)).toHaveCount(0);
  const mine = new Set(Object.values(uuid));
  const foreignDegraded = (await pools(page.request)).filter((p) => !mine.has(p.uuid) && p.missingCount > 0);
  if (foreignDegraded.length === 0) {
    await expect(page.getByTestId('degraded-banner')).toHaveCount(0);
    await expect(page.getByTestId('alert-announcer')).toHaveText('');
  } else {
    await expect(page.getByTestId('degraded-banner')).toHaveCount(1);
  }
  await screenshot(page, 'overview-healthy');

  // Labels repeat across labs on one machine; uuids do not.
  await page.getByTestId(`pool-row-${uuid.a}`).getByRole('link', { name: 'pw-multi-a' }).click();
  await expect(page.getByTestId('pool-details')).toHaveAttribute('data-uuid', uuid.a);
  await expect(page.getByTestId('maintenance-panel')).toHaveCount(0);
  await expect(page.getByTestId('members-table').locator('tbody tr')).toHaveCount(2);
});

test('the overview sorts by a clicked column and says so with aria-sort', async ({ page }) => {
  await page.goto('/');
  const poolHeader = page.getByRole('columnheader', { name: /^Pool/ });
  await expect(page.getByRole('columnheader', { name: /^Status/ })).toHaveAttribute('aria-sort', 'descending');
  await poolHeader.getByRole('button').click();
  await expect(poolHeader).toHaveAttribute('aria-sort', 'ascending');
  const names = await page.getByTestId('pools-table').locator('tbody th a').allTextContents();
  const ours = names.filter((n) => /^pw-multi-[abc]$/.test(n));
  expect(ours).toEqual([...ours].sort());
  await poolHeader.getByRole('button').click();
  await expect(poolHeader).toHaveAttribute('aria-sort', 'descending');
});

test('pulling a member while the page is open raises the banner without a reload', async ({ page }) => {
  // Import multi-c: the banner then lists it with the imported pools (and a click goes there).
  await page.goto(`/pools/${uuid.c}`);
  await page.getByTestId('manage-button').click();
  await expect(page.getByTestId('manage-button')).toHaveText('Stop managing');
  expect((await pools(page.request)).find((p) => p.uuid === uuid.c)?.managed).toBe(true);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pools' }).click();
  await expect(page.getByTestId(`pool-row-${uuid.c}`)).toHaveAttribute('data-status', 'healthy');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
  const namedInBanner = page.locator(`[data-testid="degraded-details"] a[href="/pools/${uuid.c}"]`);
  await expect(namedInBanner).toHaveCount(0);

  const pulledAt = Date.now();
  await lab!.pull('c3');
  // Issue 3 asks for 2 s; 5 s leaves room for a loaded CI machine and still fails a page that waits for a reload or a full rescan cycle.
  await expect(namedInBanner).toHaveCount(1, { timeout: BANNER_TIMEOUT_MS });
  const seconds = (Date.now() - pulledAt) / 1000;
  test.info().annotations.push({ type: 'banner latency', description: `${seconds.toFixed(1)} s after losetup -d (unmounted pool: full scan every 5 s)` });

  const banner = page.getByTestId('degraded-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Pool degraded');
  expect(await banner.getByRole('link').first().evaluate((el) => getComputedStyle(el).animationName)).toBe('pw-flash');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.getByTestId('alert-announcer')).toContainText('Pool degraded: pw-multi-c');
  await expect(page.getByTestId(`pool-row-${uuid.c}`).getByTestId('missing-indicator')).toHaveText('1 missing');

  // Details open on hover…
  const trigger = banner.getByRole('link', { name: /Pool degraded/ });
  const details = page.getByTestId('degraded-details');
  await expect(details).toBeHidden();
  await trigger.hover();
  await expect(details).toBeVisible();
  // By its uuid: another lab's pool may carry the same label (other tests' leftovers are not ours to judge).
  await expect(details.locator(`a[href="/pools/${uuid.c}"]`)).toHaveText('pw-multi-c');
  await screenshot(page, 'banner-details-hover');
  // …and on keyboard focus, and close with Escape.
  await page.mouse.move(5, 600);
  await expect(details).toBeHidden();
  await trigger.focus();
  await expect(details).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  // A click goes to the (first managed) degraded pool.
  await trigger.click();
  await expect(page).toHaveURL(new RegExp(`/pools/${uuid.c}$`));
  await expect(page.getByTestId('maintenance-panel')).toHaveAttribute('data-state', 'mount-degraded-ro');
  const missingRow = page.getByTestId('members-table').locator('tbody tr[data-devid="3"]');
  await expect(missingRow).toHaveAttribute('data-missing', 'true');
  await expect(missingRow.getByTestId('missing-tag')).toHaveText('missing');
  await expect(page.getByTestId('detached-table').locator('tbody tr[data-devid="3"]')).toHaveCount(1);
  await screenshot(page, 'details-several-pools-multi-c');
});

test('the disks page shows members, the detached disk and its pool', async ({ page }) => {
  await page.goto('/disks');
  const table = page.getByTestId('disks-table');
  await expect(table).toBeVisible();
  const detached = table.locator('tr[data-role="detached"]', { hasText: `${LAB_ROOT}/${SCENARIO}/c3.img` });
  await expect(detached).toContainText('Detached from pool pw-multi-c (was devid 3)');
  await expect(detached.getByRole('link', { name: 'pw-multi-c' })).toHaveAttribute('href', `/pools/${uuid.c}`);
  await expect(table.locator('tr[data-role="member"]', { hasText: `${LAB_ROOT}/${SCENARIO}/a1.img` })).toContainText('Member of pool pw-multi-a, devid 1');
  await screenshot(page, 'disks');
});

test('under prefers-reduced-motion the banner does not flash but keeps a marker', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  await signIn(context.request);
  const page = await context.newPage();
  await page.goto('/');
  const trigger = page.getByTestId('degraded-banner').getByRole('link', { name: /Pool degraded/ });
  await expect(trigger).toBeVisible();
  expect(await trigger.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
  expect(await trigger.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('double');
  await expect(trigger.locator('.alert-icon')).toBeVisible();
  await context.close();
});
