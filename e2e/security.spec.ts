/**
 * The built UI under the server's strict Content-Security-Policy (no inline script or style, no
 * eval, no framing), in Chromium: every page renders and the browser reports no violation. Also
 * what a browser sees of the other web guards: the headers, the 421 for a foreign Host.
 */
import { expect, test } from './fixtures.ts';

const PAGES = ['/', '/disks', '/jobs', '/smartd', '/audit', '/audit?outcome=refused&action=auth', '/tokens', '/users', '/account/password'];

test('every page renders under the strict CSP without a single violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|connect)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  for (const path of PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    expect(response?.headers()['referrer-policy']).toBe('same-origin');
    // The app rendered: React ran (a script), its stylesheet applied (the header has its layout).
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page.locator('h1').first()).toBeVisible();
    expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).display)).not.toBe('inline');
    const reported = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    expect([...violations, ...reported], path).toEqual([]);
  }
});

test('the page cannot be framed by another site', async ({ page }) => {
  await page.goto('/');
  const headers = (await page.request.get('/')).headers();
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  // A frame of the page is blocked by the browser: its document stays empty. (`load` waits for the frame.)
  await page.setContent(`<iframe id="f" src="${new URL('/', page.url()).href}"></iframe>`, { waitUntil: 'load' });
  const framed = await (await page.$('#f'))!.contentFrame();
  expect(framed).not.toBeNull();
  expect(framed!.url()).not.toMatch(/^http/);
  expect(await framed!.locator('#root').count()).toBe(0);
});

test('a changed password logs out the other sessions and the new one works', async ({ page, browser }) => {
  // A viewer of its own, so the admin the other specs use keeps its password.
  const viewer = { username: 'e2e-pw-viewer', password: 'first viewer secret' };
  const created = await page.request.post('/api/users', {
    data: { ...viewer, role: 'viewer' },
    headers: { 'x-csrf-token': (await (await page.request.get('/api/session')).json()).csrfToken },
  });
  expect(created.status()).toBe(201);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/login');
  await otherPage.getByLabel('Username').fill(viewer.username);
  await otherPage.getByLabel('Password').fill(viewer.password);
  await otherPage.getByRole('button', { name: 'Log in' }).click();
  await expect(otherPage.getByTestId('user-menu')).toContainText(viewer.username);

  const mine = await browser.newContext();
  const me = await mine.newPage();
  await me.goto('/login');
  await me.getByLabel('Username').fill(viewer.username);
  await me.getByLabel('Password').fill(viewer.password);
  await me.getByRole('button', { name: 'Log in' }).click();
  await me.getByTestId('account-toggle').click();
  await me.getByTestId('change-password-link').click();
  await me.getByLabel('Current password').fill(viewer.password);
  await me.getByLabel('New password', { exact: true }).fill('password1234');
  await me.getByLabel('New password again').fill('password1234');
  await me.getByTestId('password-submit').click();
  await expect(me.getByRole('alert').filter({ hasText: /common password/ })).toBeVisible();
  await me.getByLabel('Current password').fill(viewer.password);
  await me.getByLabel('New password', { exact: true }).fill('second viewer secret');
  await me.getByLabel('New password again').fill('second viewer secret');
  await me.getByTestId('password-submit').click();
  await expect(me.getByTestId('password-changed')).toBeVisible();
  // The other browser was logged out; this one stays in.
  expect((await otherPage.request.get('/api/pools')).status()).toBe(401);
  expect((await me.request.get('/api/pools')).status()).toBe(200);
  await other.close();
  await mine.close();
});
