/** After the corruption scenario's scrub, the corruption counter of the damaged member stands out. */
import { expect, test } from './fixtures.ts';
import { upScenario } from '../lab/cli.ts';
import type { Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { LAB_ROOT, screenshot, tearDown, waitForPool } from './helpers.ts';

const SCENARIO = 'corruption';
let lab: Lab | null = null;

test.beforeAll(async () => {
  const reason = await labSkipReason();
  test.skip(reason !== null, reason ?? '');
  lab = await upScenario(LAB_ROOT, SCENARIO);
});

test.afterAll(async () => {
  if (lab) await tearDown(SCENARIO);
});

test('the corruption counter of devid 2 is highlighted, with the pool total and the header indicator', async ({ page }) => {
  const uuid = lab!.pool(SCENARIO).uuid;
  await waitForPool(page.request, uuid, (p) => (p.devices.find((d) => d.devid === 2)?.errors?.corruption ?? 0) > 0, 'with corruption errors on devid 2');

  await page.goto('/');
  await expect(page.getByTestId(`pool-row-${uuid}`).getByTestId('errors-indicator')).toBeVisible();
  await expect(page.getByTestId('device-errors-indicator')).toBeVisible();

  await page.goto(`/pools/${uuid}`);
  const table = page.getByTestId('members-table');
  const damaged = table.locator('tbody tr[data-devid="2"] td[data-counter="corruption"]');
  await expect(damaged).toHaveAttribute('data-nonzero', 'true');
  await expect(damaged).toHaveClass(/counter-nonzero/);
  expect(Number(await damaged.innerText())).toBeGreaterThan(0);
  // Counters that stayed at zero are not highlighted.
  await expect(table.locator('tbody tr[data-devid="1"] td[data-counter="corruption"]')).toHaveAttribute('data-nonzero', 'false');
  await expect(table.locator('tbody tr[data-devid="2"] td[data-counter="write"]')).toHaveAttribute('data-nonzero', 'false');
  await expect(page.getByTestId('counter-totals').locator('td[data-counter="corruption"]')).toHaveAttribute('data-nonzero', 'true');
  await expect(page.locator('[data-code="device-errors"]')).toBeVisible();
  await expect(page.getByTestId('maintenance-panel')).toHaveCount(0);
  await screenshot(page, 'details-corruption');
});
