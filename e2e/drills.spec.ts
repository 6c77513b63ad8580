/**
 * Issue 10 drills in the browser, on real lab pools:
 * (d) a full balance asked for on a ~95 % full pool: the preview warns it will most likely run out
 *     of room, with the numbers, the typed label confirms it, and the job ends "Failed" with the
 *     ENOSPC reason in words and a next step — never "Succeeded" (ADR 023); the pool stays rw, intact;
 * (e) three pools with the same label get three distinct mount points, never the one in use, and
 *     mounting one from the UI mounts it there.
 */
import { rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { downScenario, upScenario } from '../lab/cli.ts';
import { sh, teardown } from '../lab/lab.ts';
import { TWIN_LABEL } from '../lab/scenarios.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { expectChecksums } from './drill-steps.ts';
import { SCAN_TIMEOUT_MS, screenshot, waitForPool } from './helpers.ts';

const ROOT = resolve('.lab', `e2e-drills-${process.pid}`);
const MOUNT_ROOT = process.env.POOLWATCH_E2E_MOUNT_ROOT ?? '/mnt2';

onRealPools();

test.afterAll(async () => {
  for (const s of ['full-pool', 'same-label']) await downScenario(ROOT, s).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

test('(d) a full balance on a ~95 % full pool: warned with the numbers, confirmed by the typed label, and the job ends "Failed" with the ENOSPC reason and a next step', async ({ page }) => {
  const lab = await upScenario(ROOT, 'full-pool');
  try {
    const { uuid, label } = lab.pool('full-pool');
    await waitForPool(page.request, uuid, (p) => p.mounted && (p.space?.verdicts.length ?? 0) > 0, 'mounted, with its space read');
    await page.goto(`/pools/${uuid}`);
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Full balance' }).click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'balance-start');
    // The dry run comes by itself (no field to fill): the exact command, and before anything runs, that it will most likely run out of room — why, in words, with the numbers (ADR 023).
    await expect(dialog.getByTestId('plan-commands')).toContainText('btrfs balance start --bg --full-balance');
    await expect(dialog).toContainText(/will not fit/);
    await expect(dialog).toContainText(/\d+(\.\d+)? (MiB|GiB|KiB)/);
    await expect(dialog).toContainText('stopped cleanly with "No space left on device"');
    // Not one click: the pool label must be typed.
    const run = dialog.getByTestId('run-action');
    await expect(run).toBeDisabled();
    await dialog.getByTestId('confirm-label').fill(label);
    await expect(run).toBeEnabled();
    await screenshot(page, 'drill-d-full-balance-warned');
    await run.click();
    // The kernel gives up for lack of space: the job says so in plain words, with what to do next — never "Succeeded".
    const card = dialog.getByTestId('job-card');
    await expect(card).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
    await expect(card.getByTestId('job-error')).toContainText('not enough unallocated space on the remaining disks');
    // The next step comes with the reason (failure-reason.ts), then the job's own list.
    await expect(card.getByTestId('job-error')).toContainText(/free or compact space first \(or add a disk\)/);
    await expect(card.getByTestId('job-next-steps')).toContainText('fix the cause, then run the action again');
    await screenshot(page, 'drill-d-full-balance-failed');
    await dialog.getByTestId('close-dialog').click();
    // The pool stopped cleanly: still mounted read-write, every file intact.
    const after = await waitForPool(page.request, uuid, (p) => p.mounted, 'still mounted');
    expect(after.mountOptions).toContain('rw');
    await expectChecksums(lab, 'full-pool', after.mountPoint!);
    await page.goto(`/jobs?pool=${uuid}`);
    await expect(page.locator('[data-testid="job-row"][data-kind="balance-start"]')).toHaveAttribute('data-state', 'failed');
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
