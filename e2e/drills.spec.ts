/**
 * Issue 10 drills in the browser, on real lab pools:
 * (d) a full balance asked for on a ~95 % full pool never ends as "Succeeded": the space pre-flight
 *     refuses it before anything runs, with the numbers — or, if the kernel is asked, the job ends
 *     "Failed" with the ENOSPC reason in words (server/jobs/outcomes.int.test.ts drives that path);
 * (e) three pools with the same label get three distinct mount points, never the one in use, and
 *     mounting one from the UI mounts it there.
 */
import { rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { downScenario, upScenario } from '../lab/cli.ts';
import { sh, teardown } from '../lab/lab.ts';
import { TWIN_LABEL } from '../lab/scenarios.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { SCAN_TIMEOUT_MS, screenshot, waitForPool } from './helpers.ts';

const ROOT = resolve('.lab', `e2e-drills-${process.pid}`);
const MOUNT_ROOT = process.env.POOLWATCH_E2E_MOUNT_ROOT ?? '/mnt2';

onRealPools();

test.afterAll(async () => {
  for (const s of ['full-pool', 'same-label']) await downScenario(ROOT, s).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

test('(d) a full balance on a ~95 % full pool is refused before it runs, with the numbers; nothing reports success', async ({ page }) => {
  const lab = await upScenario(ROOT, 'full-pool');
  try {
    const { uuid } = lab.pool('full-pool');
    await waitForPool(page.request, uuid, (p) => p.mounted && p.space !== null && p.space !== undefined, 'mounted, with its space read');
    await page.goto(`/pools/${uuid}`);
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Full balance' }).click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'balance-start');
    await dialog.getByTestId('preview-action').click();
    // Refused before anything runs: why, in words, with the numbers; no Run button.
    const error = dialog.getByTestId('action-error');
    await expect(error).toContainText(/not enough space|will not fit|unallocated/i);
    await expect(error).toContainText(/\d+(\.\d+)? (MiB|GiB|KiB)/);
    await expect(dialog.getByTestId('run-action')).toHaveCount(0);
    await screenshot(page, 'drill-d-full-balance-refused');
    await dialog.getByTestId('close-dialog').click();
    // Nothing ran: no balance job on this pool.
    await page.goto(`/jobs?pool=${uuid}`);
    await expect(page.locator('[data-testid="job-row"][data-kind="balance-start"]')).toHaveCount(0);
  } finally {
    await downScenario(ROOT, 'full-pool');
  }
});

test('(e) three pools labelled the same: distinct mount points, never the one in use; mounting one from the UI uses its own', async ({ page }) => {
  const lab = await upScenario(ROOT, 'same-label');
  let mounted: string | null = null;
  try {
    const a = lab.pool('twin-a');
    const b = lab.pool('twin-b');
    const c = lab.pool('twin-c');
    for (const p of [a, b, c]) await waitForPool(page.request, p.uuid, () => true, 'listed');

    const proposed: string[] = [];
    for (const p of [b, c]) {
      await page.goto(`/pools/${p.uuid}`);
      const where = page.getByTestId('proposed-mount-point');
      await expect(where).toBeVisible({ timeout: SCAN_TIMEOUT_MS });
      proposed.push(((await where.locator('.mono').textContent()) ?? '').trim());
    }
    expect(proposed.every((m) => m.startsWith(`${MOUNT_ROOT}/${TWIN_LABEL}`)), `named after the label: ${proposed.join(', ')}`).toBe(true);
    expect(new Set(proposed).size, `distinct: ${proposed.join(', ')}`).toBe(2);
    expect(proposed, 'never the mount point of the mounted twin').not.toContain(a.mountPoint);

    // Mount twin-b from the UI: it lands where the page said, twin-a stays where it was.
    await page.goto(`/pools/${b.uuid}`);
    const manage = page.getByTestId('manage-button');
    await expect(manage).toHaveText(/Import pool|Stop managing/);
    if ((await manage.textContent())?.includes('Import')) await manage.click();
    await expect(manage).toHaveText('Stop managing');
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Mount', exact: true }).click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog.getByTestId('plan-commands')).toContainText(proposed[0]!);
    await dialog.getByTestId('run-action').click();
    await expect(dialog.getByTestId('job-card')).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
    mounted = proposed[0]!;
    await dialog.getByTestId('close-dialog').click();
    await expect(page.getByTestId('mount-info')).toContainText(mounted, { timeout: SCAN_TIMEOUT_MS });
    const twinA = await waitForPool(page.request, a.uuid, (p) => p.mounted, 'still mounted');
    expect(twinA.mountPoint).toBe(a.mountPoint);
    await screenshot(page, 'drill-e-same-label');
  } finally {
    if (mounted) {
      await sh('umount', [mounted]).catch(() => undefined);
      await rmdir(mounted).catch(() => undefined);
    }
    await downScenario(ROOT, 'same-label');
  }
});
