/**
 * The SMART column: a disk's SMART state in one cell (disks page, a pool's members table).
 * Every cell reads the same cached GET /api/smart, so a table of disks costs one request.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { SMART_DISK_STATUS_TEXT, type SmartDiskStatus, type SmartDiskSummary } from '../../../contracts/smart.ts';
import { smartSummaryQuery } from './api.ts';
import { formatTemperature, statusClass, statusIcon } from './smart-view.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { SMART_TEXT } from '../../text/smart.ts';
import './smart.css';

const T = SMART_TEXT.cell;

/** Where a disk's SMART tab lives (src/app/app.tsx routes `/disks/:key/smart` to SmartDiskPage). */
export const smartDiskPath = (diskKey: string) => `/disks/${encodeURIComponent(diskKey)}/smart`;

/** Colour plus icon plus word: the status never depends on colour alone. */
export function SmartBadge({ status }: { status: SmartDiskStatus }) {
  return (
    <span className={`badge ${statusClass(status)}`} data-smart-status={status}>
      <span aria-hidden="true">{statusIcon(status)}</span> {SMART_DISK_STATUS_TEXT[status]}
    </span>
  );
}

export function SmartStatusCell({ diskKey }: { diskKey: string }) {
  const query = useQuery({ ...smartSummaryQuery(), select: (d) => d.disks.find((x) => x.diskKey === diskKey) ?? null });
  if (query.isPending) return <span className="muted small">{T.pending}</span>;
  if (query.isError) return <span className="muted small" title={query.error.message}>{T.unknown}</span>;
  if (!query.data) return <span className="muted">{COMMON_TEXT.none}</span>;
  return <SmartStatusSummary summary={query.data} />;
}

export function SmartStatusSummary({ summary }: { summary: SmartDiskSummary }) {
  const s = summary;
  return (
    <div className="smart-cell" data-testid="smart-cell">
      <Link to={smartDiskPath(s.diskKey)} className="smart-cell-link" title={s.topReason ?? undefined}>
        <SmartBadge status={s.status} />
      </Link>
      {s.temperatureCelsius !== null && <span className="muted small"> {formatTemperature(s.temperatureCelsius)}</span>}
      {s.selfTestPercentDone !== null && <span className="tag tag-info">{T.selfTest(s.selfTestPercentDone)}</span>}
      {s.replaceAdvised && <span className="tag tag-critical">{T.replace}</span>}
      {s.warningCodes.includes('erc-not-set') && <span className="tag tag-warning" title={T.ercTitle}>{T.erc}</span>}
      {s.warningCodes.includes('erc-unsupported') && <span className="tag tag-muted" title={T.noErcTitle}>{T.noErc}</span>}
      {s.topReason && s.status !== 'passed' && <div className="small muted smart-cell-reason">{s.topReason}</div>}
    </div>
  );
}
