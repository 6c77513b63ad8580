/**
 * The API needs a user. Every e2e test runs signed in: the first test of a run creates the admin
 * through first-run setup (the server's data folder is new for each run), later ones log in.
 * Signing in through `context.request` puts the session cookie in the browser context itself.
 */
import { type APIRequestContext, test as base, expect } from '@playwright/test';
import { SessionResponse } from '../contracts/auth.ts';
import { labSkipReason } from '../lab/require-lab.ts';

/** Test-only credentials for a throwaway server; POOLWATCH_ADMIN_* win when the server was started with them. */
const E2E_USER = process.env.POOLWATCH_ADMIN_USER ?? 'e2e-admin';
const E2E_PASSWORD = process.env.POOLWATCH_ADMIN_PASSWORD ?? 'e2e-only-password-0f3c';

export async function signIn(request: APIRequestContext): Promise<void> {
  const session = SessionResponse.parse(await (await request.get('/api/session')).json());
  if (session.user) return;
  const credentials = { username: E2E_USER, password: E2E_PASSWORD };
  const res = session.setupRequired
    ? await request.post('/api/setup', { data: { ...credentials, setupToken: process.env.POOLWATCH_SETUP_TOKEN } })
    : await request.post('/api/login', { data: credentials });
  expect(res.ok(), `signing in as ${E2E_USER} answered ${res.status()}: ${await res.text()}`).toBe(true);
}

export const test = base.extend<{ signedIn: void }>({
  signedIn: [
    async ({ context }, use) => {
      await signIn(context.request);
      await use();
    },
    { auto: true },
  ],
});

/**
 * For a spec file on real lab pools: its tests run one after another, a missing button fails fast
 * instead of eating the test's time, and the file skips (fails under CI) where the lab cannot run.
 */
export function onRealPools(): void {
  test.describe.configure({ mode: 'serial' });
  test.use({ actionTimeout: 20_000 });
  test.beforeAll(async () => {
    const reason = await labSkipReason();
    test.skip(reason !== null, reason ?? '');
  });
}

export { expect };
