/** `/disks`: every disk poolwatch knows — pool members, detached members, spare candidates, the rest. */
import { memo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { Disk } from '../../../contracts/api.ts';
import { DiskIdentity } from '../../shared/disk-identity.tsx';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
import { formatBytes, formatTime, plural } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { disksQuery } from './api.ts';
import { describeRole, sortDisks } from './role.ts';

export function DisksPage() {
  const query = useQuery(disksQuery());
  return (
    <>
      <title>Disks · poolwatch</title>
      <h1>Disks</h1>
      {query.isPending ? (
        <Loading what="disks" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the disks" error={query.error} />
      ) : query.data.disks.length === 0 ? (
        <div className="empty" data-testid="disks-empty">
          <h2>No disks found</h2>
          <p>poolwatch found no block devices it could list on this machine.</p>
        </div>
      ) : (
        <DisksTable disks={query.data.disks} />
      )}
    </>
  );
}

function DisksTable({ disks }: { disks: Disk[] }) {
  const { diskStatus } = useDiskSlots();
  const sorted = sortDisks(disks);
  const spares = disks.filter((d) => d.role === 'unused' && d.attached).length;
  return (
    <div className="table-wrap">
      <table className="table disks" data-testid="disks-table">
        <caption>
          {plural(disks.length, 'disk', 'disks')} known to poolwatch; {plural(spares, 'unused disk could', 'unused disks could')} serve as a spare.
        </caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Role</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Disk</th>
            <th scope="col">Type</th>
            {diskStatus && <th scope="col">S.M.A.R.T.</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((disk) => (
            <DiskRow key={`${disk.identity.key}|${disk.path ?? ''}`} disk={disk} status={diskStatus && disk.attached ? diskStatus(disk.identity.key) : null} showStatus={diskStatus !== null} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const DiskRow = memo(function DiskRow({ disk, status, showStatus }: { disk: Disk; status: ReactNode; showStatus: boolean }) {
  const role = describeRole(disk);
  return (
    <tr data-role={disk.role} data-testid="disk-row" className={disk.role === 'detached' ? 'row-missing' : undefined}>
      <th scope="row" className="mono">
        {disk.path ?? <span className="tag tag-critical">detached</span>}
      </th>
      <td>
        <span className={`role role-${disk.role}`}>
          {role.lead}
          {role.pool && <Link to={`/pools/${role.pool.uuid}`}>{role.pool.name}</Link>}
          {role.tail}
        </span>
        {disk.role === 'detached' && disk.lastSeenAt && <div className="small muted">last seen {formatTime(disk.lastSeenAt)}</div>}
      </td>
      <td className="num">{formatBytes(disk.sizeBytes)}</td>
      <td>
        <DiskIdentity disk={disk.identity} />
      </td>
      <td>
        {disk.type}
        {disk.transport && <span className="muted"> · {disk.transport}</span>}
        {disk.type === 'disk' && disk.rotational !== null && <span className="muted"> · {disk.rotational ? 'HDD' : 'SSD'}</span>}
      </td>
      {showStatus && <td data-testid="disk-smart">{status ?? <span className="muted">—</span>}</td>}
    </tr>
  );
});
