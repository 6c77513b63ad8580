/**
 * The recovery drill in the browser (issue 4), on real lab pools: a member of a raid1 of three is
 * pulled; the admin follows the guidance — mount degraded,ro → remount degraded,rw → replace the
 * missing devid with the spare — each step previewed with its exact command, the destructive one
 * confirmed by typing the pool label, progress shown, until the banner clears and every file reads
 * back with its recorded checksum. Then the below-minimum raid1 of two (replace, then the convert
 * balance that re-establishes redundancy), and a throttled replace whose progress shows on the
 * pool page and on /jobs before it is cancelled. Restart-during-replace is drilled server-side
 * (server/jobs/recovery.int.test.ts).
 */
import { rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CSRF_HEADER, SessionResponse } from '../contracts/auth.ts';
import { breakScenario, downScenario, upScenario } from '../lab/cli.ts';
import { sh, teardown } from '../lab/lab.ts';
import { throttleScrub } from '../lab/io-throttle.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { closeDialog, expectChecksums, JOB_TIMEOUT_MS, runFromDialog, step } from './drill-steps.ts';
import { SCAN_TIMEOUT_MS, screenshot, waitForPool } from './helpers.ts';
import { login } from './login.ts';

/** This spec's own lab folder: it tears down only what lies under it. */
const ROOT = resolve('.lab', `e2e-recovery-${process.pid}`);
/** Where the server's mount actions mount (playwright.config.ts); unmounted before the lab detaches its loops. */
const MOUNT_ROOT = process.env.POOLWATCH_E2E_MOUNT_ROOT ?? '/mnt2';
const DRILL = 'raid1-recovery-drill';
const BELOW = 'raid1-below-minimum';
const MIB = 1024 * 1024;

onRealPools();

