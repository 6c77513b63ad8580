/**
 * The pool page's counter history: per member a sparkline of the errors counted (resets included),
 * what rose in the last day, and every change with its cause (seen by a scan, or a reset and who).
 */
import { useQuery } from '@tanstack/react-query';
import type { DeviceCounterHistory } from '../../../contracts/counters.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { countersQuery } from './api.ts';
import { cumulativeErrors, describeRise, sparklinePoints } from './sparkline.ts';
import './counters.css';

const KEYS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;
const total = (e: Record<(typeof KEYS)[number], number>) => KEYS.reduce((s, k) => s + e[k], 0);
const CAUSE_TEXT: Record<string, string> = { observed: 'seen by a scan', 'before-reset': 'kept before a reset', reset: 'reset' };

export function CounterHistory({ poolUuid }: { poolUuid: string }) {
  const query = useQuery(countersQuery(poolUuid));
  return (
    <section className="counter-history" aria-labelledby="counter-history-title" data-testid="counter-history">
      <h2 id="counter-history-title">Error counter history</h2>
      {query.isPending ? (
        <Loading what="the counter history" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the counter history" error={query.error} />
      ) : query.data.devices.length === 0 ? (
        <p className="muted">No counters recorded yet (they are read while the pool is mounted).</p>
      ) : (
        <>
          <p className="small muted">Every change of a member's five btrfs error counters, kept for {query.data.retentionDays} days. A reset keeps the values it cleared.</p>
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
  const rise = describeRise(device.lastDay, 'since yesterday');
  const changes = device.points.filter((p, i) => i === 0 || p.cause !== 'observed' || total(p.delta) > 0).reverse();
  return (
    <div className="counter-device" data-testid="counter-device" data-devid={device.devid}>
      <h3>
        devid {device.devid}
        <svg className="sparkline" width="160" height="28" viewBox="-1 -2 162 32" role="img" aria-label={`errors counted over time: ${counted} in all`} data-testid="counter-sparkline">
          <polyline points={sparklinePoints(samples, 160, 28)} fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        <span className={rise ? 'tag tag-warning' : 'tag tag-muted'} data-testid="counter-rise">
          {rise ?? 'no rise in the last day'}
        </span>
        {device.resets > 0 && <span className="tag tag-info">{device.resets} reset{device.resets === 1 ? '' : 's'}</span>}
      </h3>
      <details>
        <summary>
          {changes.length} change{changes.length === 1 ? '' : 's'}; errors ever counted: write {device.everCounted.write}, read {device.everCounted.read}, flush {device.everCounted.flush}, corruption {device.everCounted.corruption},
          generation {device.everCounted.generation}
        </summary>
        <div className="table-wrap">
          <table className="table table-compact" data-testid="counter-points">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Cause</th>
                {KEYS.map((k) => (
                  <th scope="col" key={k}>
                    {k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {changes.map((p) => (
                <tr key={`${p.at}-${p.cause}`} className={p.cause === 'reset' ? 'counter-reset' : undefined} data-cause={p.cause}>
                  <td>{formatTime(p.at)}</td>
                  <td>
                    {CAUSE_TEXT[p.cause] ?? p.cause}
                    {p.actor && <> by {p.actor}</>}
                  </td>
                  {KEYS.map((k) => (
                    <td key={k} className="num">
                      {p.values[k]}
                      {p.delta[k] > 0 && <span className="counter-delta"> (+{p.delta[k]})</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
