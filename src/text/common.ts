/**
 * Words every page shares: loading and error states, copy buttons, empty values, page titles.
 * Every user-facing word of the UI lives under src/text/ (docs/ui-text.md); components only pick.
 */
import type { ApiFailureKind } from '../shared/api/client.ts';

export const BRAND = 'poolwatch';

export const COMMON_TEXT = {
  /** The document title of a page. */
  pageTitle: (name: string) => `${name} · ${BRAND}`,
  loading: (what: string) => `Loading ${what}…`,
  /** What is loading while a page's code arrives (pages other than the first load on demand). */
  pageCode: 'the page',
  /** A value that is not known or does not apply. */
  none: '—',
  breadcrumbSeparator: '›',
  breadcrumb: 'Breadcrumb',
  failure: {
    network: 'The page will keep trying; check that the poolwatch service is running.',
    server: (request: string, status: number | null, code: string | null) => `${request} failed${status ? ` (HTTP ${status}${code ? `, ${code}` : ''})` : ''}.`,
    contract: 'Reload the page; if this stays, the server and this page come from different versions.',
  } satisfies Record<ApiFailureKind, unknown>,
  copy: {
    button: 'Copy',
    copiedButton: 'Copied ✓',
    copied: 'Copied to the clipboard.',
    blocked: 'Copying is blocked here: the text is selected, press Ctrl+C.',
    label: (what: string) => `Copy ${what}`,
    noCommand: 'No command.',
  },
  yes: 'yes',
  no: 'no',
} as const;
