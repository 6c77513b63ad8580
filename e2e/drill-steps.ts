/**
 * What the recovery drills do in the browser, shared by the specs that follow a plan on real lab
 * pools: run an action from its dialog (preview, typed confirmation, Run, the job's end), close it,
 * find a step of the "Maintenance required" panel, and check every file the lab wrote by checksum.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Lab } from '../lab/lab.ts';
import { expect } from './fixtures.ts';
import { screenshot } from './helpers.ts';

/** A small replace or balance on loop devices ends in seconds; a slow machine gets room. */
export const JOB_TIMEOUT_MS = 60_000;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file the lab wrote reads back from the pool with the checksum it was written with. */
export async function expectChecksums(lab: Lab, poolName: string, mountPoint: string): Promise<void> {
  const files = lab.pool(poolName).files;
  expect(Object.keys(files).length).toBeGreaterThan(0);
  for (const [name, digest] of Object.entries(files)) expect(await sha256File(join(mountPoint, name)), `${name} read back`).toBe(digest);
}

/** Preview (for actions with a form), optionally type the label, Run, and wait for the job's end. */
export async function runFromDialog(page: Page, opts: { label?: string; shot?: string; expectState?: string } = {}): Promise<void> {
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog.getByTestId('plan-commands')).toBeVisible();
  const run = dialog.getByTestId('run-action');
  if (opts.label) {
    // The pool's label, then (for a replace) the target disk's serial or by-id name — a loop device has neither: its path.
    const want = (await dialog.locator('label[for="confirm-label"] strong').textContent()) ?? '';
    expect(want.startsWith(opts.label), `the confirmation "${want}" starts with the pool label`).toBe(true);
    await expect(run).toBeDisabled();
    await dialog.getByTestId('confirm-label').fill(opts.label);
    if (want !== opts.label) await expect(run, 'the label alone does not confirm a replace').toBeDisabled();
    await dialog.getByTestId('confirm-label').fill(want.toUpperCase());
    await expect(run).toBeDisabled();
    await dialog.getByTestId('confirm-label').fill(want);
  }
  await expect(run).toBeEnabled();
  if (opts.shot) await screenshot(page, opts.shot);
  await run.click();
  const card = dialog.getByTestId('job-card');
  await expect(card).toBeVisible();
  await expect(card, 'the job ends').toHaveAttribute('data-state', opts.expectState ?? 'succeeded', { timeout: JOB_TIMEOUT_MS });
}

export async function closeDialog(page: Page): Promise<void> {
  await page.getByTestId('action-dialog').getByTestId('close-dialog').click();
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
}

export function step(page: Page, kind: string) {
  return page.getByTestId('maintenance-panel').locator(`li[data-kind="${kind}"]`);
}
