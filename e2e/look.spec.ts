/**
 * How every page looks, reads and behaves for someone who cannot use a mouse or a wide screen, on
 * real lab pools (a degraded one, so the banner, the guidance and a detached disk are on show):
 * at 390 px and 1280 px, light and dark — a screenshot of each page (signed out: the login page;
 * signed in: every page of the navigation, a job, a disk's SMART page and "not found") in test-results/screenshots/look-*,
 * no page scrolls sideways, the header stays one row at 1280 px and folds into a menu at 390 px,
 * and axe finds no serious or critical WCAG 2.1 AA violation (contrast included) in either theme.
 * Then: focus comes back to the opener when the action dialog closes, "Connecting…" until the first
 * event, "Offline — data from HH:MM" when the stream breaks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { DisksResponse } from '../contracts/api.ts';
import { CSRF_HEADER, SessionResponse } from '../contracts/auth.ts';
import { JobResponse } from '../contracts/jobs.ts';
import { upScenario } from '../lab/cli.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { axe } from './axe.ts';
import { expect, signIn, test } from './fixtures.ts';
import { LAB_ROOT, pools, screenshot, tearDown, waitForPool } from './helpers.ts';

const SCENARIO = 'several-pools';
const WIDTHS = [390, 1280] as const;
const THEMES = ['light', 'dark'] as const;

test.describe.configure({ mode: 'serial' });

let lab: Lab | null = null;
let degraded = '';
let healthy = '';
/** A finished scrub of the healthy pool (its job page) and a member disk of it (its SMART page). */
let jobId = '';
let diskKey = '';

test.beforeAll(async ({ browser }) => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
  lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
  degraded = lab.pool('multi-c').uuid;
  healthy = lab.pool('multi-a').uuid;
  const context = await browser.newContext();
  await signIn(context.request);
  // Seen whole first (that is how poolwatch learns each member's disk), then a member pulled.
  await waitForPool(context.request, degraded, (p) => p.missingCount === 0 && p.devices.length === 3, 'whole');
  await lab.pull('c3');
  await waitForPool(context.request, degraded, (p) => p.missingCount === 1 && p.detached.length === 1, 'degraded with a detached disk');
  const member = (await pools(context.request)).find((p) => p.uuid === healthy)?.devices.find((d) => d.path)?.path;
  diskKey = DisksResponse.parse(await (await context.request.get('/api/disks')).json()).disks.find((d) => d.path === member)?.identity.key ?? '';
  expect(diskKey, `the disks page lists ${member}`).not.toBe('');
  const csrf = SessionResponse.parse(await (await context.request.get('/api/session')).json()).csrfToken ?? '';
  const started = await context.request.post(`/api/pools/${healthy}/actions/scrub-start`, { data: {}, headers: { [CSRF_HEADER]: csrf } });
  expect(started.status(), await started.text()).toBe(202);
  jobId = String(JobResponse.parse(await started.json()).job.id);
  await expect
    .poll(async () => JobResponse.parse(await (await context.request.get(`/api/jobs/${jobId}`)).json()).job.state, { message: 'the scrub ends', timeout: 60_000 })
    .toBe('succeeded');
  await context.close();
});

test.afterAll(async () => {
  if (lab) await tearDown(SCENARIO);
});

async function themedPage(browser: Browser, width: number, theme: (typeof THEMES)[number]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme, reducedMotion: 'reduce' });
  await signIn(context.request);
  return context.newPage();
}

