/**
 * The pool page's counter history: per member a sparkline of the errors counted (resets included),
 * what rose in the last day, and every change with its cause (seen by a scan, or a reset and who).
 */
import { useQuery } from '@tanstack/react-query';
import type { DeviceCounterHistory } from '../../../contracts/counters.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { TableWrap } from '../../shared/table-wrap.tsx';
import { MONITOR_TEXT } from '../../text/monitor.ts';
import { countersQuery } from './api.ts';
import { cumulativeErrors, sparklinePoints } from './sparkline.ts';
import './counters.css';

const T = MONITOR_TEXT.counters;
const KEYS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;
const total = (e: Record<(typeof KEYS)[number], number>) => KEYS.reduce((s, k) => s + e[k], 0);

export function CounterHistory({ poolUuid }: { poolUuid: string }) {
  const query = useQuery(countersQuery(poolUuid));
  return (
    <section className="counter-history" aria-labelledby="counter-history-title" data-testid="counter-history">
      <h2 id="counter-history-title">{T.heading}</h2>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : query.data.devices.length === 0 ? (
        <p className="muted">{T.none}</p>
      ) : (
        <>
          <p className="small muted">{T.intro(query.data.retentionDays)}</p>
          {query.data.devices.map((d) => (
            <DeviceHistory key={d.devid} device={d} />
          ))}
        </>
      )}
    </section>
  );
}

function DeviceHistory({ device }: { device: DeviceCounterHistory }) {
  const samples = cumulativeErrors(device.points);
  const counted = samples.at(-1)?.v ?? 0;
  const rise = T.rise(device.lastDay);
  const changes = device.points.filter((p, i) => i === 0 || p.cause !== 'observed' || total(p.delta) > 0).reverse();
  return (
    <div className="counter-device" data-testid="counter-device" data-devid={device.devid}>
      <h3>
        {T.device(device.devid)}
        <svg className="sparkline" width="160" height="28" viewBox="-1 -2 162 32" role="img" aria-label={T.sparkline(counted)} data-testid="counter-sparkline">
          <polyline points={sparklinePoints(samples, 160, 28)} fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        <span className={rise ? 'tag tag-warning' : 'tag tag-muted'} data-testid="counter-rise">
          {rise ?? T.noRise}
        </span>
        {device.resets > 0 && <span className="tag tag-info">{T.resets(device.resets)}</span>}
      </h3>
      <details>
        <summary>{T.summary(changes.length, device.everCounted)}</summary>
        <TableWrap label={T.tableLabel(device.devid)}>
          <table className="table table-compact" data-testid="counter-points">
            <thead>
              <tr>
                <th scope="col">{T.when}</th>
                <th scope="col">{T.cause}</th>
                {KEYS.map((k) => (
                  <th scope="col" key={k}>
                    {T.counter[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {changes.map((p) => (
                <tr key={`${p.at}-${p.cause}`} className={p.cause === 'reset' ? 'counter-reset' : undefined} data-cause={p.cause}>
                  <td>{formatTime(p.at)}</td>
                  <td>
                    {T.causeText[p.cause] ?? p.cause}
                    {p.actor && T.by(p.actor)}
                  </td>
                  {KEYS.map((k) => (
                    <td key={k} className="num">
                      {p.values[k]}
                      {p.delta[k] > 0 && <span className="counter-delta">{T.delta(p.delta[k])}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </div>
  );
}
