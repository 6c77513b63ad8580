/**
 * Pool details for each broken-pool scenario: the missing devid and the maintenance state the
 * server's guidance is in. Each scenario is first built whole, so the server remembers its disks
 * (that is how it can name the detached one), then broken while poolwatch watches.
 */
import { expect, test } from './fixtures.ts';
import type { MaintenanceState, RecommendedAction } from '../contracts/health.ts';
import { upScenario } from '../lab/cli.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { findScenario } from '../lab/scenarios.ts';
import { LAB_ROOT, SCAN_TIMEOUT_MS, screenshot, tearDown, waitForPool } from './helpers.ts';

interface Case {
  scenario: string;
  missingDevid: number;
  state: MaintenanceState;
  recommended: RecommendedAction | null;
  /** The header alert it raises: a raid0 that lost a member has lost data — failed, not degraded. */
  banner: 'degraded-banner' | 'failed-banner';
}

const CASES: Case[] = [
  { scenario: 'raid1-degraded-ro', missingDevid: 3, state: 'refresh-backups-then-rw', recommended: null, banner: 'degraded-banner' },
  { scenario: 'raid1-missing-unmounted', missingDevid: 2, state: 'mount-degraded-ro', recommended: null, banner: 'degraded-banner' },
  { scenario: 'raid1-below-minimum', missingDevid: 2, state: 'repair', recommended: 'replace-missing', banner: 'degraded-banner' },
  { scenario: 'raid0-missing', missingDevid: 2, state: 'beyond-redundancy', recommended: null, banner: 'failed-banner' },
];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
});

for (const c of CASES) {
  test(`${c.scenario}: details show devid ${c.missingDevid} missing and the ${c.state} guidance`, async ({ page, context }) => {
    const scenario = findScenario(c.scenario);
    if (!scenario?.break) throw new Error(`scenario ${c.scenario} has no break step`);
    const lab = await upScenario(LAB_ROOT, c.scenario, { break: false });
    try {
      const pool = lab.pool(c.scenario);
      const memberCount = pool.disks.length;
      await waitForPool(page.request, pool.uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === memberCount, 'with every member');
      await scenario.break(lab);
      await lab.save();

      await page.goto(`/pools/${pool.uuid}`);
      const panel = page.getByTestId('maintenance-panel');
      await expect(panel).toHaveAttribute('data-state', c.state, { timeout: SCAN_TIMEOUT_MS });
      await expect(panel).toHaveAttribute('data-recommended', c.recommended ?? '');
      await expect(panel.getByRole('heading', { name: 'Maintenance required' })).toBeVisible();
      await expect(panel.locator('.maintenance-headline')).not.toBeEmpty();
      await expect(panel.locator('ol.steps > li').first()).toBeVisible();

      const row = page.getByTestId('members-table').locator(`tbody tr[data-devid="${c.missingDevid}"]`);
      await expect(row).toHaveAttribute('data-missing', 'true');
      await expect(row.getByTestId('missing-tag')).toHaveText('missing');
      // The server remembered the pulled disk: it is named in the missing row and listed as detached.
      const pulledFile = `${c.scenario}/${lab.state.pools[c.scenario]!.disks[c.missingDevid - 1]}.img`;
      await expect(row).toContainText(pulledFile);
      await expect(page.getByTestId('detached-table')).toContainText(pulledFile);
      await expect(page.locator(`[data-testid="${c.banner.replace('-banner', '-details')}"] a[href="/pools/${pool.uuid}"]`)).toHaveCount(1, { timeout: SCAN_TIMEOUT_MS });
      await expect(page.getByTestId(c.banner)).toBeVisible();

      // Space for recovery (issue 10): a mounted pool gets the verdicts with the numbers; the
      // forecast says losing another member of a degraded raid1 loses the pool.
      const space = page.getByTestId('space-section');
      await expect(space.getByRole('heading', { name: 'Space for recovery' })).toBeVisible();
      if (c.state === 'mount-degraded-ro' || c.state === 'beyond-redundancy') {
        await expect(space.getByTestId('space-unknown')).toContainText('not mounted');
      } else {
        const replaceVerdict = space.getByTestId('space-replace');
        await expect(replaceVerdict).toHaveAttribute('data-fits', 'yes');
        await expect(replaceVerdict).toContainText(/unallocated/);
        const forecast = page.getByTestId('forecast-section');
        await expect(forecast.getByRole('heading', { name: 'If a disk fails' })).toBeVisible();
        await expect(forecast.locator('li[data-outcome="lost"]').first()).toContainText('the pool would be lost');
      }

      if (c.recommended === 'replace-missing') {
        await expect(page.getByTestId('maintenance-recommended')).toContainText('Replace');
        // The replace command names the missing devid and a placeholder for the new disk; copy it.
        const step = panel.locator('li[data-kind="replace-missing"]');
        await expect(step.locator('code')).toContainText(`replace start ${c.missingDevid}`);
        // With an unused disk attached the server names it; otherwise the admin fills in <new-device>.
        if ((await step.locator('code').innerText()).includes('<new-device>')) {
          await expect(step.locator('mark.placeholder').first()).toHaveText("'<new-device>'");
        }
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        await step.getByRole('button', { name: /^Copy command/ }).click();
        await expect(step.getByRole('status')).toHaveText('Copied to the clipboard.');
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied).toBe(await step.locator('code').innerText());
      }
      await screenshot(page, `details-${c.scenario}`);
    } finally {
      await tearDown(c.scenario);
    }
  });
}
