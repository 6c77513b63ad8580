/**
 * "poolwatch cannot write its data dir": shown on every page while the server reports that its
 * data dir refuses writes (full, read-only). The pools are still watched and every page still
 * answers; what cannot happen is any change, which the server refuses with this same reason.
 */
import { useQuery } from '@tanstack/react-query';
import { statusQuery } from '../../shared/api/status-query.ts';
import { formatTime } from '../../shared/format.ts';
import { DATA_DIR_TEXT } from '../../text/alerts.ts';

export function DataDirAlert() {
  const dataDir = useQuery(statusQuery()).data?.dataDir;
  if (!dataDir || dataDir.writable) return null;
  return (
    <div className="notice notice-error data-dir-alert" role="alert" data-testid="data-dir-alert">
      <h2 className="notice-title">{DATA_DIR_TEXT.title}</h2>
      <p data-testid="data-dir-reason">{dataDir.reason ?? DATA_DIR_TEXT.unknownReason}</p>
      <p className="notice-detail">{DATA_DIR_TEXT.detail(formatTime(dataDir.since))}</p>
    </div>
  );
}