test.afterAll(async () => {
  // Only this run's own mount root, never the machine's /mnt2 as a whole.
  if (process.env.POOLWATCH_E2E_MOUNT_ROOT) await teardown(MOUNT_ROOT).catch(() => undefined);
  for (const s of [DRILL, BELOW]) await downScenario(ROOT, s).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

/** Unmounts what the server mounted for this pool, then the scenario (its loops, its files). */
async function tearDownScenario(name: string, mountPoint: string | null): Promise<void> {
  if (mountPoint?.startsWith(`${MOUNT_ROOT}/`)) {
    await sh('umount', [mountPoint]).catch(() => sh('umount', ['-l', mountPoint]).catch(() => undefined));
    await rmdir(mountPoint).catch(() => undefined);
  }
  await downScenario(ROOT, name);
}

test('recovery drill: raid1 of 3, one pulled → mount degraded,ro → remount degraded,rw → replace with the spare; banner clears, every checksum matches', async ({ page }) => {
  const lab = await upScenario(ROOT, DRILL, { break: false });
  let mountPoint: string | null = null;
  try {
    const { uuid, label } = lab.pool(DRILL);
    const spare = lab.state.disks.spare!;
    // poolwatch sees the healthy pool first: that is how it knows which disk each member is.
    await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === 3, 'with its three members');
    await lab.umount(DRILL);
    await lab.pull('d2');

    await page.goto(`/pools/${uuid}`);
    await page.getByTestId('manage-button').click();
    await expect(page.getByTestId('manage-button')).toHaveText('Stop managing');
    const panel = page.getByTestId('maintenance-panel');
    await expect(panel).toHaveAttribute('data-state', 'mount-degraded-ro', { timeout: SCAN_TIMEOUT_MS });
    await expect(page.getByTestId('degraded-banner')).toBeVisible();
    await expect(page.getByTestId('action-launcher').getByTestId('action-button')).toHaveText(['Mount read-only, degraded']);

    // 1. Mount degraded,ro from the guidance step: the preview names the exact commands.
    await step(page, 'mount-degraded-ro').getByTestId('step-action').click();
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'mount-degraded-ro');
    const mnt = `${MOUNT_ROOT}/${label}`;
    await expect(dialog.getByTestId('plan-commands')).toContainText(/btrfs device scan\nmkdir -p -- \S+\nmount -t btrfs -o degraded,ro -- \/dev\/loop\d+ \S+/);
    await expect(dialog.getByTestId('plan-commands')).toContainText(mnt);
    await runFromDialog(page, { shot: 'recovery-1-mount-preview' });
    await expect(dialog.getByTestId('job-next-steps')).toContainText('backups');
    await closeDialog(page);
    await expect(panel).toHaveAttribute('data-state', 'refresh-backups-then-rw', { timeout: SCAN_TIMEOUT_MS });
    mountPoint = mnt;
    await expect(page.getByTestId('mount-info')).toContainText(mnt);
    // Read-only, the data is already there to back up.
    await expectChecksums(lab, DRILL, mnt);

    // 2. Remount degraded,rw.
    await step(page, 'remount-degraded-rw').getByTestId('step-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`mount -o remount,rw,degraded -- ${mnt}`);
    await runFromDialog(page);
    await closeDialog(page);
    await expect(panel).toHaveAttribute('data-state', 'repair', { timeout: SCAN_TIMEOUT_MS });

    // 3. Replace the missing devid 2 with the spare: preview, type the label, run, follow it. An
    // unused disk large enough is attached, so the plan is replace (issue 10: spare-aware plans),
    // which keeps three members; the earlier stages of the route are marked done.
    await expect(panel).toHaveAttribute('data-recommended', 'replace-missing');
    await expect(step(page, 'mount-degraded-ro')).toHaveAttribute('data-status', 'done');
    await expect(step(page, 'replace-missing').first()).toHaveAttribute('data-status', 'now');
    await expect(step(page, 'scrub')).toHaveAttribute('data-status', 'next');
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Replace devid 2' }).click();
    await expect(dialog).toHaveAttribute('data-action', 'replace');
    await expect(dialog.locator('#action-devid')).toHaveValue('2');
    // The old member is missing: nothing to read from, so no -r choice.
    await expect(dialog.getByTestId('replace-r')).toHaveCount(0);
    await dialog.locator('#action-target').selectOption(`loop:${spare.file}`);
    await dialog.getByTestId('preview-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs replace start -- 2 ${spare.loop} ${mnt}`);
    await runFromDialog(page, { label, shot: 'recovery-2-replace-preview' });
    await screenshot(page, 'recovery-3-replace-done');
    await closeDialog(page);

    // The pool is whole again; a convert balance where the replace left weaker chunks behind.
    const whole = await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.devices.length === 3, 'with no member missing');
    expect(whole.devices.find((d) => d.devid === 2)?.path).toBe(spare.loop);
    // Redundancy is back, but unverified: the panel stays and says to run a scrub now (issue 10).
    await expect(panel).toHaveAttribute('data-state', 'scrub-after-repair', { timeout: SCAN_TIMEOUT_MS });
    await expect(panel).toContainText('run a scrub now');
    const mixedCard = page.locator('[data-testid="advice-card"][data-code="mixed-profiles"]');
    if (whole.health.alerts.some((a) => a.code === 'mixed-profiles')) {
      await mixedCard.getByTestId('alert-action').click();
      await expect(dialog.getByTestId('plan-commands')).toContainText('-dconvert=raid1,soft -mconvert=raid1,soft');
      await runFromDialog(page);
      await closeDialog(page);
    }
    await expect(mixedCard).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    // The header banner no longer names this pool (other pools on the machine may still be degraded).
    await expect(page.locator(`[data-testid="degraded-details"] a[href="/pools/${uuid}"]`)).toHaveCount(0);
    await expect(page.getByTestId('pool-details').locator('h1 .badge')).toHaveAttribute('data-status', /^(healthy|warning)$/);
    // The spare is twice the old member's size: grow devid 2 into it (resize max), from its advice card.
    const slackCard = page.locator('[data-testid="advice-card"][data-code="replace-slack"]');
    await slackCard.getByTestId('alert-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs filesystem resize -- 2:max ${mnt}`);
    await runFromDialog(page);
    await closeDialog(page);
    await expect(slackCard).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    // The scrub the panel asks for, from its step: once it succeeded, the panel goes.
    await expect(panel).toHaveAttribute('data-state', 'scrub-after-repair');
    await step(page, 'scrub').getByTestId('step-action').click();
    await expect(dialog).toHaveAttribute('data-action', 'scrub-start');
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs scrub start -- ${mnt}`);
    await runFromDialog(page);
    await expect(dialog.getByTestId('job-summary')).toContainText('scrub found no errors');
    await closeDialog(page);
    await expect(panel).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    await screenshot(page, 'recovery-4-healthy');

    await expectChecksums(lab, DRILL, mnt);

    // Every step is a job in the list, all succeeded.
    await page.goto(`/jobs?pool=${uuid}`);
    const rows = page.getByTestId('job-row');
    await expect(rows.first()).toBeVisible();
    const kinds = await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-state')}`));
    expect(kinds).toEqual(expect.arrayContaining(['mount-degraded-ro:succeeded', 'remount-degraded-rw:succeeded', 'replace:succeeded', 'scrub-start:succeeded']));
  } finally {
    await tearDownScenario(DRILL, mountPoint);
  }
});

