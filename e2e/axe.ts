/**
 * axe-core in Chromium: a page has no serious or critical WCAG 2.1 AA violation (contrast included).
 * "moderate" and "minor" findings are printed as annotations of the test, not failed.
 */
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';

/** Impacts that fail the scan. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const failing = result.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  const other = result.violations.filter((v) => !FAILING_IMPACTS.has(v.impact ?? ''));
  if (other.length) test.info().annotations.push({ type: 'axe (not failing)', description: `${where}: ${other.map((v) => `${v.id} (${v.impact})`).join(', ')}` });
  const described = failing.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(described, `axe on ${where}`).toEqual([]);
}

/** axe at a phone's width too, where wide tables scroll inside their own box (a region that needs keyboard access). */
export async function axeNarrowAndWide(page: Page, where: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 900 });
  try {
    await axe(page, `${where} at 390 px`);
  } finally {
    if (size) await page.setViewportSize(size);
  }
  await axe(page, where);
}
