/**
 * Issue 10 drill (a) in the browser, on real lab pools: a raid1 of three 512 MiB members with
 * devid 3 pulled and a blank 512 MiB spare attached, at ~35 % and ~60 % data use.
 * - ~35 %: before anything runs the plan says replace fits, with the numbers, and shows the whole
 *   route (done / now / next) with the routes that cannot run here blocked and why; following it
 *   in the UI ends with every member present, one profile per type and every checksum intact.
 * - ~60 %: the plan says replace does not fit, with the numbers; every repair route is shown
 *   blocked and its action disabled (nothing runnable can end in ENOSPC or a forced read-only
 *   pool); the route offered — remount read-only and copy the data off — is carried out here and
 *   every file copied off matches its checksum.
 */
import { mkdir, rm } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { join, resolve } from 'node:path';
import { breakScenario, downScenario, upScenario } from '../lab/cli.ts';
import { sh, teardown } from '../lab/lab.ts';
import { closeDialog, expectChecksums, runFromDialog, sha256File, step } from './drill-steps.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { SCAN_TIMEOUT_MS, screenshot, waitForPool } from './helpers.ts';

const ROOT = resolve('.lab', `e2e-space-${process.pid}`);
const FITS = 'raid1-space-fits';
const SHORT = 'raid1-space-short';
const MIB_NUMBER = /\d+(\.\d+)? MiB/;

onRealPools();

