/**
 * Disks by identity and identify / blink, in the browser (issue 10 item 2, ADR 024): the disks page
 * leads with who a disk is (a loop device: its backing file; "slot unknown", honestly), the kernel
 * path only as "now at"; the Identify button previews the disk by identity and the read-only
 * commands, and the identify-disk job runs on the real loop device and ends.
 */
import { expect, test } from './fixtures.ts';
import { upScenario } from '../lab/cli.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { LAB_ROOT, screenshot, tearDown, waitForPool } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
});

test('the disks page names a disk by identity and makes it blink through a previewed, read-only job', async ({ page }) => {
  const lab = await upScenario(LAB_ROOT, 'spare', { break: false });
  try {
    const pool = lab.pool('spare');
    await waitForPool(page.request, pool.uuid, (p) => p.devices.filter((d) => !d.missing).length === 2, 'with both members');
    const file = lab.state.disks.d1!.file;
    const loop = lab.loopOf('d1');
    await page.goto('/disks');
    const row = page.locator('[data-testid="disk-row"]', { hasText: file });
    await expect(row.getByTestId('disk-backing-file')).toHaveText(file);
    await expect(row.getByTestId('disk-slot')).toHaveText('slot unknown');
    await expect(row.getByTestId('disk-path')).toHaveText(loop);
    await expect(row.getByTestId('disk-identity')).toContainText(`now at ${loop}`);

    await row.getByTestId('identify-open').click();
    const panel = row.getByTestId('identify-panel');
    await expect(panel.getByTestId('identify-disk')).toHaveText(`loop device backed by ${file}, 512 MiB; now at ${loop}`);
    await expect(panel.getByTestId('identify-description')).toContainText('activity LED blinks');
    await expect(panel.getByTestId('identify-commands')).toContainText(`dd -- if=${loop} of=/dev/null bs=1M`, { useInnerText: false });
    await panel.getByTestId('identify-seconds').fill('5');
    await panel.getByTestId('identify-start').click();
    const card = panel.getByTestId('job-card');
    await expect(card).toBeVisible();
    await expect(card).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
    await expect(card.getByTestId('job-summary')).toContainText('was read in a 1 s on / 1 s off pattern');
    await screenshot(page, 'identify-disk');
  } finally {
    await tearDown('spare');
  }
});