test('below-minimum raid1 of 2: remove-missing is refused, replace through the UI, then the convert balance restores raid1', async ({ page, browser, baseURL }) => {
  const lab = await upScenario(ROOT, BELOW, { break: false });
  try {
    const { uuid, label, mountPoint } = lab.pool(BELOW);
    const spare = await lab.disk('spare', 1024);
    await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === 2, 'with both members');
    await breakScenario(lab);
    // Written while degraded: these land in single chunks, which the convert must bring back to raid1.
    await lab.writeFile(BELOW, 'degraded.bin', 16);

    await page.goto(`/pools/${uuid}`);
    const panel = page.getByTestId('maintenance-panel');
    await expect(panel).toHaveAttribute('data-state', 'repair', { timeout: SCAN_TIMEOUT_MS });
    await expect(panel).toHaveAttribute('data-recommended', 'replace-missing');

    // A viewer sees the guidance but no way to run anything.
    const csrf = SessionResponse.parse(await (await page.request.get('/api/session')).json()).csrfToken ?? '';
    const viewer = { username: 'recovery-viewer', password: 'recovery viewer password' };
    const created = await page.request.post('/api/users', { data: { ...viewer, role: 'viewer' }, headers: { [CSRF_HEADER]: csrf } });
    expect(created.ok(), await created.text()).toBe(true);
    const viewerContext = await browser.newContext({ baseURL });
    const viewerPage = await viewerContext.newPage();
    await login(viewerPage, viewer);
    await viewerPage.goto(`/pools/${uuid}?action=replace&devid=2`);
    await expect(viewerPage.getByTestId('maintenance-panel')).toHaveAttribute('data-state', 'repair');
    await expect(viewerPage.getByTestId('read-only-note')).toContainText('Read-only account');
    await expect(viewerPage.getByTestId('step-action')).toHaveCount(0);
    await expect(viewerPage.getByTestId('action-button')).toHaveCount(0);
    await expect(viewerPage.getByTestId('action-dialog')).toHaveCount(0);
    await viewerContext.close();

    // Removing the missing member would leave one: the action bar shows it disabled with the reason
    // the server's pre-flight refuses with, and the plan shows the step as not possible here.
    const launcher = page.getByTestId('action-launcher');
    await expect(launcher.getByRole('button', { name: 'Remove the missing member' })).toBeDisabled();
    await expect(launcher.getByTestId('blocked-actions').locator('li[data-action="remove-missing"]')).toContainText('below the minimum of 2 for raid1');
    await expect(step(page, 'remove-missing')).toHaveAttribute('data-status', 'blocked');
    await expect(step(page, 'remove-missing').getByTestId('step-blocked-reason')).toContainText('below the minimum of 2 for raid1');
    // A link (or an old bookmark) that opens it anyway: the server refuses and says why; nothing runs.
    await page.goto(`/pools/${uuid}?action=remove-missing`);
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog.getByTestId('action-error')).toContainText('below the minimum of 2 for raid1');
    await expect(dialog.getByTestId('run-action')).toHaveCount(0);
    await closeDialog(page);

    await step(page, 'replace-missing').getByTestId('step-action').click();
    await expect(dialog.locator('#action-devid')).toHaveValue('2');
    await dialog.locator('#action-target').selectOption(`loop:${spare.file}`);
    await dialog.getByTestId('preview-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs replace start -- 2 ${spare.loop} ${mountPoint}`);
    await runFromDialog(page, { label });
    // btrfs leaves single chunks behind here: the job's next steps say to convert.
    await expect(dialog.getByTestId('job-next-steps')).toContainText(/convert/);
    await closeDialog(page);

    const mixedCard = page.locator('[data-testid="advice-card"][data-code="mixed-profiles"]');
    await expect(mixedCard).toBeVisible({ timeout: SCAN_TIMEOUT_MS });
    await mixedCard.getByTestId('alert-action').click();
    await expect(dialog).toHaveAttribute('data-action', 'balance-start');
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs balance start --bg -dconvert=raid1,soft -mconvert=raid1,soft -- ${mountPoint}`);
    await runFromDialog(page);
    await expect(dialog.getByTestId('job-summary')).toContainText('raid1');
    await closeDialog(page);
    await expect(mixedCard).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    // Redundancy restored: the panel stays until a scrub has verified it.
    await expect(panel).toHaveAttribute('data-state', 'scrub-after-repair', { timeout: SCAN_TIMEOUT_MS });
    await step(page, 'scrub').getByTestId('step-action').click();
    await runFromDialog(page);
    await closeDialog(page);
    await expect(panel).toHaveCount(0, { timeout: SCAN_TIMEOUT_MS });
    const done = await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.profiles.data.join() === 'raid1', 'all raid1');
    expect(done.profiles).toEqual({ data: ['raid1'], metadata: ['raid1'], system: ['raid1'] });
    await expectChecksums(lab, BELOW, mountPoint);
  } finally {
    await tearDownScenario(BELOW, null);
  }
});

test('a running replace shows its progress on the pool page and on /jobs; a too-small disk offers the shrink; cancel stops it', async ({ page }) => {
  const lab = await upScenario(ROOT, DRILL, { break: false });
  const { uuid, label, mountPoint } = lab.pool(DRILL);
  try {
    const spare = lab.state.disks.spare!;
    const tiny = await lab.disk('tiny', 256);
    // Enough data that a throttled replace runs for a while.
    await lab.writeFile(DRILL, 'big.bin', 200);
    await waitForPool(page.request, uuid, (p) => p.missingCount === 0 && p.devices.filter((d) => !d.missing).length === 3, 'with its three members');
    await throttleScrub(uuid, [1, 2, 3], 4 * MIB);

    // The SMART panel's link: replace devid 1, reading from the other mirrors.
    await page.goto(`/pools/${uuid}?action=replace&devid=1&readFromOtherMirrors=1`);
    const dialog = page.getByTestId('action-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'replace');
    await expect(dialog.locator('#action-devid')).toHaveValue('1');
    await expect(dialog.getByTestId('replace-r')).toBeChecked();

    // Too small: the refusal offers to shrink devid 1 first, as a resize with the disk's size.
    await dialog.locator('#action-target').selectOption(`loop:${tiny.file}`);
    await dialog.getByTestId('preview-action').click();
    await expect(dialog.getByTestId('action-error')).toContainText('smaller than devid 1');
    await expect(dialog.getByTestId('offer-button')).toContainText('shrink devid 1 to 256 MiB first');
    await dialog.getByTestId('offer-button').click();
    await expect(dialog).toHaveAttribute('data-action', 'resize');
    await expect(dialog.locator('#action-size')).toHaveValue(String(256 * MIB));
    // Filled in by the offer: the preview comes at once (a dry run; nothing runs).
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs filesystem resize -- 1:${256 * MIB} ${mountPoint}`);
    await closeDialog(page);
    await expect(page).toHaveURL(new RegExp(`/pools/${uuid}$`));

    // The real replace, from the launcher: -r on by default for a present member.
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Replace a member' }).click();
    await dialog.locator('#action-devid').selectOption('1');
    await expect(dialog.getByTestId('replace-r')).toBeChecked();
    await dialog.locator('#action-target').selectOption(`loop:${spare.file}`);
    await dialog.getByTestId('preview-action').click();
    await expect(dialog.getByTestId('plan-commands')).toHaveText(`btrfs replace start -r -- 1 ${spare.loop} ${mountPoint}`);
    await runFromDialog(page, { label, expectState: 'running' });
    await expect(dialog.getByTestId('job-progress')).toBeVisible();
    // A reload mid-job brings back this job, live — not a new, empty form.
    await expect(page).toHaveURL(/[?&]job=[0-9a-f-]{36}/);
    const jobId = new URL(page.url()).searchParams.get('job');
    await page.reload();
    await expect(dialog).toHaveAttribute('data-action', 'replace');
    await expect(dialog.getByTestId('job-card')).toHaveAttribute('data-state', 'running');
    await expect(dialog.getByTestId('job-card')).toHaveAttribute('data-job-id', jobId!);
    await expect(dialog.locator('#action-target')).toHaveCount(0);
    await expect(dialog.getByTestId('run-action')).toHaveCount(0);
    await closeDialog(page);

    // The pool page: the running job with a progress bar that moves past 0.
    const active = page.getByTestId('active-jobs').getByTestId('active-job');
    await expect(active).toHaveAttribute('data-kind', 'replace');
    await expect(active.getByTestId('job-progress').locator('progress')).toBeVisible();
    await expect(active.getByTestId('job-progress')).toHaveAttribute('data-percent', /^(?!0$)\d/, { timeout: 30_000 });
    // btrfs holds the pool: no other action is offered meanwhile.
    await expect(page.getByTestId('no-actions')).toBeVisible({ timeout: SCAN_TIMEOUT_MS });
    await screenshot(page, 'recovery-5-progress-pool');

    // /jobs: the same job, running, with its bar.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const row = page.locator('[data-testid="job-row"][data-kind="replace"]').first();
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(row.getByTestId('job-progress').locator('progress')).toBeVisible();
    await screenshot(page, 'recovery-6-progress-jobs');

    // The job page: commands, live log; cancel it.
    await row.getByRole('link', { name: 'Replace a member' }).click();
    const details = page.getByTestId('job-details');
    await expect(details.getByTestId('job-argv')).toContainText(`btrfs replace start -r -- 1 ${spare.loop} ${mountPoint}`);
    await expect(details.getByTestId('job-log')).toContainText('replacing devid 1');
    await screenshot(page, 'recovery-7-job-page');
    await details.getByTestId('cancel-job').click();
    await expect(details).toHaveAttribute('data-state', 'cancelled', { timeout: JOB_TIMEOUT_MS });
    await expect(details.getByTestId('cancel-job')).toHaveCount(0);
  } finally {
    await throttleScrub(uuid, [1, 2, 3], 0);
    await tearDownScenario(DRILL, null);
  }
});
