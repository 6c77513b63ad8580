/**
 * A SMART self-test started from a disk's SMART page is a job like any other: the page shows it
 * with the jobs' card (state, progress, outcome in the jobs' words), it ends with the drive's
 * self-test result in words, and /jobs lists it. The drive is the fake smartctl (fixtures/bin)
 * answering for a lab pool member's loop device: a recorded SATA SSD whose test runs for two polls.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DisksResponse } from '../contracts/api.ts';
import { downScenario, upScenario } from '../lab/cli.ts';
import { teardown } from '../lab/lab.ts';
import { expect, onRealPools, test } from './fixtures.ts';
import { screenshot, waitForPool } from './helpers.ts';

const ROOT = resolve('.lab', `e2e-smart-self-test-${process.pid}`);
/** The fake smartctl's device map (playwright.config.ts points the server at it). */
const SMART_MAP = process.env.POOLWATCH_E2E_SMART_MAP ?? '';
const SCENARIO = 'raid1-healthy';

onRealPools();

test.afterAll(async () => {
  if (SMART_MAP) await writeFile(SMART_MAP, '{}\n').catch(() => undefined);
  await downScenario(ROOT, SCENARIO).catch(() => undefined);
  await teardown(ROOT).catch(() => undefined);
});

test('a self-test started on the SMART page is followed as a job to the drive\'s result', async ({ page }) => {
  test.skip(!SMART_MAP && !process.env.CI, 'the server was not started with the fake smartctl (POOLWATCH_E2E_SMART_MAP)');
  expect(SMART_MAP, 'POOLWATCH_E2E_SMART_MAP must be set under CI').not.toBe('');
  const running = 'sata-hdd-wd140edfz-selftest-in-progress_a.json';
  await writeFile(SMART_MAP, JSON.stringify({
    [join(ROOT, SCENARIO, 'd1.img')]: { report: 'sata-ssd-samsung-860evo_x.json', poll: [running, running, 'sata-ssd-samsung-860evo_x.json'] },
  }));
  const lab = await upScenario(ROOT, SCENARIO);
  try {
    const uuid = lab.pool(SCENARIO).uuid;
    await waitForPool(page.request, uuid, (p) => p.missingCount === 0, 'with every member');
    const loop = lab.loopOf('d1');
    const disks = DisksResponse.parse(await (await page.request.get('/api/disks')).json());
    const key = disks.disks.find((d) => d.path === loop)?.identity.key;
    expect(key, `disk ${loop} on /api/disks`).toBeTruthy();

    await page.goto(`/disks/${encodeURIComponent(key!)}/smart`);
    await page.getByRole('button', { name: /^Start short test/ }).click();
    const card = page.getByTestId('job-card');
    await expect(card).toContainText('SMART self-test');
    await expect(card).toContainText(loop);
    // The drive's own words, as the jobs pages end every job: "Succeeded", then what it found.
    await expect(card).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
    await expect(card).toContainText('Succeeded');
    await expect(card).toContainText('Short offline self-test: Completed without error');
    await screenshot(page, 'smart-self-test-job');

    // The same job on /jobs, with the same words.
    const jobId = await card.getAttribute('data-job-id');
    await page.goto('/jobs');
    const row = page.locator(`a[href="/jobs/${jobId}"]`).first();
    await expect(row).toBeVisible();
    await page.goto(`/jobs/${jobId}`);
    await expect(page.locator('main')).toContainText('Short offline self-test: Completed without error');
    await expect(page.locator('main')).toContainText('Succeeded');
  } finally {
    await writeFile(SMART_MAP, '{}\n');
    await downScenario(ROOT, SCENARIO);
  }
});
