import { defineConfig } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EMBED_ALLOWED_ORIGIN } from './e2e/embed-origin.ts';
import { E2E_ADMIN } from './e2e/login.ts';

/**
 * e2e: the compiled server and UI (dist/, `npm run build`) against real lab pools.
 * Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network.
 */
const PORT = Number(process.env.POOLWATCH_E2E_PORT ?? 18080);

// The server creates this admin at start; specs sign in with it (e2e/fixtures.ts through the API,
// e2e/login.ts through the page). Set here so the test workers read the same values.
process.env.POOLWATCH_ADMIN_USER ??= E2E_ADMIN.username;
process.env.POOLWATCH_ADMIN_PASSWORD ??= E2E_ADMIN.password;
// Pools the server's mount actions mount (mount degraded,ro …) go under this run's own folder, not
// the machine's /mnt2; specs that mount read it here to unmount what is theirs.
process.env.POOLWATCH_E2E_MOUNT_ROOT ??= resolve('.lab', `e2e-mnt2-${process.pid}`);
// First-run setup needs the token the server prints at start; tests that go through setup send this one.
process.env.POOLWATCH_SETUP_TOKEN ??= `e2e-setup-token-${process.pid}-0123456789`;
// SMART comes from the fake smartctl (fixtures/bin): a device in this map file answers with a
// recorded capture (e2e/verdicts.spec.ts writes it), any other like a loop device does.
process.env.POOLWATCH_E2E_SMART_MAP ??= resolve('.lab', `e2e-smart-map-${process.pid}.json`);
mkdirSync(resolve('.lab'), { recursive: true });
writeFileSync(process.env.POOLWATCH_E2E_SMART_MAP, '{}\n');

export default defineConfig({
  testDir: 'e2e',
  // Tests share the kernel's loop devices and one server: one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 10_000 },
  retries: 0,
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  // What production runs: plain node on the compiled server (built first when a source changed).
  webServer: {
    command: 'node scripts/build.mjs --if-stale && node dist/server/main.mjs',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      POOLWATCH_DATA_DIR: `/tmp/poolwatch-e2e-${process.pid}`,
      POOLWATCH_FULL_SCAN_SECONDS: '5',
      POOLWATCH_ADMIN_USER: process.env.POOLWATCH_ADMIN_USER,
      POOLWATCH_ADMIN_PASSWORD: process.env.POOLWATCH_ADMIN_PASSWORD,
      POOLWATCH_MOUNT_ROOT: process.env.POOLWATCH_E2E_MOUNT_ROOT,
      POOLWATCH_SETUP_TOKEN: process.env.POOLWATCH_SETUP_TOKEN,
      // e2e/embed.spec.ts: its test page on this origin may embed <poolwatch-banner>.
      POOLWATCH_EMBED_ORIGINS: EMBED_ALLOWED_ORIGIN,
      POOLWATCH_SMARTCTL: resolve('fixtures', 'bin', 'smartctl'),
      POOLWATCH_FAKE_SMARTCTL_MAP: process.env.POOLWATCH_E2E_SMART_MAP,
      POOLWATCH_FAKE_SMARTCTL_NODE: process.execPath,
      // A SMART self-test is polled every second (the fake drive's test ends after a few polls).
      POOLWATCH_SELF_TEST_POLL_SECONDS: '1',
      // Sequences in the map (a test running for some polls, then done) count their steps here.
      POOLWATCH_FAKE_SMARTCTL_STATE: resolve('.lab', `e2e-smart-state-${process.pid}`),
    },
  },
});
