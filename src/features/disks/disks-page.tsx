/** `/disks`: every disk poolwatch knows — pool members, detached members, spare candidates, the rest. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { memo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { Disk } from '../../../contracts/api.ts';
import { DiskIdentity } from '../../shared/disk-identity.tsx';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
import { formatTime } from '../../shared/format.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { DISKS_TEXT as T } from '../../text/disks.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { disksQuery } from './api.ts';
import { describeRole, sortDisks } from './role.ts';

export function DisksPage() {
  const query = useQuery(disksQuery());
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : query.data.disks.length === 0 ? (
        <div className="empty" data-testid="disks-empty">
          <h2>{T.emptyTitle}</h2>
          <p>{T.emptyText}</p>
        </div>
      ) : (
        <DisksTable disks={query.data.disks} />
      )}
    </>
  );
}

function DisksTable({ disks }: { disks: Disk[] }) {
  const { diskStatus, diskActions } = useDiskSlots();
  const sorted = sortDisks(disks);
  const spares = disks.filter((d) => d.role === 'unused' && d.attached).length;
  return (
    <TableWrap label={T.title}>
      <table className="table disks" data-testid="disks-table">
        <caption>{T.caption(disks.length, spares)}</caption>
        <thead>
          <tr>
            <th scope="col">{T.columns.disk}</th>
            <th scope="col">{T.columns.role}</th>
            <th scope="col">{T.columns.type}</th>
            {diskStatus && <th scope="col">{T.columns.smart}</th>}
            {diskActions && <th scope="col">{T.columns.actions}</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((disk) => (
            <DiskRow
              key={`${disk.identity.key}|${disk.path ?? ''}`}
              disk={disk}
              status={diskStatus && disk.attached ? diskStatus(disk.identity.key) : null}
              showStatus={diskStatus !== null}
              actions={diskActions ? diskActions(disk) : undefined}
            />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const DiskRow = memo(function DiskRow({ disk, status, showStatus, actions }: { disk: Disk; status: ReactNode; showStatus: boolean; actions: ReactNode | undefined }) {
  const role = describeRole(disk);
  return (
    <tr data-role={disk.role} data-testid="disk-row" data-path={disk.path ?? ''} className={disk.role === 'detached' ? 'row-missing' : undefined}>
      <th scope="row" className="disk-cell">
        <DiskIdentity disk={disk.identity} sizeBytes={disk.sizeBytes} path={disk.path} />
        {!disk.path && <span className="tag tag-critical">{T.detached}</span>}
      </th>
      <td>
        <span className={`role role-${disk.role}`}>
          {role.lead}
          {role.pool && <Link to={`/pools/${role.pool.uuid}`}>{role.pool.name}</Link>}
          {role.tail}
        </span>
        {disk.role === 'detached' && disk.lastSeenAt && <div className="small muted">{T.lastSeen(formatTime(disk.lastSeenAt))}</div>}
        {disk.role === 'stale-member' && disk.attached && disk.pool && (
          <div>
            <Link
              className="button button-small button-danger-outline"
              to={`/pools/${disk.pool.uuid}?${new URLSearchParams({ action: 'wipe-old-member', disk: disk.identity.key }).toString()}`}
              data-testid="wipe-old-member"
            >
              {T.wipeOldMember}
            </Link>
          </div>
        )}
      </td>
      <td>
        {disk.type}
        {disk.transport && <span className="muted"> · {disk.transport}</span>}
        {disk.type === 'disk' && disk.rotational !== null && <span className="muted"> · {disk.rotational ? T.hdd : T.ssd}</span>}
      </td>
      {showStatus && <td data-testid="disk-smart">{status ?? <span className="muted">{COMMON_TEXT.none}</span>}</td>}
      {actions !== undefined && <td>{actions}</td>}
    </tr>
  );
});
