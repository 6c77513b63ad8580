/**
 * The header alert on every page: "Pool degraded" (red, flashing slowly unless the reader asked
 * for reduced motion), "Pool unreadable" (red: poolwatch cannot vouch for a pool it could not read)
 * and "Device errors". Hover or keyboard focus opens the details; a click
 * goes to the pool. A polite-but-insistent live region reads out a new degraded state.
 */
import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { alertSummaryQuery } from './api.ts';
import { type AlertGroup, type AlertKind, announcement, hasAny, unimportedText } from './summary.ts';

export function HeaderAlerts() {
  const { data: summary, isError } = useQuery(alertSummaryQuery());
  return (
    <div className="header-alerts">
      {/* Always in the DOM so that a change of its text is what screen readers announce. */}
      <div className="visually-hidden" role="alert" aria-atomic="true" data-testid="alert-announcer">
        {summary ? announcement(summary) : ''}
      </div>
      {summary && hasAny(summary.degraded) && <AlertIndicator kind="degraded" group={summary.degraded} />}
      {summary && hasAny(summary.unreadable) && <AlertIndicator kind="unreadable" group={summary.unreadable} />}
      {summary && hasAny(summary.deviceErrors) && <AlertIndicator kind="device-errors" group={summary.deviceErrors} />}
      {isError && !summary && (
        <Link to="/" className="alert-unknown" data-testid="alert-unknown">
          Pool status unknown
        </Link>
      )}
    </div>
  );
}

const TRIGGER_TEXT: Record<AlertKind, string> = { degraded: 'Pool degraded', 'device-errors': 'Device errors', unreadable: 'Pool unreadable' };
const DETAILS_TITLE: Record<AlertKind, string> = {
  degraded: 'Pools with a missing member',
  'device-errors': 'Pools with recorded device errors',
  unreadable: 'Pools poolwatch could not read (it cannot say whether they are healthy)',
};
const ICON: Record<AlertKind, string> = { degraded: '⚠', 'device-errors': '!', unreadable: '?' };
const TEST_ID: Record<AlertKind, string> = { degraded: 'degraded-banner', 'device-errors': 'device-errors-indicator', unreadable: 'unreadable-banner' };

function AlertIndicator({ kind, group }: { kind: AlertKind; group: AlertGroup }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const unimported = unimportedText(group.unimportedCount, kind);
  const target = group.targetUuid ? `/pools/${group.targetUuid}` : '/';
  return (
    <div
      className={`alert-indicator alert-${kind}`}
      data-testid={TEST_ID[kind]}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <Link to={target} className="alert-trigger" aria-describedby={detailsId} onClick={() => setOpen(false)}>
        <span className="alert-icon" aria-hidden="true">
          {ICON[kind]}
        </span>
        <span className="alert-text">{TRIGGER_TEXT[kind]}</span>
      </Link>
      <div id={detailsId} className="alert-popover" hidden={!open} data-testid={`${kind}-details`}>
        <p className="alert-popover-title">{DETAILS_TITLE[kind]}</p>
        <ul>
          {group.managed.map((p) => (
            <li key={p.uuid}>
              <Link to={`/pools/${p.uuid}`} onClick={() => setOpen(false)}>
                {p.name}
              </Link>
            </li>
          ))}
          {unimported && (
            <li>
              <Link to="/" onClick={() => setOpen(false)}>
                {unimported}
              </Link>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
