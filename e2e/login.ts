/**
 * Logging in through the UI. The e2e server is started with POOLWATCH_ADMIN_PASSWORD
 * (playwright.config.ts), so the admin exists from the first request; e2e/fixtures.ts signs in
 * through the API with the same credentials for specs that are not about the login itself.
 */
import { type Page, expect } from '@playwright/test';
import { SessionResponse } from '../contracts/auth.ts';

/** Test-only credentials for the throwaway e2e server. */
export const E2E_ADMIN = { username: 'admin', password: 'poolwatch-e2e-admin-pw' } as const;

/** The admin the server was started with (playwright.config.ts puts E2E_ADMIN into the environment). */
export function e2eAdmin(): { username: string; password: string } {
  return { username: process.env.POOLWATCH_ADMIN_USER ?? E2E_ADMIN.username, password: process.env.POOLWATCH_ADMIN_PASSWORD ?? E2E_ADMIN.password };
}

/** Logs in through the login page (or does nothing when this browser context is logged in already). */
export async function login(page: Page, credentials: { username: string; password: string } = e2eAdmin()): Promise<void> {
  const session = SessionResponse.parse(await (await page.request.get('/api/session')).json());
  if (session.user?.name === credentials.username && session.user.via === 'session') return;
  await page.goto('/login');
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('user-menu')).toContainText(credentials.username);
}

/** Opens the header's account menu (API tokens, Users, theme, Log out). */
export async function openAccountMenu(page: Page): Promise<void> {
  // Below 960 px the account menu sits in the folded navigation.
  const menu = page.getByTestId('menu-toggle');
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  const toggle = page.getByTestId('account-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Logs out through the header's account menu and waits for the login page. */
export async function logout(page: Page): Promise<void> {
  await openAccountMenu(page);
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/login/);
}
