/**
 * The header alert on every page: "Pool failed" (data lost), "Pool at risk" (a member failing SMART), "Pool degraded" (red, flashing slowly unless the reader asked
 * for reduced motion), "Pool unreadable" (red: poolwatch cannot vouch for a pool it could not read)
 * and "Device errors". Hover or keyboard focus opens the details: every pool
 * with the problem by name, those not imported marked, and what Import would do. A click goes to
 * the pool. A polite-but-insistent live region reads out a new degraded state.
 */
import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ALERTS_TEXT } from '../../text/alerts.ts';
import { alertSummaryQuery } from './api.ts';
import { type AlertGroup, type AlertKind, announcement, hasAny } from './summary.ts';

export function HeaderAlerts() {
  const { data: summary, isError } = useQuery(alertSummaryQuery());
  return (
    <div className="header-alerts">
      {/* Always in the DOM so that a change of its text is what screen readers announce. */}
      <div className="visually-hidden" role="alert" aria-atomic="true" data-testid="alert-announcer">
        {summary ? announcement(summary) : ''}
      </div>
      {summary && hasAny(summary.failed) && <AlertIndicator kind="failed" group={summary.failed} />}
      {summary && hasAny(summary.degraded) && <AlertIndicator kind="degraded" group={summary.degraded} />}
      {summary && hasAny(summary.atRisk) && <AlertIndicator kind="at-risk" group={summary.atRisk} />}
      {summary && hasAny(summary.unreadable) && <AlertIndicator kind="unreadable" group={summary.unreadable} />}
      {summary && hasAny(summary.deviceErrors) && <AlertIndicator kind="device-errors" group={summary.deviceErrors} />}
      {isError && !summary && (
        <Link to="/" className="alert-unknown" data-testid="alert-unknown">
          {ALERTS_TEXT.unknown}
        </Link>
      )}
    </div>
  );
}

const TEST_ID: Record<AlertKind, string> = { failed: 'failed-banner', degraded: 'degraded-banner', 'at-risk': 'at-risk-banner', 'device-errors': 'device-errors-indicator', unreadable: 'unreadable-banner' };

function AlertIndicator({ kind, group }: { kind: AlertKind; group: AlertGroup }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const target = group.targetUuid ? `/pools/${group.targetUuid}` : '/';
  const close = () => setOpen(false);
  return (
    <div
      className={`alert-indicator alert-${kind}`}
      data-testid={TEST_ID[kind]}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={close}
      onFocus={() => setOpen(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <Link to={target} className="alert-trigger" aria-describedby={detailsId} onClick={close}>
        <span className="alert-icon" aria-hidden="true">
          {ALERTS_TEXT.icon[kind]}
        </span>
        <span className="alert-text">{ALERTS_TEXT.trigger[kind]}</span>
      </Link>
      <div id={detailsId} className="alert-popover" hidden={!open} data-testid={`${kind}-details`}>
        <div className="alert-popover-body">
          <p className="alert-popover-title">{ALERTS_TEXT.detailsTitle[kind]}</p>
          <ul>
            {group.managed.map((p) => (
              <li key={p.uuid}>
                <Link to={`/pools/${p.uuid}`} onClick={close}>
                  {p.name}
                </Link>
              </li>
            ))}
            {group.unimported.map((p) => (
              <li key={p.uuid} data-testid="unimported-pool">
                <Link to={`/pools/${p.uuid}`} onClick={close}>
                  {p.name}
                </Link>{' '}
                <span className="tag tag-muted">{ALERTS_TEXT.notImportedTag}</span>
              </li>
            ))}
          </ul>
          {group.unimported.length > 0 && (
            <p className="alert-popover-note small" data-testid="import-explained">
              {ALERTS_TEXT.importExplained}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
