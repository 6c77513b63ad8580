/**
 * "Data from HH:MM — btrfs is not answering": shown on every page while the server serves an old
 * snapshot because a scan is stuck (a hung disk keeps a btrfs command waiting) or failed (issue 9,
 * ADR 018 and 021). The pages still show the pools as last read; this says since when and why, so
 * a "Healthy" from before the hang is never taken for a current one.
 */
import { useQuery } from '@tanstack/react-query';
import { statusQuery } from '../../shared/api/status-query.ts';
import { formatTime } from '../../shared/format.ts';
import { STALE_TEXT } from '../../text/alerts.ts';

export function StaleAlert() {
  const status = useQuery(statusQuery()).data;
  const stale = status?.stale;
  if (!stale) return null;
  const stuckOn = status.scan?.stuckOn?.command.join(' ') ?? null;
  return (
    <div className="notice notice-warning stale-alert" role="alert" data-testid="stale-alert">
      <h2 className="notice-title">{STALE_TEXT.title(formatTime(stale.since))}</h2>
      <p data-testid="stale-reason">{stale.reason}</p>
      {stuckOn && <p className="notice-detail">{STALE_TEXT.stuckOn(stuckOn, formatTime(status.scan!.stuckOn!.since))}</p>}
      <p className="notice-detail">{STALE_TEXT.detail}</p>
    </div>
  );
}
