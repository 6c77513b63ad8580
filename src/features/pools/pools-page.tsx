/** `/`: every btrfs pool on the machine, sortable, worst first. */
import { memo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { PoolView } from '../../../contracts/views.ts';
import { statusQuery } from '../../shared/api/status-query.ts';
import { poolErrorTotal } from '../../shared/device-errors.ts';
import { formatBytes, formatProfileList, plural, usedPercent } from '../../shared/format.ts';
import { PoolLabel } from '../../shared/pool-label.tsx';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { poolsQuery } from './api.ts';
import { type PoolSort, type PoolSortKey, nextSort, parseSort, sortPools, sortToParams } from './sort.ts';
import { StatusBadge } from './status-badge.tsx';

export function PoolsPage() {
  const pools = useQuery(poolsQuery());
  const status = useQuery(statusQuery());
  const [params, setParams] = useSearchParams();
  const sort = parseSort(params.get('sort'), params.get('dir'));
  const watchError = status.data?.error ?? null;

  return (
    <>
      <title>Pools · poolwatch</title>
      <h1>Pools</h1>
      {watchError && (
        <ErrorNotice title="poolwatch cannot read this machine's pools" error={new Error(watchError.message)}>
          <p className="notice-detail">
            Error code <code>{watchError.code}</code>. What is shown below may be out of date.
          </p>
        </ErrorNotice>
      )}
      {pools.isPending ? (
        <Loading what="pools" />
      ) : pools.isError ? (
        <ErrorNotice title="Could not load the pools" error={pools.error} />
      ) : pools.data.pools.length === 0 ? (
        !watchError && (
          <div className="empty" data-testid="pools-empty">
            <h2>No btrfs pools found on this machine</h2>
            <p>poolwatch looks for btrfs filesystems on every attached disk and will list them here as soon as one appears.</p>
          </div>
        )
      ) : (
        <PoolsTable pools={pools.data.pools} sort={sort} onSort={(key) => setParams(sortToParams(nextSort(sort, key)), { replace: true })} />
      )}
    </>
  );
}

const COLUMNS: { key: PoolSortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Pool' },
  { key: 'status', label: 'Status' },
  { key: null, label: 'Profiles' },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'used', label: 'Used', numeric: true },
  { key: 'members', label: 'Members' },
  { key: 'errors', label: 'Device errors' },
  { key: null, label: 'Mounted at' },
];

function PoolsTable({ pools, sort, onSort }: { pools: PoolView[]; sort: PoolSort; onSort: (key: PoolSortKey) => void }) {
  const sorted = sortPools(pools, sort);
  return (
    <div className="table-wrap">
      <table className="table pools" data-testid="pools-table">
        <caption>
          {plural(pools.length, 'btrfs pool', 'btrfs pools')} on this machine. Click a column heading to sort.
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((col) => {
              const active = col.key !== null && sort.key === col.key;
              return (
                <th key={col.label} scope="col" className={col.numeric ? 'num' : undefined} aria-sort={active ? sort.direction : col.key ? 'none' : undefined}>
                  {col.key ? (
                    <button type="button" className="sort-button" onClick={() => onSort(col.key!)}>
                      {col.label}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <PoolRow key={p.uuid} pool={p} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Memoised: react-query keeps unchanged pools as the same objects, so only changed rows re-render.
const PoolRow = memo(function PoolRow({ pool }: { pool: PoolView }) {
  const errors = poolErrorTotal(pool);
  const percent = usedPercent(pool.usedBytes, pool.sizeBytes);
  return (
    <tr data-testid={`pool-row-${pool.uuid}`} data-status={pool.health.status}>
      <th scope="row">
        <Link to={`/pools/${pool.uuid}`} className={pool.label ? 'pool-link' : 'pool-link muted'}>
          <PoolLabel label={pool.label} />
        </Link>
        <div className="mono small muted">{pool.uuid}</div>
        {!pool.managed && <span className="tag tag-muted">unimported</span>}
      </th>
      <td>
        <StatusBadge status={pool.health.status} />
      </td>
      <td>
        <dl className="profiles">
          <dt>data</dt>
          <dd>{formatProfileList(pool.profiles.data)}</dd>
          <dt>metadata</dt>
          <dd>{formatProfileList(pool.profiles.metadata)}</dd>
          <dt>system</dt>
          <dd>{formatProfileList(pool.profiles.system)}</dd>
        </dl>
      </td>
      {/* An unreadable pool's size and members are unknown, not zero. */}
      <td className="num">{pool.unreadable ? '—' : formatBytes(pool.sizeBytes)}</td>
      <td className="num">
        {formatBytes(pool.usedBytes)}
        {percent !== null && <div className="small muted">{percent}%</div>}
      </td>
      <td>
        {pool.unreadable ? <span className="muted">unknown</span> : pool.totalDevices}
        <div className="indicators">
          {pool.missingCount > 0 && (
            <span className="tag tag-critical" data-testid="missing-indicator">
              {pool.missingCount} missing
            </span>
          )}
          {pool.detached.length > 0 && (
            <span className="tag tag-muted" data-testid="detached-indicator">
              {pool.detached.length} detached
            </span>
          )}
        </div>
      </td>
      <td>
        {errors > 0 ? (
          <span className="tag tag-warning" data-testid="errors-indicator">
            {plural(errors, 'error', 'errors')}
          </span>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td>{pool.mounted ? <span className="mono">{pool.mountPoint ?? 'yes'}</span> : <span className="muted">not mounted</span>}</td>
    </tr>
  );
});
