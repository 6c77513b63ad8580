/**
 * Loading, empty and error states. These answers cannot be produced on demand by the real
 * machine (btrfs-progs missing, a server from another version), so the API is intercepted in the
 * browser; the page, its parsing and its wording are the real ones.
 */
import { expect, test } from './fixtures.ts';

const json = (body: unknown, status = 200) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

test('an empty machine says that no btrfs pools were found', async ({ page }) => {
  await page.route('/api/pools', (route) => route.fulfill(json({ pools: [], scannedAt: new Date().toISOString() })));
  await page.goto('/');
  await expect(page.getByTestId('pools-empty')).toContainText('No btrfs pools found on this machine');
  await expect(page.getByTestId('degraded-banner')).toHaveCount(0);
});

test("the watcher's error (btrfs missing) is shown instead of a blank page", async ({ page }) => {
  const status = { version: 1, scannedAt: null, error: { code: 'host-error', message: 'btrfs is not installed' } };
  await page.route('/api/status', (route) => route.fulfill(json(status)));
  // The live stream carries the status too: it must tell the same story.
  await page.route('/api/events', (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: `event: change\ndata: ${JSON.stringify(status)}\n\n` }));
  await page.route('/api/pools', (route) => route.fulfill(json({ code: 'host-error', message: 'btrfs is not installed (apt-get install btrfs-progs)' }, 503)));
  await page.goto('/');
  const alerts = page.locator('main [role="alert"]');
  await expect(alerts.filter({ hasText: "poolwatch cannot read this machine's pools" })).toContainText('btrfs is not installed');
  await expect(alerts.filter({ hasText: 'Could not load the pools' })).toContainText('btrfs is not installed (apt-get install btrfs-progs)');
  await expect(page.getByTestId('alert-unknown')).toBeVisible();
});

test('while btrfs hangs, every page says the data is old, since when, and on which command', async ({ page }) => {
  const since = new Date(Date.now() - 3 * 60_000).toISOString();
  const status = {
    version: 1, scannedAt: since, error: null, ageSeconds: 180,
    scan: { runningSince: since, stuckOn: { command: ['btrfs', 'filesystem', 'show', '--raw', '--', 'some-uuid'], since } },
    stale: { since, reason: 'btrfs is not answering (btrfs filesystem show has waited 3 min)' },
  };
  await page.route('/api/status', (route) => route.fulfill(json(status)));
  await page.route('/api/events', (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: `event: change\ndata: ${JSON.stringify(status)}\n\n` }));
  await page.goto('/');
  const alert = page.getByTestId('stale-alert');
  await expect(alert).toContainText('poolwatch cannot read the pools now');
  await expect(alert).toContainText('btrfs is not answering');
  await expect(alert).toContainText('btrfs filesystem show --raw -- some-uuid');
  await page.goto('/disks');
  await expect(page.getByTestId('stale-alert')).toBeVisible();
});

test('an answer that breaks the contract is reported as such', async ({ page }) => {
  await page.route('/api/pools', (route) => route.fulfill(json({ pools: [{ uuid: 'x' }], scannedAt: 'now' })));
  await page.goto('/');
  await expect(page.locator('main [role="alert"]')).toContainText("The server's answer to GET /api/pools does not match what this page expects");
});

test('pools show a loading state while the server is slow', async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('/api/pools', async (route) => {
    await held;
    await route.fulfill(json({ pools: [], scannedAt: new Date().toISOString() }));
  });
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Loading pools' })).toBeVisible();
  release();
  await expect(page.getByTestId('pools-empty')).toBeVisible();
});

test('an unknown pool uuid gives the server message, not a blank page', async ({ page }) => {
  await page.goto('/pools/00000000-0000-0000-0000-000000000000');
  await expect(page.locator('main [role="alert"]')).toContainText('no btrfs pool with uuid 00000000-0000-0000-0000-000000000000');
});
