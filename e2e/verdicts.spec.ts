/**
 * Issue 10 drills in the browser, on real lab pools: the words a pool's state gets.
 * (c) a raid0 that lost a member is "Pool failed", never "degraded"; (f) a member whose SMART
 * (a recorded NVMe capture with media errors, answered by the fake smartctl for its loop device)
 * is failing puts the pool "at risk", with the replace-with-`-r` guidance; (b) a replaced member
 * plugged in again is flagged as an old member on the pool and on the disks page, and is not
 * offered as a disk to replace or add with.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CSRF_HEADER, SessionResponse } from '../contracts/auth.ts';
import { breakScenario, downScenario, upScenario } from '../lab/cli.ts';
import { teardown } from '../lab/lab.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { screenshot, waitForPool } from './helpers.ts';

const ROOT = resolve('.lab', `e2e-verdicts-${process.pid}`);
/** The fake smartctl's device map (playwright.config.ts points the server at it); `{}` answers like a loop device. */
const SMART_MAP = process.env.POOLWATCH_E2E_SMART_MAP ?? '';
const SCENARIOS = ['raid0-missing', 'raid1-healthy', 'replaced-member-back'];

onRealPools();

test.afterAll(async () => {
  if (SMART_MAP) await writeFile(SMART_MAP, '{}\n').catch(() => undefined);
  for (const s of SCENARIOS) await downScenario(ROOT, s).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

test('(c) a raid0 that lost a member: "Pool failed", the data on the missing disk is lost', async ({ page }) => {
  const lab = await upScenario(ROOT, 'raid0-missing', { break: false });
  try {
    const uuid = lab.pool('raid0-missing').uuid;
    // Seen whole first: with a member gone the striped chunk tree cannot be read, and poolwatch
    // knows the pool is raid0 only from what it read before.
    await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.profiles.data.includes('raid0'), 'whole, raid0');
    await breakScenario(lab);
    await waitForPool(page.request, uuid, (p) => p.missingCount === 1, 'missing a member');
    await page.goto(`/pools/${uuid}`);
    await expect(page.locator('.badge[data-status="failed"]').first()).toBeVisible();
    await expect(page.getByTestId('maintenance-panel')).toHaveAttribute('data-state', 'beyond-redundancy');
    await expect(page.getByTestId('maintenance-panel')).toContainText('Pool failed: data on the missing disk is lost');
    await expect(page.getByTestId('maintenance-panel')).toContainText('Reconnect the missing disk');
    await expect(page.getByTestId('maintenance-panel')).toContainText('restore from backup');
    await expect(page.getByTestId('failed-banner')).toContainText('Pool failed');
    await expect(page.locator(`[data-testid="failed-details"] a[href="/pools/${uuid}"]`)).toHaveCount(1);
    // Not "degraded": the degraded banner (other pools on the machine may raise it) never names this one.
    await expect(page.locator(`[data-testid="degraded-details"] a[href="/pools/${uuid}"]`)).toHaveCount(0);
    await screenshot(page, 'verdict-raid0-failed');
  } finally {
    await downScenario(ROOT, 'raid0-missing');
  }
});

test('(f) a member failing SMART: the pool is at risk, replace it with -r while redundancy lasts', async ({ page }) => {
  test.skip(!SMART_MAP, 'the server was not started with the fake smartctl (POOLWATCH_E2E_SMART_MAP)');
  // devid 2's disk answers with a real NVMe capture (7 media and data integrity errors) from the
  // moment it is attached: named by its backing file, so no read of it can come before the map.
  await writeFile(SMART_MAP, JSON.stringify({ [join(ROOT, 'raid1-healthy', 'd2.img')]: 'nvme-samsung-970evo-media-errors_x.json' }));
  const lab = await upScenario(ROOT, 'raid1-healthy');
  try {
    const uuid = lab.pool('raid1-healthy').uuid;
    expect(lab.state.disks.d2!.file).toBe(join(ROOT, 'raid1-healthy', 'd2.img'));
    // First view: SMART is read then (cached), not only after "Read now".
    const pool = await waitForPool(page.request, uuid, (p) => p.health.status === 'at-risk', 'at risk');
    expect(pool.health.alerts.find((a) => a.code === 'smart-failing')?.devid).toBe(2);
    await page.goto(`/pools/${uuid}`);
    await expect(page.locator('.badge[data-status="at-risk"]').first()).toContainText('At risk');
    await expect(page.getByTestId('at-risk-banner')).toContainText('Pool at risk');
    const panel = page.getByTestId('maintenance-panel');
    await expect(panel).toHaveAttribute('data-state', 'replace-failing');
    await expect(page.getByText('media and data integrity error').first()).toBeVisible();
    await expect(panel.locator('[data-kind="replace-failing"]')).toContainText(`btrfs replace start -r 2`);
    await screenshot(page, 'verdict-smart-at-risk');
    await page.goto('/');
    await expect(page.getByTestId(`pool-row-${uuid}`)).toHaveAttribute('data-status', 'at-risk');
    await expect(page.getByTestId(`pool-row-${uuid}`)).toContainText('At risk');
  } finally {
    await writeFile(SMART_MAP, '{}\n');
    await downScenario(ROOT, 'raid1-healthy');
  }
});

test('(b) a replaced member plugged in again: flagged as an old member, never offered as a spare', async ({ page }) => {
  const lab = await upScenario(ROOT, 'replaced-member-back');
  try {
    const uuid = lab.pool('replaced-back').uuid;
    const stale = lab.loopOf('d3');
    const pool = await waitForPool(page.request, uuid, (p) => p.health.alerts.some((a) => a.code === 'stale-member'), 'with an old member attached');
    expect(pool.health.alerts.find((a) => a.code === 'stale-member')?.message).toContain(stale);
    await page.goto(`/pools/${uuid}`);
    await expect(page.getByText('Old member attached')).toBeVisible();
    await page.goto('/disks');
    const row = page.locator('[data-testid="disk-row"][data-role="stale-member"]').filter({ hasText: stale });
    await expect(row).toContainText('Old member of pool');
    await expect(row).toContainText('wipe before reuse');
    await screenshot(page, 'verdict-old-member');
    // Not a spare candidate: the disks a replace or an add may use do not include it.
    const disks = (await (await page.request.get('/api/disks')).json()) as { disks: { path: string | null; role: string }[] };
    expect(disks.disks.find((d) => d.path === stale)?.role).toBe('stale-member');
    const refused = await page.request.post(`/api/pools/${uuid}/actions/add-devices`, {
      data: { disks: [`loop:${lab.state.disks.d3!.file}`], wipe: true, dryRun: true },
      headers: { [CSRF_HEADER]: SessionResponse.parse(await (await page.request.get('/api/session')).json()).csrfToken ?? '' },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('old member of pool');

    // Through the UI: the replace form opens with no disk selected, does not offer the old member,
    // and says why it is left out; disks are named by identity first, the kernel path last.
    await page.goto(`/pools/${uuid}`);
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Replace a member' }).click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'replace');
    const target = dialog.locator('#action-target');
    await expect(target).toHaveValue('');
    const d3Key = `loop:${lab.state.disks.d3!.file}`;
    await expect(target.locator(`option[value="${d3Key}"]`)).toHaveCount(0);
    const left = dialog.getByTestId('ineligible-disks');
    await left.locator('summary').click();
    const item = left.locator(`li[data-key="${d3Key}"]`);
    await expect(item).toContainText(`loop device on ${lab.state.disks.d3!.file}`);
    await expect(item).toContainText(`now at ${stale}`);
    await expect(item.getByTestId('ineligible-reason')).toHaveText('an old member of pool pw-replaced-back: wipe it before reuse');
    await screenshot(page, 'verdict-old-member-not-offered');
    await dialog.getByTestId('close-dialog').click();

    // Wipe it, from its row on the disks page: preview first (what wipefs would erase), the label and
    // the disk typed, then it is blank and offered as an unused disk.
    await page.goto('/disks');
    await row.getByTestId('wipe-old-member').click();
    await expect(dialog).toHaveAttribute('data-action', 'wipe-old-member');
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`wipefs -a -- ${stale}`);
    await expect(dialog.getByTestId('plan-warnings')).toContainText(/would erase: btrfs at offset 0x[0-9a-f]+/);
    const want = `pw-replaced-back ${stale}`;
    await expect(dialog.locator('label[for="confirm-label"] strong')).toHaveText(want);
    const run = dialog.getByTestId('run-action');
    await dialog.getByTestId('confirm-label').fill('pw-replaced-back');
    await expect(run, 'the label alone does not confirm the wipe').toBeDisabled();
    await dialog.getByTestId('confirm-label').fill(want);
    await screenshot(page, 'verdict-old-member-wipe-preview');
    await run.click();
    await expect(dialog.getByTestId('job-card')).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
    await expect(dialog.getByTestId('job-summary')).toContainText(`${stale} wiped: btrfs at offset`);
    await dialog.getByTestId('close-dialog').click();
    await page.goto('/disks');
    await expect(page.locator('[data-testid="disk-row"][data-role="unused"]').filter({ hasText: stale })).toBeVisible({ timeout: 30_000 });
  } finally {
    await downScenario(ROOT, 'replaced-member-back');
  }
});
