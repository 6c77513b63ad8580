/** Every alert of the pool's health verdict as a card, most severe first. Messages come from the server. */
import type { ReactNode } from 'react';
import type { Alert, AlertSeverity } from '../../../contracts/health.ts';
import { ADVICE_TEXT as T } from '../../text/pools.ts';

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** `alertAction`: a button beside an alert that one action fixes (mixed profiles → convert), if any. */
export function AdviceCards({ alerts, alertAction }: { alerts: readonly Alert[]; alertAction?: ((alert: Alert) => ReactNode) | undefined }) {
  const sorted = [...alerts].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return (
    <section aria-labelledby="advice-title" className="section">
      <h2 id="advice-title">{T.title}</h2>
      {sorted.length === 0 ? (
        <p className="muted" data-testid="no-alerts">
          {T.none}
        </p>
      ) : (
        <ul className="advice-list">
          {sorted.map((alert, i) => (
            <li key={`${alert.code}-${alert.devid ?? ''}-${i}`} className={`advice advice-${alert.severity}`} data-code={alert.code} data-testid="advice-card">
              <p className="advice-head">
                <span className={`tag tag-${alert.severity}`}>{T.severity[alert.severity]}</span>
                <strong>{T.heading[alert.code]}</strong>
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