test.afterAll(async () => {
  for (const s of [FITS, SHORT]) await downScenario(ROOT, s).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

/** Builds the scenario whole, lets poolwatch see every member, then pulls devid 3 and mounts degraded,rw. */
async function brokenPool(page: Page, name: string) {
  const lab = await upScenario(ROOT, name, { break: false });
  const pool = lab.pool(name);
  await waitForPool(page.request, pool.uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === 3, 'with its three members');
  await breakScenario(lab);
  await waitForPool(page.request, pool.uuid, (p) => p.mounted && p.missingCount === 1 && (p.space?.verdicts.length ?? 0) > 0, 'degraded, mounted, with its space read');
  return { lab, ...pool };
}

test('(a) ~35 %: the plan says replace fits, with the numbers; following it restores every member, one profile per type, every checksum', async ({ page }) => {
  const { lab, uuid, label, mountPoint } = await brokenPool(page, FITS);
  try {
    const spare = lab.state.disks.spare!;
    await page.goto(`/pools/${uuid}`);
    const panel = page.getByTestId('maintenance-panel');
    await expect(panel).toHaveAttribute('data-state', 'repair', { timeout: SCAN_TIMEOUT_MS });
    // Before anything runs: replace is the plan (a spare is attached) and it fits — the numbers say why.
    await expect(panel).toHaveAttribute('data-recommended', 'replace-missing');
    const verdict = page.getByTestId('space-section').getByTestId('space-replace');
    await expect(verdict).toHaveAttribute('data-fits', 'yes');
    await expect(verdict).toContainText(/more than 205 MiB unallocated on the surviving members together, and they have \d+(\.\d+)? MiB/);
    // The whole route: mounting and the rw remount are behind, the replace is now, the scrub next.
    await expect(step(page, 'mount-degraded-ro')).toHaveAttribute('data-status', 'done');
    await expect(step(page, 'replace-missing')).toHaveAttribute('data-status', 'now');
    await expect(step(page, 'scrub')).toHaveAttribute('data-status', 'next');
    // Removing the missing member would move the metadata after the data: shown blocked, and its action disabled, with the same reason.
    await expect(step(page, 'remove-missing')).toHaveAttribute('data-status', 'blocked');
    await expect(step(page, 'remove-missing').getByTestId('step-blocked-reason')).toContainText(/read-only/);
    const launcher = page.getByTestId('action-launcher');
    await expect(launcher.getByRole('button', { name: 'Remove the missing member' })).toBeDisabled();
    await expect(launcher.getByTestId('blocked-actions').locator('li[data-action="remove-missing"]')).toContainText(/read-only/);
    await screenshot(page, 'drill-a-35-plan');

    // Follow the plan: the replace step, the spare chosen by the admin (never pre-selected), the preview, the typed confirmation.
    await step(page, 'replace-missing').getByTestId('step-action').click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'replace');
    await expect(dialog.locator('#action-target')).toHaveValue('');
    await dialog.locator('#action-target').selectOption(`loop:${spare.file}`);
    await dialog.getByTestId('preview-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs replace start -- 3 ${spare.loop} ${mountPoint}`);
    await runFromDialog(page, { label });
    await closeDialog(page);

    const whole = await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === 3, 'with every member present');
    expect(whole.devices.find((d) => d.devid === 3)?.path).toBe(spare.loop);
    // Chunks written while degraded may be single: the plan's convert step brings them back.
    const mixedCard = page.locator('[data-testid="advice-card"][data-code="mixed-profiles"]');
    if (whole.health.alerts.some((a) => a.code === 'mixed-profiles')) {
      await mixedCard.getByTestId('alert-action').click();
      await runFromDialog(page);
      await closeDialog(page);
    }
    await expect(panel).toHaveAttribute('data-state', 'scrub-after-repair', { timeout: SCAN_TIMEOUT_MS });
    await step(page, 'scrub').getByTestId('step-action').click();
    await runFromDialog(page);
    await closeDialog(page);
    await expect(panel).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    const done = await waitForPool(page.request, uuid, (p) => p.profiles.data.length === 1 && p.profiles.metadata.length === 1 && p.profiles.system.length === 1, 'with one profile per type');
    expect(done.profiles).toEqual({ data: ['raid1'], metadata: ['raid1'], system: ['raid1'] });
    await expectChecksums(lab, FITS, mountPoint!);
    await screenshot(page, 'drill-a-35-done');
  } finally {
    await downScenario(ROOT, FITS);
  }
});

test('(a) ~60 %: the plan says replace does not fit, with the numbers; nothing that would fail is runnable; read-only and copy off works', async ({ page }) => {
  const { lab, uuid, mountPoint } = await brokenPool(page, SHORT);
  const copy = join(ROOT, 'copied-off');
  try {
    await page.goto(`/pools/${uuid}`);
    const panel = page.getByTestId('maintenance-panel');
    await expect(panel).toHaveAttribute('data-state', 'repair', { timeout: SCAN_TIMEOUT_MS });
    await expect(panel).toHaveAttribute('data-recommended', '');
    await expect(panel.locator('.maintenance-headline')).toHaveText('No repair fits on this pool now: copy the data off');
    const verdict = page.getByTestId('space-section').getByTestId('space-replace');
    await expect(verdict).toHaveAttribute('data-fits', 'no');
    await expect(verdict).toContainText(/more than 205 MiB unallocated .*; they have \d+(\.\d+)? MiB/);
    // Every repair route shown blocked, with why (numbers included).
    for (const kind of ['replace-missing', 'add-device', 'remove-missing']) {
      await expect(step(page, kind), kind).toHaveAttribute('data-status', 'blocked');
      await expect(step(page, kind).getByTestId('step-blocked-reason'), kind).toContainText(MIB_NUMBER);
      await expect(step(page, kind).getByTestId('step-action'), kind).toHaveCount(0);
    }
    // No enabled action can start a replace, a removal or an add that would end in ENOSPC or a read-only pool.
    const launcher = page.getByTestId('action-launcher');
    for (const action of ['replace', 'remove-missing', 'add-devices']) {
      await expect(launcher.locator(`[data-testid="action-button"][data-action="${action}"]`), action).toBeDisabled();
    }
    await expect(launcher.getByTestId('blocked-actions').locator('li')).toHaveCount(3);
    // The route offered: keep the pool read-only and copy the data off (or free space first).
    const copyStep = step(page, 'copy-data-off');
    await expect(copyStep).toHaveAttribute('data-status', 'now');
    await expect(copyStep.locator('code')).toHaveText(`mount -o remount,ro -- ${mountPoint}`);
    await expect(step(page, 'free-and-compact')).toContainText(/at least \d+(\.\d+)? MiB/);
    await screenshot(page, 'drill-a-60-plan');

    // Carried out as the step says: remount read-only, copy everything off, compare checksums.
    await sh('mount', ['-o', 'remount,ro', '--', mountPoint!]);
    await expect(panel).toHaveAttribute('data-state', 'refresh-backups-then-rw', { timeout: SCAN_TIMEOUT_MS });
    // Read-only, the plan still shows (visible from the start) that no repair fits once back to rw.
    await expect(step(page, 'replace-missing')).toHaveAttribute('data-status', 'blocked');
    await mkdir(copy, { recursive: true });
    const files = lab.pool(SHORT).files;
    for (const name of Object.keys(files)) await sh('cp', ['--', join(mountPoint!, name), join(copy, name)]);
    for (const [name, digest] of Object.entries(files)) expect(await sha256File(join(copy, name)), `${name} copied off`).toBe(digest);
    await expectChecksums(lab, SHORT, mountPoint!);
    // Nothing was run on the pool by poolwatch: no job started.
    await page.goto(`/jobs?pool=${uuid}`);
    await expect(page.getByTestId('jobs-page').or(page.locator('main'))).toBeVisible();
    await expect(page.getByTestId('job-row')).toHaveCount(0);
  } finally {
    await rm(copy, { recursive: true, force: true });
    await downScenario(ROOT, SHORT);
  }
});
