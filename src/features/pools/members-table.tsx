/** The pool's Disks section: members with their five error counters, missing and detached disks. */
import type { DetachedDisk } from '../../../contracts/api.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { COUNTER_NAMES, sumErrors } from '../../shared/device-errors.ts';
import { DiskIdentity } from '../../shared/disk-identity.tsx';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
import { formatBytes, formatTime, plural } from '../../shared/format.ts';
import { memberTable } from './members.ts';

export function MembersSection({ pool, name }: { pool: PoolView; name: string }) {
  const { diskStatus } = useDiskSlots();
  const { rows, unnamedMissing } = memberTable(pool);
  const totals = sumErrors(pool.devices);
  const countersKnown = pool.devices.some((d) => d.errors !== null);
  return (
    <section aria-labelledby="members-title" className="section">
      <h2 id="members-title">Disks</h2>
      <div className="table-wrap">
        <table className="table members" data-testid="members-table">
          <caption>
            Members of {name}: {plural(pool.totalDevices, 'member', 'members')}
            {pool.missingCount > 0 && <>, {pool.missingCount} missing</>}. Error counters add up since their last reset.
          </caption>
          <thead>
            <tr>
              <th scope="col">Devid</th>
              <th scope="col">Device</th>
              <th scope="col">Disk</th>
              <th scope="col" className="num">Size</th>
              <th scope="col" className="num">Used</th>
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
                  {row.missing ? (
                    <span className="tag tag-critical" data-testid="missing-tag">
                      missing
                    </span>
                  ) : (
                    <span className="mono">{row.path ?? '—'}</span>
                  )}
                </td>
                <td>
                  {row.missing && row.disk && <span className="remembered-label">Last seen as </span>}
                  <DiskIdentity disk={row.disk} />
                  {!row.missing && row.disk && diskStatus && <div className="member-disk-status">{diskStatus(row.disk.key)}</div>}
                </td>
                <td className="num">
                  {formatBytes(row.sizeBytes)}
                  {row.slackBytes !== null && <div className="muted small">{formatBytes(row.slackBytes)} unused (slack)</div>}
                </td>
                <td className="num">{formatBytes(row.usedBytes)}</td>
                {COUNTER_NAMES.map((c) => {
                  const value = row.errors?.[c] ?? null;
                  return (
                    <td key={c} className={`num counter${value ? ' counter-nonzero' : ''}`} data-counter={c} data-nonzero={value ? 'true' : 'false'}>
                      {value === null ? <span className="muted" title="not readable while the member is missing or the pool unmounted">—</span> : value}
                    </td>
                  );
                })}
              </tr>
            ))}
            {unnamedMissing > 0 && (
              <tr className="row-missing" data-missing="true">
                <th scope="row" className="num">
                  ?
                </th>
                <td colSpan={4 + COUNTER_NAMES.length}>
                  <span className="tag tag-critical">missing</span> {plural(unnamedMissing, 'more member is', 'more members are')} missing; btrfs did not name the devid.
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr data-testid="counter-totals">
              <th scope="row" colSpan={5}>
                Totals{countersKnown ? '' : ' (counters not readable)'}
              </th>
              {COUNTER_NAMES.map((c) => (
                <td key={c} className={`num counter${totals[c] ? ' counter-nonzero' : ''}`} data-counter={c} data-nonzero={totals[c] ? 'true' : 'false'}>
                  {countersKnown ? totals[c] : '—'}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {pool.detached.length > 0 && <DetachedList detached={pool.detached} />}
    </section>
  );
}

function DetachedList({ detached }: { detached: readonly DetachedDisk[] }) {
  return (
    <div className="table-wrap">
      <table className="table detached" data-testid="detached-table">
        <caption>Detached disks: members poolwatch remembers that are not attached now</caption>
        <thead>
          <tr>
            <th scope="col">Devid</th>
            <th scope="col">Disk</th>
            <th scope="col">Last device</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {detached.map((d) => (
            <tr key={d.disk.key} data-devid={d.devid ?? ''}>
              <th scope="row" className="num">
                {d.devid ?? '?'}
              </th>
              <td>
                <DiskIdentity disk={d.disk} />
              </td>
              <td className="mono">{d.lastPath ?? '—'}</td>
              <td className="num">{formatBytes(d.sizeBytes)}</td>
              <td>{formatTime(d.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
