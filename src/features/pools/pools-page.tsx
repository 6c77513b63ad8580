/** `/`: every btrfs pool on the machine, sortable, worst first. */
import { memo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { PoolView } from '../../../contracts/views.ts';
import { statusQuery } from '../../shared/api/status-query.ts';
import { poolErrorTotal } from '../../shared/device-errors.ts';
import { formatBytes, formatProfileList, usedPercent } from '../../shared/format.ts';
import { PoolLabel } from '../../shared/pool-label.tsx';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { poolsQuery } from './api.ts';
import { type PoolSort, type PoolSortKey, nextSort, parseSort, sortPools, sortToParams } from './sort.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { POOLS_TEXT } from '../../text/pools.ts';
import { TableWrap } from '../../shared/table-wrap.tsx';
import { StatusBadge } from './status-badge.tsx';

const T = POOLS_TEXT;

export function PoolsPage() {
  const pools = useQuery(poolsQuery());
  const status = useQuery(statusQuery());
  const [params, setParams] = useSearchParams();
  const sort = parseSort(params.get('sort'), params.get('dir'));
  const watchError = status.data?.error ?? null;

  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      {watchError && (
        <ErrorNotice title={T.cannotRead} error={new Error(watchError.message)}>
          <p className="notice-detail">
            {T.errorCode} <code>{watchError.code}</code>. {T.mayBeOutOfDate}
          </p>
        </ErrorNotice>
      )}
      {pools.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : pools.isError ? (
        <ErrorNotice title={T.loadFailed} error={pools.error} />
      ) : pools.data.pools.length === 0 ? (
        !watchError && (
          <div className="empty" data-testid="pools-empty">
            <h2>{T.emptyTitle}</h2>
            <p>{T.emptyText}</p>
          </div>
        )
      ) : (
        <PoolsTable pools={pools.data.pools} sort={sort} onSort={(key) => setParams(sortToParams(nextSort(sort, key)), { replace: true })} />
      )}
    </>
  );
}

const COLUMNS: { key: PoolSortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'name', label: T.columns.name },
  { key: 'status', label: T.columns.status },
  { key: null, label: T.columns.profiles },
  { key: 'size', label: T.columns.size, numeric: true },
  { key: 'used', label: T.columns.used, numeric: true },
  { key: 'members', label: T.columns.members },
  { key: 'errors', label: T.columns.errors },
  { key: null, label: T.columns.mountedAt },
];

function PoolsTable({ pools, sort, onSort }: { pools: PoolView[]; sort: PoolSort; onSort: (key: PoolSortKey) => void }) {
  const sorted = sortPools(pools, sort);
  return (
    <TableWrap label={T.title}>
      <table className="table pools" data-testid="pools-table">
        <caption>{T.caption(pools.length)}</caption>
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
    </TableWrap>
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
        {!pool.managed && <span className="tag tag-muted">{T.notImported}</span>}
      </th>
      <td>
        <StatusBadge status={pool.health.status} />
      </td>
      <td>
        <dl className="profiles">
          <dt>{T.profileTypes.data}</dt>
          <dd>{formatProfileList(pool.profiles.data)}</dd>
          <dt>{T.profileTypes.metadata}</dt>
          <dd>{formatProfileList(pool.profiles.metadata)}</dd>
          <dt>{T.profileTypes.system}</dt>
          <dd>{formatProfileList(pool.profiles.system)}</dd>
        </dl>
      </td>
      {/* An unreadable pool's size and members are unknown, not zero. */}
      <td className="num">{pool.unreadable ? COMMON_TEXT.none : formatBytes(pool.sizeBytes)}</td>
      <td className="num">
        {formatBytes(pool.usedBytes)}
        {percent !== null && <div className="small muted">{percent}%</div>}
      </td>
      <td>
        {pool.unreadable ? <span className="muted">{T.unknown}</span> : pool.totalDevices}
        <div className="indicators">
          {pool.missingCount > 0 && (
            <span className="tag tag-critical" data-testid="missing-indicator">
              {T.missing(pool.missingCount)}
            </span>
          )}
          {pool.detached.length > 0 && (
            <span className="tag tag-muted" data-testid="detached-indicator">
              {T.detached(pool.detached.length)}
            </span>
          )}
        </div>
      </td>
      <td>
        {errors > 0 ? (
          <span className="tag tag-warning" data-testid="errors-indicator">
            {T.errors(errors)}
          </span>
        ) : (
          <span className="muted">{T.noErrors}</span>
        )}
      </td>
      <td>{pool.mounted ? <span className="mono">{pool.mountPoint ?? T.mountedUnknown}</span> : <span className="muted">{T.notMounted}</span>}</td>
    </tr>
  );
});
