/**
 * Login, roles and API tokens in the browser. Uses Playwright's plain `test` (not the signed-in
 * fixture): these tests are about getting in.
 */
import { expect, test } from '@playwright/test';
import { AuditResponse } from '../contracts/audit.ts';
import { e2eAdmin, login, logout, openAccountMenu } from './login.ts';

test('an anonymous visitor is sent to the login page, and the API refuses them', async ({ page }) => {
  expect((await page.request.get('/api/pools')).status()).toBe(401);
  await page.goto('/disks');
  await expect(page).toHaveURL(/\/login\?next=%2Fdisks$/);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
});

test('a wrong password is refused; the right one opens the page asked for, with a strict session cookie', async ({ page, context }) => {
  await page.goto('/login?next=%2Fdisks');
  await page.getByLabel('Username').fill(e2eAdmin().username);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password.');

  await page.getByLabel('Password').fill(e2eAdmin().password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/disks$/);
  await expect(page.getByTestId('user-menu')).toContainText(`${e2eAdmin().username} (admin)`);
  const cookie = (await context.cookies()).find((c) => c.name === 'pw_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  // Page scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain('pw_session');
});

test('an admin creates an API token, sees it once, uses it, and revokes it', async ({ page, playwright, baseURL }) => {
  await login(page);
  await openAccountMenu(page);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Name').fill('e2e-monitoring');
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByTestId('token-create').click();
  const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
  expect(secret).toMatch(/^pw_[A-Za-z0-9_-]{43}$/);

  // A script with the token: no cookie, no CSRF token.
  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await script.get('/api/pools')).status()).toBe(200);
  expect((await script.post('/api/tokens', { data: { name: 'nope', role: 'admin' } })).status()).toBe(403); // viewer token

  await page.getByTestId('token-created-done').click();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await expect(page.getByTestId('tokens-table')).not.toContainText(secret);
  const row = page.locator('[data-testid="token-row"][data-token-name="e2e-monitoring"]');
  await expect(row).toContainText('active');
  page.once('dialog', (d) => void d.accept());
  await row.getByTestId('token-revoke').click();
  await expect(row).toContainText('revoked');
  expect((await script.get('/api/pools')).status()).toBe(401);
  await script.dispose();
});

test('a change from the page without the CSRF token is refused', async ({ page }) => {
  await login(page);
  // Same cookie as the page, but no X-CSRF-Token header: what a forged cross-site request would look like.
  const res = await page.request.post('/api/tokens', { data: { name: 'forged', role: 'admin' } });
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ code: 'csrf' });
});

test('a viewer sees the pools and the audit log but no account administration', async ({ page, playwright, baseURL }) => {
  await login(page);
  const viewer = { username: 'e2e-viewer', password: 'e2e viewer password' };
  await page.goto('/users');
  await page.getByLabel('Username').fill(viewer.username);
  await page.getByLabel('Password').fill(viewer.password);
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByTestId('user-create').click();
  await expect(page.locator(`[data-testid="user-row"][data-user-name="${viewer.username}"]`)).toContainText('viewer');
  await logout(page);

  await login(page, viewer);
  await expect(page.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await openAccountMenu(page);
  await expect(page.getByTestId('logout-button')).toBeVisible();
  await expect(page.getByRole('link', { name: 'API tokens' })).toHaveCount(0);
  await page.goto('/tokens');
  await expect(page.getByTestId('admin-only')).toBeVisible();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.locator('[data-testid="audit-row"][data-action="user.create"]').first()).toContainText(viewer.username);

  // Every login is in the log; the passwords are not.
  const admin = await playwright.request.newContext({ baseURL });
  await admin.post('/api/login', { data: e2eAdmin() });
  const log = AuditResponse.parse(await (await admin.get('/api/audit?limit=500')).json());
  expect(log.entries.filter((e) => e.action === 'auth.login' && e.outcome === 'ok').map((e) => e.actor)).toEqual(expect.arrayContaining([viewer.username, e2eAdmin().username]));
  expect(JSON.stringify(log)).not.toContain(viewer.password);
  expect(JSON.stringify(log)).not.toContain(e2eAdmin().password);
  await admin.dispose();
});

test('logging out ends the session', async ({ page }) => {
  await login(page);
  await logout(page);
  expect((await page.request.get('/api/pools')).status()).toBe(401);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
