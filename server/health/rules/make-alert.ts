import type { Alert, AlertCode } from '../../../contracts/health.ts';
import { ALERT_TEXT } from '../text.ts';

type AlertParams<C extends AlertCode> = Parameters<(typeof ALERT_TEXT)[C]['message']>[0];

/** Builds an alert from the text table: the severity and words come from ALERT_TEXT, the facts from the rule. */
export function makeAlert<C extends AlertCode>(code: C, params: AlertParams<C>, devid: number | null = null): Alert {
  const entry = ALERT_TEXT[code];
  // Each entry's message takes its own params type; `code` ties params to the entry.
  const message = (entry.message as (p: AlertParams<C>) => string)(params);
  return { code, severity: entry.severity, message, devid };
}
