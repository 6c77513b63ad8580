/** The pool's Disks section: members with their five error counters, missing and detached disks. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import type { DetachedDisk } from '../../../contracts/api.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { COUNTER_NAMES, sumErrors } from '../../shared/device-errors.ts';
import { DiskIdentity } from '../../shared/disk-identity.tsx';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
import { formatBytes, formatTime } from '../../shared/format.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { MEMBERS_TEXT as T } from '../../text/pools.ts';
import { memberTable } from './members.ts';

export function MembersSection({ pool, name }: { pool: PoolView; name: string }) {
  const { diskStatus } = useDiskSlots();
  const { rows, unnamedMissing } = memberTable(pool);
  const totals = sumErrors(pool.devices);
  const countersKnown = pool.devices.some((d) => d.errors !== null);
  return (
    <section aria-labelledby="members-title" className="section">
      <h2 id="members-title">{T.title}</h2>
      <TableWrap label={T.title}>
        <table className="table members" data-testid="members-table">
          <caption>{T.caption(name, pool.totalDevices, pool.missingCount)}</caption>
          <thead>
            <tr>
              <th scope="col">{T.columns.devid}</th>
              <th scope="col">{T.columns.disk}</th>
              <th scope="col" className="num">{T.columns.size}</th>
              <th scope="col" className="num">{T.columns.used}</th>
              {COUNTER_NAMES.map((c) => (
                <th key={c} scope="col" className="num counter-head">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.devid} data-devid={row.devid} data-missing={row.missing} className={row.missing ? 'row-missing' : undefined}>
                <th scope="row" className="num">
                  {row.devid}
                </th>
                <td>
                  {row.missing && (
                    <span className="tag tag-critical" data-testid="missing-tag">
                      {T.missing}
                    </span>
                  )}
                  {row.missing && row.disk && <span className="remembered-label">{T.lastSeenAs}</span>}
                  <DiskIdentity disk={row.disk} path={row.missing ? null : row.path} />
                  {!row.missing && row.disk && diskStatus && <div className="member-disk-status">{diskStatus(row.disk.key)}</div>}
                </td>
                <td className="num">
                  {formatBytes(row.sizeBytes)}
                  {row.slackBytes !== null && <div className="muted small">{T.slack(formatBytes(row.slackBytes))}</div>}
                </td>
                <td className="num">{formatBytes(row.usedBytes)}</td>
                {COUNTER_NAMES.map((c) => {
                  const value = row.errors?.[c] ?? null;
                  return (
                    <td key={c} className={`num counter${value ? ' counter-nonzero' : ''}`} data-counter={c} data-nonzero={value ? 'true' : 'false'}>
                      {value === null ? (
                        <span className="muted" title={T.notReadable}>
                          {COMMON_TEXT.none}
                        </span>
                      ) : (
                        value
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {unnamedMissing > 0 && (
              <tr className="row-missing" data-missing="true">
                <th scope="row" className="num">
                  {T.unknownDevid}
                </th>
                <td colSpan={3 + COUNTER_NAMES.length}>
                  <span className="tag tag-critical">{T.missing}</span> {T.unnamedMissing(unnamedMissing)}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr data-testid="counter-totals">
              <th scope="row" colSpan={4}>
                {T.totals(countersKnown)}
              </th>
              {COUNTER_NAMES.map((c) => (
                <td key={c} className={`num counter${totals[c] ? ' counter-nonzero' : ''}`} data-counter={c} data-nonzero={totals[c] ? 'true' : 'false'}>
                  {countersKnown ? totals[c] : COMMON_TEXT.none}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      {pool.detached.length > 0 && <DetachedList detached={pool.detached} />}
    </section>
  );
}

function DetachedList({ detached }: { detached: readonly DetachedDisk[] }) {
  return (
    <TableWrap label={T.detachedTitle}>
      <table className="table detached" data-testid="detached-table">
        <caption>{T.detachedCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.detachedColumns.devid}</th>
            <th scope="col">{T.detachedColumns.disk}</th>
            <th scope="col">{T.detachedColumns.lastDevice}</th>
            <th scope="col" className="num">{T.detachedColumns.size}</th>
            <th scope="col">{T.detachedColumns.lastSeen}</th>
          </tr>
        </thead>
        <tbody>
          {detached.map((d) => (
            <tr key={d.disk.key} data-devid={d.devid ?? ''}>
              <th scope="row" className="num">
                {d.devid ?? T.unknownDevid}
              </th>
              <td>
                <DiskIdentity disk={d.disk} sizeBytes={d.sizeBytes} />
              </td>
              <td className="mono small">{d.lastPath ?? COMMON_TEXT.none}</td>
              <td className="num">{formatBytes(d.sizeBytes)}</td>
              <td>{formatTime(d.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