async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `${where}: the page is ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner);
}

/** Every visible child of the header row starts on the same line. */
async function headerInOneRow(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const row = document.querySelector('.site-header-inner');
    if (!row) return false;
    const tops = [...row.querySelectorAll(':scope > *, :scope > .site-nav > *')]
      .filter((el) => el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== 'contents' && !el.classList.contains('visually-hidden'))
      .map((el) => Math.round(el.getBoundingClientRect().top));
    return Math.max(...tops) - Math.min(...tops) <= 12;
  });
}

const pages = () => [
  { name: 'pools', path: '/' },
  { name: 'pool-degraded', path: `/pools/${degraded}` },
  { name: 'pool-healthy', path: `/pools/${healthy}` },
  { name: 'disks', path: '/disks' },
  { name: 'jobs', path: '/jobs' },
  { name: 'job', path: `/jobs/${jobId}` },
  { name: 'disk-smart', path: `/disks/${encodeURIComponent(diskKey)}/smart` },
  { name: 'smartd', path: '/smartd' },
  { name: 'schedules', path: '/schedules' },
  { name: 'notifications', path: '/notifications' },
  { name: 'support', path: '/support' },
  { name: 'audit', path: '/audit' },
  { name: 'tokens', path: '/tokens' },
  { name: 'users', path: '/users' },
  { name: 'password', path: '/account/password' },
  { name: 'not-found', path: '/no-such-page' },
];

for (const width of WIDTHS) {
  for (const theme of THEMES) {
    test(`every page at ${width} px, ${theme}: no sideways scroll, axe clean, screenshot`, async ({ browser }) => {
      const page = await themedPage(browser, width, theme);
      for (const p of pages()) {
        await page.goto(p.path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('.loading')).toHaveCount(0);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        if (p.name === 'pool-degraded') await expect(page.getByTestId('maintenance-panel')).toBeVisible();
        await noSidewaysScroll(page, `${p.path} at ${width} px`);
        await axe(page, `${p.path} (${theme}, ${width} px)`);
        await screenshot(page, `look-${p.name}-${width}-${theme}`);
      }
      // Signed out: the login page.
      const signedOut = await page.context().browser()!.newContext({ viewport: { width, height: 900 }, colorScheme: theme, reducedMotion: 'reduce' });
      const login = await signedOut.newPage();
      await login.goto('/login');
      await expect(login.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(login.locator('html')).toHaveAttribute('data-theme', theme);
      await noSidewaysScroll(login, `/login at ${width} px`);
      await axe(login, `/login (${theme}, ${width} px)`);
      await screenshot(login, `look-login-${width}-${theme}`);
      await signedOut.close();
      // The header: one row at 1280 px even with the banner up; a menu at 390 px.
      await page.goto('/');
      await expect(page.getByTestId('degraded-banner')).toBeVisible();
      if (width >= 1280) {
        expect(await headerInOneRow(page)).toBe(true);
        await expect(page.getByTestId('menu-toggle')).toBeHidden();
        // Schedules, notifications and support live in the account menu.
        await page.getByTestId('account-toggle').click();
        await page.getByRole('navigation', { name: 'Monitoring and support' }).getByRole('link', { name: 'Schedules' }).click();
        await expect(page).toHaveURL(/\/schedules$/);
        await page.goto('/');
      } else {
        const toggle = page.getByTestId('menu-toggle');
        await expect(toggle).toBeVisible();
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
        await toggle.click();
        await expect(toggle).toHaveAttribute('aria-expanded', 'true');
        const nav = page.getByRole('navigation', { name: 'Main' });
        await expect(nav).toBeVisible();
        const box = await nav.getByRole('link', { name: 'Disks' }).boundingBox();
        expect(box?.height ?? 0, 'a menu link is a 44 px target').toBeGreaterThanOrEqual(44);
        await noSidewaysScroll(page, 'open menu');
        await axe(page, `open menu (${theme})`);
        await screenshot(page, `look-menu-${width}-${theme}`);
        await nav.getByRole('link', { name: 'Disks' }).click();
        await expect(page).toHaveURL(/\/disks$/);
        await expect(nav).toBeHidden();
      }
      // The banner's details name the pool that is not imported and say what Import does.
      const trigger = page.getByTestId('degraded-banner').getByRole('link', { name: /Pool degraded/ });
      await trigger.focus();
      const details = page.getByTestId('degraded-details');
      await expect(details).toBeVisible();
      // Labels repeat across labs on one machine; the link's uuid does not.
      const ours = details.getByTestId('unimported-pool').filter({ has: page.locator(`a[href="/pools/${degraded}"]`) });
      await expect(ours).toContainText('pw-multi-c');
      await expect(ours).toContainText('not imported');
      await expect(details.getByTestId('import-explained')).toContainText('writes nothing to the disks');
      await noSidewaysScroll(page, 'banner details');
      await screenshot(page, `look-banner-${width}-${theme}`);
      await page.context().close();
    });
  }
}

test('the theme toggle switches to dark and back, and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('account-toggle').click();
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('account-toggle').click();
  await page.getByTestId('theme-auto').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('focus returns to the button that opened the action dialog', async ({ page }) => {
  await page.goto(`/pools/${healthy}`);
  const opener = page.getByTestId('action-launcher').getByRole('button', { name: 'Scrub' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('plan-commands')).toContainText('btrfs scrub start');
  await axe(page, 'action dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  // Closed with its Close button, too.
  await opener.click();
  await page.getByTestId('close-dialog').click();
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
  await expect(opener).toBeFocused();
});

/**
 * The page's event stream, served by this test instead of poolwatch: held (no event yet), then one
 * real `change` event, then gone (sockets closed, connections refused) — what a stopped server looks
 * like to the page — then back.
 */
async function fakeEventServer(status: string) {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const server = createServer((_req, res) => {
    void held.then(() => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(`event: change\ndata: ${status}\n\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/events`,
    release,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
    start: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
  };
}

test('"Connecting…" until the first event; "Offline — data from HH:MM" when the server goes away', async ({ page }) => {
  const status = await (await page.request.get('/api/status')).text();
  const events = await fakeEventServer(status);
  await page.route('**/api/events', (route) => route.continue({ url: events.url }));
  try {
    await page.goto('/');
    await expect(page.getByTestId(`pool-row-${degraded}`)).toBeVisible();
    const live = page.getByTestId('live-indicator');
    // The pools are on the page, but no event has come: not "Live" yet.
    await expect(live).toHaveAttribute('data-state', 'connecting');
    await expect(live.locator('.live-text')).toHaveText('Connecting…');
    const before = new Date();
    events.release();
    await expect(live).toHaveAttribute('data-state', 'live');
    await expect(live.locator('.live-text')).toHaveText('Live');

    await events.stop();
    await expect(live).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await expect(live.locator('.live-text')).toHaveText(/^Offline — data from \d{2}:\d{2}$/);
    const [, h, m] = /(\d{2}):(\d{2})/.exec((await live.textContent()) ?? '')!;
    const shown = Number(h) * 60 + Number(m);
    const was = before.getHours() * 60 + before.getMinutes();
    expect(Math.min(Math.abs(shown - was), 1440 - Math.abs(shown - was)), 'the time of the last data').toBeLessThanOrEqual(1);
    await expect(page.getByTestId('offline-notice')).toContainText('cannot be reached');
    // What the page knew stays on it.
    await expect(page.getByTestId(`pool-row-${degraded}`)).toBeVisible();
    await screenshot(page, 'look-offline');

    await events.start();
    await expect(live).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    await expect(page.getByTestId('offline-notice')).toHaveCount(0);
  } finally {
    await events.stop().catch(() => undefined);
  }
});

test('at 390 px the pools table scrolls inside its box, not the page', async ({ browser }) => {
  const page = await themedPage(browser, 390, 'light');
  await page.goto('/');
  const wrap = page.getByTestId('pools-table').locator('xpath=..');
  const { scroll, client } = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll).toBeGreaterThan(client);
  await noSidewaysScroll(page, 'pools at 390 px');
  expect((await pools(page.request)).some((p) => p.uuid === degraded)).toBe(true);
  await page.context().close();
});
