/**
 * `/smartd`: is smartd installed and running, what poolwatch would write into smartd.conf (block,
 * diff against the current file), apply with a backup, and the warnings smartd sent.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SmartdConfigResponse, SmartdStatus } from '../../../contracts/smart.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { smartdQuery, useApplySmartd } from './api.ts';
import './smart.css';

export function SmartdPage() {
  const query = useQuery(smartdQuery());
  return (
    <>
      <title>smartd · poolwatch</title>
      <h1>Automatic SMART monitoring (smartd)</h1>
      <p className="muted">
        smartd checks the disks in the background, runs scheduled self-tests and warns when a disk degrades. Its stock configuration
        monitors nothing specific; poolwatch writes one block for the disks it knows, between marker lines, and leaves the rest of the
        file as it is.
      </p>
      {query.isPending ? <Loading what="smartd status" /> : query.isError ? <ErrorNotice title="Could not load the smartd settings" error={query.error} /> : <Smartd data={query.data} />}
    </>
  );
}

function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

function Status({ status: s }: { status: SmartdStatus }) {
  return (
    <div className="smart-section">
      <h2>Service</h2>
      <dl className="smart-facts" data-testid="smartd-status">
        <div className={s.installed ? undefined : 'smart-fact-bad'}>
          <dt>Installed</dt>
          <dd>{s.installed ? (s.version ?? 'yes') : 'no — install the smartmontools package'}</dd>
        </div>
        <div>
          <dt>Enabled at boot</dt>
          <dd>{s.enabled}{s.unit && <span className="muted"> ({s.unit})</span>}</dd>
        </div>
        <div>
          <dt>Service state</dt>
          <dd>{s.active}</dd>
        </div>
        <div className={s.running === false ? 'smart-fact-bad' : undefined}>
          <dt>smartd process running</dt>
          <dd>{yesNo(s.running)}</dd>
        </div>
      </dl>
      {s.note && <p className="small muted">{s.note}</p>}
    </div>
  );
}

function Smartd({ data }: { data: SmartdConfigResponse }) {
  const apply = useApplySmartd();
  const [reload, setReload] = useState(true);
  const monitored = data.disks.filter((d) => d.skippedBecause === null);
  return (
    <>
      <Status status={data.status} />
      <div className="smart-section">
        <h2>Disks</h2>
        <div className="table-wrap">
          <table className="table" data-testid="smartd-disks">
            <caption>
              {monitored.length} of {data.disks.length} attached disks get a smartd line.
            </caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">-d</th>
                <th scope="col">smartd line / why not</th>
              </tr>
            </thead>
            <tbody>
              {data.disks.map((d) => (
                <tr key={d.diskKey}>
                  <th scope="row" className="mono">{d.device ?? d.diskKey}</th>
                  <td className="mono">{d.deviceType ?? 'auto'}</td>
                  <td>{d.line ? <code className="smart-line">{d.line}</code> : <span className="muted">{d.skippedBecause}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="smart-section">
        <h2>{data.confPath}</h2>
        {data.notes.map((n, i) => (
          <div key={i} className="notice notice-warning">
            <p>{n}</p>
          </div>
        ))}
        {!data.confExists && <p className="muted">The file does not exist yet; applying creates it.</p>}
        {data.changed ? (
          <>
            <p>Changes applying would make:</p>
            <pre className="smart-diff" data-testid="smartd-diff">
              {data.diff.map((l, i) => (
                <span key={i} className={l.op === '+' ? 'smart-diff-add' : l.op === '-' ? 'smart-diff-del' : 'smart-diff-same'}>
                  {l.op} {l.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          </>
        ) : (
          <p data-testid="smartd-up-to-date">The file already holds this block: nothing to change.</p>
        )}
        <p className="small muted">
          Warnings reach poolwatch through <span className="mono">{data.notifyCommand}</span>. The old file is kept as{' '}
          <span className="mono">{data.confPath}.poolwatch-&lt;time&gt;.bak</span>.
        </p>
        <div className="smart-actions">
          <label>
            <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} /> reload smartd afterwards
          </label>
          <button type="button" onClick={() => apply.mutate(reload)} disabled={apply.isPending}>
            {apply.isPending ? 'Writing…' : data.changed ? 'Write smartd.conf' : 'Write the notify command again'}
          </button>
        </div>
        {apply.isError && <p className="error-text">{apply.error.message}</p>}
        {apply.isSuccess && (
          <div className="notice" role="status" data-testid="smartd-applied">
            <p>
              {apply.data.written ? 'smartd.conf written.' : 'smartd.conf was already up to date.'}
              {apply.data.backupPath && <> The previous file is saved as <span className="mono">{apply.data.backupPath}</span>.</>}
            </p>
            <p className={apply.data.reload.attempted && !apply.data.reload.ok ? 'error-text' : undefined}>{apply.data.reload.message}</p>
          </div>
        )}
      </div>
      <div className="smart-section">
        <h2>Warnings from smartd</h2>
        {data.events.length === 0 ? (
          <p className="muted">None received.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="smartd-events">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Device</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((e, i) => (
                  <tr key={i}>
                    <th scope="row">{formatTime(e.at)}</th>
                    <td className="mono">{e.device ?? '—'}</td>
                    <td>{e.failType ?? '—'}</td>
                    <td>{e.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
