/**
 * Monitoring in the browser, as an admin uses it:
 * - Notifications: add a signed webhook channel, "Send test" reaches a receiver started here (which
 *   checks the signature), the secret is never shown back, the delivery log says sent; a channel
 *   that cannot connect says why. E-mail (STARTTLS with a login, to an smtp-server started here,
 *   parsed with mailparser), ntfy and Gotify (an HTTP receiver checking path, token and body) set up
 *   through the same form each receive their test message.
 * - On the corruption scenario: the counter history shows the damaged member, a reset from the UI
 *   keeps the values and marks who reset; recommended schedules; a scrub schedule moved to the next
 *   minute runs, appears in Jobs as started by the schedule, and moves its next run; the Support
 *   page lists the bundle's files and downloads it; the settings file goes out and comes back in.
 * - axe (at 390 px and the default width) on these pages with their tables filled: the delivery log,
 *   a schedule that ran, a counter history opened.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { upScenario } from '../lab/cli.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { SMTP_PASS, SMTP_USER, startHttpPeer, startSmtpPeer } from '../server/test-support/notify-peers.ts';
import { axeNarrowAndWide } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { LAB_ROOT, screenshot, tearDown, waitForPool } from './helpers.ts';

const SECRET = 'e2e-webhook-secret-0123456789';

interface Seen {
  body: string;
  signature: string | undefined;
}

let receiver: Server;
let receiverUrl = '';
const seen: Seen[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-poolwatch-signature-256'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/poolwatch`;
});

test.afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

async function addWebhook(page: Page, name: string, url: string, secret: string): Promise<void> {
  await page.getByTestId('channel-add').click();
  const form = page.getByTestId('channel-form');
  await form.getByTestId('channel-type').selectOption('webhook');
  await form.getByTestId('channel-name').fill(name);
  await form.getByTestId('channel-url').fill(url);
  if (secret) await form.getByTestId('channel-secret').fill(secret);
  await form.getByTestId('channel-severity').selectOption('warning');
  await form.getByTestId('channel-save').click();
  await expect(form).toHaveCount(0);
}

test('notifications: a signed webhook channel, send test, the delivery log; a channel that cannot connect says why', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  await addWebhook(page, 'Home Assistant', receiverUrl, SECRET);
  const card = page.locator('[data-testid="channel"][data-channel-name="Home Assistant"]');
  await expect(card).toContainText('Webhook (JSON, signed)');
  await expect(card).toContainText(`secret: ••••${SECRET.slice(-4)}`);
  await expect(page.locator('body')).not.toContainText(SECRET);

  await card.getByTestId('channel-test').click();
  await expect(card.getByTestId('channel-test-result')).toContainText('Sent: HTTP 204');
  expect(seen).toHaveLength(1);
  expect(seen[0]!.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(seen[0]!.body).digest('hex')}`);
  expect(JSON.parse(seen[0]!.body)).toMatchObject({ severity: 'info', events: [{ kind: 'test', phase: 'event' }] });

  // Editing without typing the secret keeps it: the next test is still signed with it.
  await card.getByTestId('channel-edit').click();
  await expect(page.getByTestId('channel-secret')).toHaveValue('');
  await page.getByTestId('channel-severity').selectOption('critical');
  await page.getByTestId('channel-save').click();
  await expect(card).toContainText('Severity critical and above');
  await card.getByTestId('channel-test').click();
  await expect(card.getByTestId('channel-test-result')).toContainText('Sent');
  expect(seen[1]!.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(seen[1]!.body).digest('hex')}`);

  // A port nothing listens on (opened and closed again here).
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  await addWebhook(page, 'Nowhere', `http://127.0.0.1:${closedPort}/hook`, '');
  const bad = page.locator('[data-testid="channel"][data-channel-name="Nowhere"]');
  await bad.getByTestId('channel-test').click();
  await expect(bad.getByTestId('channel-test-result')).toContainText(`Failed: POST http://127.0.0.1:${closedPort}/hook failed: ECONNREFUSED`);

  const log = page.getByTestId('deliveries');
  await expect(log.locator('[data-testid="delivery"][data-state="sent"]')).toHaveCount(2);
  await expect(log.locator('[data-testid="delivery"][data-state="failed"]')).toContainText('ECONNREFUSED');
  await screenshot(page, 'notifications');
  await axeNarrowAndWide(page, '/notifications with channels and the delivery log');

  // A bad URL is refused with a clear message and nothing is saved.
  await page.getByTestId('channel-add').click();
  await page.getByTestId('channel-type').selectOption('webhook');
  await page.getByTestId('channel-name').fill('Broken');
  await page.getByTestId('channel-url').fill('http://127.0.0.1:1/x');
  await page.getByTestId('channel-secret').fill('short');
  await page.getByTestId('channel-save').click();
  await expect(page.getByTestId('channel-error')).toContainText('secret: at least 16 characters');
  await expect(page.locator('[data-testid="channel"][data-channel-name="Broken"]')).toHaveCount(0);

  for (const name of ['Home Assistant', 'Nowhere']) {
    await page.locator(`[data-testid="channel"][data-channel-name="${name}"]`).getByTestId('channel-delete').click();
    await expect(page.locator(`[data-testid="channel"][data-channel-name="${name}"]`)).toHaveCount(0);
  }
});

test('notifications: e-mail, ntfy and Gotify channels set up in the form each deliver their test message to a real peer', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  const smtp = await startSmtpPeer();
  const http = await startHttpPeer();
  try {
    await page.goto('/notifications');
    const form = page.getByTestId('channel-form');
    const card = (name: string) => page.locator(`[data-testid="channel"][data-channel-name="${name}"]`);

    // E-mail: STARTTLS on the peer's port, its self-signed certificate accepted by unticking "verify", a login.
    await page.getByTestId('channel-add').click();
    await form.getByTestId('channel-type').selectOption('email');
    await form.getByTestId('channel-name').fill('Mail');
    await form.getByTestId('channel-host').fill('127.0.0.1');
    await form.getByTestId('channel-security').selectOption('starttls');
    await form.getByTestId('channel-port').fill(String(smtp.port));
    await form.locator('#ch-verify').uncheck();
    await form.getByTestId('channel-username').fill(SMTP_USER);
    await form.getByTestId('channel-secret').fill(SMTP_PASS);
    await form.getByTestId('channel-from').fill('poolwatch@nas.example.org');
    await form.getByTestId('channel-to').fill('admin@example.org, oncall@example.org');
    await form.getByTestId('channel-save').click();
    await expect(form).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(SMTP_PASS);
    await card('Mail').getByTestId('channel-test').click();
    await expect(card('Mail').getByTestId('channel-test-result')).toContainText('Sent: accepted by 127.0.0.1');
    const [mail] = await smtp.waitFor(1);
    expect((mail!.from as { text: string }).text).toContain('poolwatch@nas.example.org');
    expect((mail!.to as { text: string }).text).toBe('admin@example.org, oncall@example.org');
    expect(mail!.subject).toMatch(/test/i);
    expect(mail!.text ?? '').not.toBe('');

    // ntfy: the topic is the URL's last segment; the access token goes as a bearer token.
    for (const [type, name, url, token] of [
      ['ntfy', 'Phone (ntfy)', `${http.url}/nas-alerts`, 'tk_ntfy-access-token'],
      ['gotify', 'Gotify', `${http.url}/`, 'gotify-app-token'],
    ] as const) {
      await page.getByTestId('channel-add').click();
      await form.getByTestId('channel-type').selectOption(type);
      await form.getByTestId('channel-name').fill(name);
      await form.getByTestId('channel-url').fill(url);
      await form.getByTestId('channel-secret').fill(token);
      await form.getByTestId('channel-save').click();
      await expect(form).toHaveCount(0);
      await expect(page.locator('body')).not.toContainText(token);
      await card(name).getByTestId('channel-test').click();
      await expect(card(name).getByTestId('channel-test-result')).toContainText(`Sent: HTTP 200 from ${http.url}`);
    }
    const [ntfy, gotify] = await http.waitFor(2);
    expect(ntfy!.method).toBe('POST');
    expect(ntfy!.path).toBe('/');
    expect(ntfy!.headers.authorization).toBe('Bearer tk_ntfy-access-token');
    expect(JSON.parse(ntfy!.body)).toMatchObject({ topic: 'nas-alerts', priority: 3, title: expect.stringMatching(/test/i) });
    expect(gotify!.path).toBe('/message');
    expect(gotify!.headers['x-gotify-key']).toBe('gotify-app-token');
    expect(JSON.parse(gotify!.body)).toMatchObject({ priority: 2, title: expect.stringMatching(/test/i), message: expect.any(String) });

    for (const name of ['Mail', 'Phone (ntfy)', 'Gotify']) {
      await expect(page.getByTestId('deliveries').locator('[data-testid="delivery"][data-state="sent"]').filter({ hasText: `Test message to "${name}"` })).toHaveCount(1);
    }
    for (const name of ['Mail', 'Phone (ntfy)', 'Gotify']) {
      await card(name).getByTestId('channel-delete').click();
      await expect(card(name)).toHaveCount(0);
    }
  } finally {
    await smtp.close();
    await http.close();
  }
});

test.describe('a lab pool with corruption errors', () => {
  const SCENARIO = 'corruption';
  let lab: Lab | null = null;
  let uuid = '';

  test.beforeAll(async () => {
    const reason = await labSkipReason();
    test.skip(reason !== null, reason ?? '');
    lab = await upScenario(LAB_ROOT, SCENARIO);
    uuid = lab.pool(SCENARIO).uuid;
  });

  test.afterAll(async () => {
    if (lab) await tearDown(SCENARIO);
  });

  test('counter history, a reset that keeps it, schedules that run as jobs, the support bundle and the settings file', async ({ page }) => {
    test.setTimeout(300_000);
    page.on('dialog', (d) => void d.accept());
    await waitForPool(page.request, uuid, (p) => (p.devices.find((d) => d.devid === 2)?.errors?.corruption ?? 0) > 0, 'with corruption errors on devid 2');
    const label = `pw-${SCENARIO}`;

    // Counter history, then a reset from the UI: the history keeps the values and says who reset.
    await page.goto(`/pools/${uuid}`);
    const history = page.getByTestId('counter-history');
    const dev2 = history.locator('[data-testid="counter-device"][data-devid="2"]');
    await expect(dev2.getByTestId('counter-sparkline')).toBeVisible();
    await page.getByTestId('manage-button').click();
    await page.getByTestId('action-launcher').getByRole('button', { name: 'Reset error counters' }).click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.getByTestId('confirm-label').fill(label);
    await dialog.getByTestId('run-action').click();
    await expect(dialog.getByTestId('job-card')).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
    await dialog.getByTestId('close-dialog').click();
    await expect(dev2).toContainText('1 reset');
    await dev2.locator('summary').click();
    await expect(dev2.locator('tr[data-cause="reset"]')).toContainText(/reset by \S+/);
    await expect(dev2.locator('tr[data-cause="before-reset"]')).toContainText('kept before a reset');
    await screenshot(page, 'counter-history');
    await axeNarrowAndWide(page, 'the pool page with a counter history open');

    // Recommended schedules: a monthly scrub; loop devices have no S.M.A.R.T., and the page says so.
    await page.goto('/schedules');
    await page.locator('#rec-pool').selectOption(uuid);
    await page.getByTestId('schedules-recommended').getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('schedules-recommended')).toContainText('S.M.A.R.T. is not available on this disk');
    const row = page.locator('[data-testid="schedule"][data-kind="scrub"]').filter({ hasText: label });
    await expect(row).toContainText('monthly on day 1 at 01:00 (window 6 h)');
    await expect(row.getByTestId('schedule-last')).toContainText('never');

    // Moved to the next minute: the scheduler starts it as an ordinary job and moves its next run.
    await row.getByTestId('schedule-edit').click();
    const soon = new Date(Date.now() + 120_000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    await page.getByTestId('schedule-run-at').fill(`${soon.getFullYear()}-${p2(soon.getMonth() + 1)}-${p2(soon.getDate())}T${p2(soon.getHours())}:${p2(soon.getMinutes())}`);
    await page.getByTestId('schedule-save').click();
    await expect(row.getByTestId('schedule-last')).toContainText('job', { timeout: 180_000 });
    await expect(row.getByTestId('schedule-last')).toContainText(/job (running|succeeded)/);
    await expect(row.getByTestId('schedule-next')).toContainText(/\b1\b|01/);
    await screenshot(page, 'schedules');
    await axeNarrowAndWide(page, '/schedules with a schedule that ran');
    await row.getByTestId('schedule-last').getByRole('link', { name: 'job' }).click();
    // The job page says who started it (not the navigation's "Schedules" link, hidden in the account menu).
    await expect(page.getByTestId('job-details').getByText('schedule', { exact: true })).toBeVisible();
    await page.goto('/jobs');
    await expect(page.getByTestId('job-row').filter({ hasText: 'schedule' }).first()).toBeVisible();

    // Support: every file listed first, then the download holds exactly those.
    await page.goto('/support');
    await page.getByTestId('bundle-redact').uncheck();
    const files = page.getByTestId('bundle-file');
    await expect(files.filter({ hasText: `pools/${uuid}/fi-usage.txt` })).toContainText('btrfs filesystem usage -T');
    for (const p of ['system/uname.txt', 'btrfs/fi-show.txt', 'kernel/dmesg-storage.txt', 'disks/lsblk.txt', 'poolwatch/audit.json']) await expect(files.filter({ hasText: p })).toHaveCount(1);
    const listed = await files.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path') ?? ''));
    await screenshot(page, 'support');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bundle-download').click()]);
    const path = await download.path();
    const names = spawnSync('tar', ['-tzf', path], { encoding: 'utf8' }).stdout.trim().split('\n');
    // Every listed file about this machine and this pool is in the download (other labs on a shared machine may come and go).
    const ours = (n: string) => (!n.startsWith('pools/') && !n.startsWith('smart/')) || n.startsWith(`pools/${uuid}/`);
    expect(names.filter(ours).sort()).toEqual(listed.filter(ours).sort());
    expect(names).toContain(`pools/${uuid}/device-stats.txt`);

    // The settings file: out (no secrets by default), then back in after a preview.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('settings-export').click()]);
    const doc = JSON.parse(await readFile(await exported.path(), 'utf8')) as { format: string; schedules: unknown[] };
    expect(doc.format).toBe('poolwatch-settings');
    expect(doc.schedules.length).toBeGreaterThanOrEqual(1);
    await page.getByTestId('settings-import').setInputFiles(await exported.path());
    await expect(page.getByTestId('settings-import-preview')).toContainText(new RegExp(`This file holds ${doc.schedules.length} schedules?`));
    await page.getByTestId('settings-import-apply').click();
    await expect(page.getByTestId('settings-imported')).toContainText(new RegExp(`Imported ${doc.schedules.length} schedules?`));
    await page.getByTestId('settings-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"x"}') });
    await expect(page.getByTestId('settings-import-error')).toContainText('nothing was imported');
  });
});
