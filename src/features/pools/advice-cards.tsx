/** Every alert of the pool's health verdict as a card, most severe first. Messages come from the server. */
import type { ReactNode } from 'react';
import type { Alert, AlertCode, AlertSeverity } from '../../../contracts/health.ts';

/** Card headings only; what to do is in the server's message. */
const ALERT_TITLE: Record<AlertCode, string> = {
  'device-missing': 'Member missing',
  'redundancy-exceeded': 'Redundancy exceeded',
  'device-errors': 'Device errors',
  'mixed-profiles': 'Mixed profiles',
  'at-minimum-members': 'At the minimum member count',
  'no-spare-disk': 'No spare disk',
  'parity-profile': 'Parity profile (raid5/raid6)',
  'replace-slack': 'Unused space after a replace',
  'mounted-degraded': 'Mounted degraded',
  'unknown-profile': 'Profile unknown',
  'operation-running': 'Operation running',
  'read-problem': 'Could not read everything',
  'pool-unreadable': 'Pool could not be read',
};

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
const SEVERITY_TEXT: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Advice' };

/** `alertAction`: a button beside an alert that one action fixes (mixed profiles → convert), if any. */
export function AdviceCards({ alerts, alertAction }: { alerts: readonly Alert[]; alertAction?: ((alert: Alert) => ReactNode) | undefined }) {
  const sorted = [...alerts].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return (
    <section aria-labelledby="advice-title" className="section">
      <h2 id="advice-title">Alerts and advice</h2>
      {sorted.length === 0 ? (
        <p className="muted" data-testid="no-alerts">
          No alerts: every check passed.
        </p>
      ) : (
        <ul className="advice-list">
          {sorted.map((alert, i) => (
            <li key={`${alert.code}-${alert.devid ?? ''}-${i}`} className={`advice advice-${alert.severity}`} data-code={alert.code} data-testid="advice-card">
              <p className="advice-head">
                <span className={`tag tag-${alert.severity}`}>{SEVERITY_TEXT[alert.severity]}</span>
                <strong>{ALERT_TITLE[alert.code]}</strong>
              </p>
              <p>{alert.message}</p>
              {alertAction?.(alert)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
