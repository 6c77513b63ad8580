/**
 * Drill (g) of issue 10: corruption on one mirror and nothing missing. The corruption counter of the
 * damaged member stands out, the pool gets its own device-errors panel; the admin runs the scrub from
 * it (it repairs from the good copy) and the counter history shows the rise ("+N corruption errors
 * since yesterday"), then resets the counters — the values before the reset are
 * kept in the counter history — and the panel goes.
 */
import { expect, test } from './fixtures.ts';
import { upScenario } from '../lab/cli.ts';
import { CORRUPTION_PATTERN } from '../lab/scenarios.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { LAB_ROOT, SCAN_TIMEOUT_MS, screenshot, tearDown, waitForPool } from './helpers.ts';

const SCENARIO = 'corruption';
let lab: Lab | null = null;

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
  lab = await upScenario(LAB_ROOT, SCENARIO);
});

test.afterAll(async () => {
  if (lab) await tearDown(SCENARIO);
});

test('the corruption counter of devid 2 is highlighted, with the pool total and the header indicator', async ({ page }) => {
  const uuid = lab!.pool(SCENARIO).uuid;
  await waitForPool(page.request, uuid, (p) => (p.devices.find((d) => d.devid === 2)?.errors?.corruption ?? 0) > 0, 'with corruption errors on devid 2');
  // The scenario's own scrub repaired its damage: damage the same mirror again for the admin's scrub.
  await lab!.umount(SCENARIO);
  await lab!.corrupt('d2', CORRUPTION_PATTERN);
  await lab!.mount(SCENARIO);
  await waitForPool(page.request, uuid, (p) => p.mounted, 'mounted again');

  await page.goto('/');
  await expect(page.getByTestId(`pool-row-${uuid}`).getByTestId('errors-indicator')).toBeVisible();
  await expect(page.getByTestId('device-errors-indicator')).toBeVisible();

  await page.goto(`/pools/${uuid}`);
  const table = page.getByTestId('members-table');
  const damaged = table.locator('tbody tr[data-devid="2"] td[data-counter="corruption"]');
  await expect(damaged).toHaveAttribute('data-nonzero', 'true');
  await expect(damaged).toHaveClass(/counter-nonzero/);
  const beforeScrub = Number(await damaged.innerText());
  expect(beforeScrub).toBeGreaterThan(0);
  // Counters that stayed at zero are not highlighted.
  await expect(table.locator('tbody tr[data-devid="1"] td[data-counter="corruption"]')).toHaveAttribute('data-nonzero', 'false');
  await expect(table.locator('tbody tr[data-devid="2"] td[data-counter="write"]')).toHaveAttribute('data-nonzero', 'false');
  await expect(page.getByTestId('counter-totals').locator('td[data-counter="corruption"]')).toHaveAttribute('data-nonzero', 'true');
  await expect(page.locator('[data-code="device-errors"]')).toBeVisible();
  // Nothing is missing, but errors were counted: the panel guides the repair.
  const panel = page.getByTestId('maintenance-panel');
  await expect(panel).toHaveAttribute('data-state', 'device-errors');
  await expect(panel).toContainText('Errors recorded on devid 2');
  for (const kind of ['scrub', 'check-smart', 'watch-counters', 'reset-counters', 'replace-if-rising']) {
    await expect(panel.locator(`li[data-kind="${kind}"]`), kind).toHaveCount(1);
  }
  await screenshot(page, 'details-corruption');

  // 1. The scrub, from its step: it finds the damage and repairs it from the other mirror.
  await panel.locator('li[data-kind="scrub"]').getByTestId('step-action').click();
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog).toHaveAttribute('data-action', 'scrub-start');
  await dialog.getByTestId('run-action').click();
  const card = dialog.getByTestId('job-card');
  await expect(card).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await expect(dialog.getByTestId('job-summary')).toContainText(/scrub found [1-9]\d* errors?: [1-9]\d* corrected, 0 uncorrectable/);
  await dialog.getByTestId('close-dialog').click();
  // The counters still say what happened: the panel stays until they are reset.
  await expect(panel).toHaveAttribute('data-state', 'device-errors');
  // The scrub's finds raised the counter poolwatch had already seen: the counter history says by how much, "+N … since yesterday".
  await expect.poll(async () => Number(await damaged.innerText()), { timeout: SCAN_TIMEOUT_MS }).toBeGreaterThan(beforeScrub);
  const afterScrub = Number(await damaged.innerText());
  const rise = page.getByTestId('counter-history').locator('[data-testid="counter-device"][data-devid="2"]').getByTestId('counter-rise');
  await expect(rise).toHaveText(/^\+\d+ corruption errors? since yesterday$/, { timeout: SCAN_TIMEOUT_MS });
  // At least what rose since this test first read the counter (poolwatch may have seen a lower value before), at most all it counts.
  await expect.poll(async () => Number(/\+(\d+)/.exec(await rise.innerText())?.[1]), { timeout: SCAN_TIMEOUT_MS }).toBeGreaterThanOrEqual(afterScrub - beforeScrub);
  expect(Number(/\+(\d+)/.exec(await rise.innerText())?.[1])).toBeLessThanOrEqual(afterScrub);
  await expect(page.getByTestId('counter-history').locator('[data-testid="counter-device"][data-devid="1"]').getByTestId('counter-rise')).not.toContainText('since yesterday');

  // 2. Reset the counters after the repair, from its step, confirmed with the label.
  await panel.locator('li[data-kind="reset-counters"]').getByTestId('step-action').click();
  await expect(dialog).toHaveAttribute('data-action', 'reset-counters');
  await expect(dialog.getByTestId('plan-commands')).toContainText('device stats -z');
  const run = dialog.getByTestId('run-action');
  await expect(run).toBeDisabled();
  await dialog.getByTestId('confirm-label').fill(lab!.pool(SCENARIO).label);
  await run.click();
  await expect(card).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await dialog.getByTestId('close-dialog').click();
  await expect(panel).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
  await expect(damaged).toHaveAttribute('data-nonzero', 'false');

  // History kept: the job stored the values before zeroing them (server/jobs/actions.int.test.ts
  // reads them back from the store; the counter timeline page is the monitor helper's).
  await page.goto(`/jobs?pool=${uuid}`);
  await expect(page.locator('[data-testid="job-row"][data-kind="reset-counters"]').first()).toHaveAttribute('data-state', 'succeeded');
  await page.locator('[data-testid="job-row"][data-kind="reset-counters"]').first().getByRole('link').first().click();
  await expect(page.getByTestId('job-details').getByTestId('job-log')).toContainText('as history (before-reset)');
});
