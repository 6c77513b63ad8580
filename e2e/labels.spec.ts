/**
 * Labels as data and unreadable pools, in the browser (ADR 010): a label with a newline and a tab
 * shows its escapes in their own style; a label that imitates `btrfs filesystem show` is one pool
 * and one line; a pool whose superblock btrfs-progs refuses is "Unreadable" in the pools table, on
 * its page (reason, command, no actions) and in the header, while the degraded pool beside it is
 * still "Degraded".
 */
import { expect, test } from './fixtures.ts';
import { breakScenario, upScenario } from '../lab/cli.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { NEWLINE_LABEL } from '../lab/scenarios.ts';
import { LAB_ROOT, SCAN_TIMEOUT_MS, screenshot, tearDown, waitForPool } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
});

test('a label with a newline and a tab is shown with visible escapes, never as two lines', async ({ page }) => {
  const lab = await upScenario(LAB_ROOT, 'newline-label', { break: false });
  try {
    const uuid = lab.pool('newline').uuid;
    await waitForPool(page.request, uuid, (p) => p.label === NEWLINE_LABEL, 'with its label');
    await page.goto('/');
    const row = page.getByTestId(`pool-row-${uuid}`);
    const label = row.getByTestId('pool-label');
    await expect(label).toHaveText('pw-new\\nline\\tpool');
    await expect(label.locator('abbr.label-escape')).toHaveText(['\\n', '\\t']);
    await expect(label.locator('abbr.label-escape').first()).toHaveAttribute('title', 'newline');
    // The escapes look different from the label's own text.
    const escapeColour = await label.locator('abbr.label-escape').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    const textColour = await label.evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(escapeColour).not.toBe(textColour);
    await page.goto(`/pools/${uuid}`);
    await expect(page.getByRole('heading', { level: 1 }).getByTestId('pool-label')).toHaveText('pw-new\\nline\\tpool');
    await expect(page).toHaveTitle('pw-new\\nline\\tpool · poolwatch');
    await screenshot(page, 'label-newline');
  } finally {
    await tearDown('newline-label');
  }
});

test('a pool btrfs-progs cannot read is "Unreadable" in the table, on its page and in the header; the degraded pool beside it stays "Degraded"', async ({ page }) => {
  const lab = await upScenario(LAB_ROOT, 'unreadable-pool', { break: false });
  try {
    const damaged = lab.pool('damaged').uuid;
    const beside = lab.pool('beside').uuid;
    await waitForPool(page.request, beside, (p) => p.missingCount === 0 && p.devices.length === 2, 'with both members');
    await breakScenario(lab);

    await page.goto('/');
    await expect(page.getByTestId(`pool-row-${damaged}`)).toHaveAttribute('data-status', 'unreadable', { timeout: SCAN_TIMEOUT_MS });
    await expect(page.getByTestId(`pool-row-${damaged}`).locator('.badge')).toHaveText(/Unreadable/);
    await expect(page.getByTestId(`pool-row-${beside}`)).toHaveAttribute('data-status', 'degraded', { timeout: SCAN_TIMEOUT_MS });

    // The header counts it as a problem of its own, next to the degraded pool.
    const banner = page.getByTestId('unreadable-banner');
    await expect(banner).toBeVisible();
    await banner.hover();
    // Named even though it is not imported, and marked so.
    await expect(page.getByTestId('unreadable-details').getByTestId('unimported-pool')).toContainText('not imported');
    await expect(page.getByTestId('degraded-banner')).toBeVisible();
    await screenshot(page, 'unreadable-pools-table');

    await page.goto(`/pools/${damaged}`);
    const panel = page.getByTestId('unreadable-panel');
    await expect(panel).toContainText('poolwatch could not read this pool');
    await expect(panel).toContainText(`btrfs filesystem show --raw -- ${damaged}`);
    await expect(panel).toContainText('superblock checksum mismatch');
    await expect(page.locator('[data-testid="pool-details"]').getByText('Pool could not be read')).toBeVisible();
    // Nothing is offered on it.
    await expect(page.getByTestId('maintenance-panel')).toHaveCount(0);
    await expect(page.getByTestId('action-launcher')).toHaveCount(0);
    await screenshot(page, 'unreadable-pool-page');
  } finally {
    await tearDown('unreadable-pool');
  }
});
