/**
 * `/smartd`: is smartd installed and running, what poolwatch would write into smartd.conf (block,
 * diff against the current file), apply with a backup, and the warnings smartd sent.
 */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SmartdConfigResponse, SmartdStatus } from '../../../contracts/smart.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { smartdQuery, useApplySmartd } from './api.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { SMART_TEXT } from '../../text/smart.ts';
import './smart.css';

const T = SMART_TEXT.smartd;

export function SmartdPage() {
  const query = useQuery(smartdQuery());
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.pageTitle)}</title>
      <h1>{T.heading}</h1>
      <p className="muted">{T.intro}</p>
      {query.isPending ? <Loading what={T.loadingWhat} /> : query.isError ? <ErrorNotice title={T.loadFailed} error={query.error} /> : <Smartd data={query.data} />}
    </>
  );
}

function yesNo(v: boolean | null): string {
  return v === null ? T.unknown : v ? COMMON_TEXT.yes : COMMON_TEXT.no;
}

function Status({ status: s }: { status: SmartdStatus }) {
  return (
    <div className="smart-section">
      <h2>{T.service}</h2>
      <dl className="smart-facts" data-testid="smartd-status">
        <div className={s.installed ? undefined : 'smart-fact-bad'}>
          <dt>{T.installed}</dt>
          <dd>{s.installed ? (s.version ?? COMMON_TEXT.yes) : T.notInstalled}</dd>
        </div>
        <div>
          <dt>{T.enabled}</dt>
          <dd>{s.enabled}{s.unit && <span className="muted"> ({s.unit})</span>}</dd>
        </div>
        <div>
          <dt>{T.state}</dt>
          <dd>{s.active}</dd>
        </div>
        <div className={s.running === false ? 'smart-fact-bad' : undefined}>
          <dt>{T.running}</dt>
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
        <h2>{T.disks}</h2>
        <TableWrap label={T.disks}>
          <table className="table" data-testid="smartd-disks">
            <caption>{T.disksCaption(monitored.length, data.disks.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{T.columns.device}</th>
                <th scope="col">{T.columns.type}</th>
                <th scope="col">{T.columns.line}</th>
              </tr>
            </thead>
            <tbody>
              {data.disks.map((d) => (
                <tr key={d.diskKey}>
                  <th scope="row" className="mono">{d.device ?? d.diskKey}</th>
                  <td className="mono">{d.deviceType ?? T.typeAuto}</td>
                  <td>{d.line ? <code className="smart-line">{d.line}</code> : <span className="muted">{d.skippedBecause}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      <div className="smart-section">
        <h2>{data.confPath}</h2>
        {data.notes.map((n, i) => (
          <div key={i} className="notice notice-warning">
            <p>{n}</p>
          </div>
        ))}
        {!data.confExists && <p className="muted">{T.noFile}</p>}
        {data.changed ? (
          <>
            <p>{T.changes}</p>
            <pre tabIndex={0} className="smart-diff" data-testid="smartd-diff">
              {data.diff.map((l, i) => (
                <span key={i} className={l.op === '+' ? 'smart-diff-add' : l.op === '-' ? 'smart-diff-del' : 'smart-diff-same'}>
                  {l.op} {l.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          </>
        ) : (
          <p data-testid="smartd-up-to-date">{T.upToDate}</p>
        )}
        <p className="small muted">
          {T.notifyBefore} <span className="mono">{data.notifyCommand}</span>
          {T.backupBefore} <span className="mono">{T.backupName(data.confPath)}</span>.
        </p>
        <div className="smart-actions">
          <label className="check">
            <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} /> <span>{T.reload}</span>
          </label>
          <button type="button" className="button" onClick={() => apply.mutate(reload)} disabled={apply.isPending}>
            {apply.isPending ? T.writing : data.changed ? T.write : T.writeNotify}
          </button>
        </div>
        {apply.isError && <p className="error-text">{apply.error.message}</p>}
        {apply.isSuccess && (
          <div className="notice" role="status" data-testid="smartd-applied">
            <p>
              {apply.data.written ? T.written : T.alreadyUpToDate}
              {apply.data.backupPath && (
                <>
                  {' '}
                  {T.savedAs} <span className="mono">{apply.data.backupPath}</span>.
                </>
              )}
            </p>
            <p className={apply.data.reload.attempted && !apply.data.reload.ok ? 'error-text' : undefined}>{apply.data.reload.message}</p>
          </div>
        )}
      </div>
      <div className="smart-section">
        <h2>{T.warnings}</h2>
        {data.events.length === 0 ? (
          <p className="muted">{T.noWarnings}</p>
        ) : (
          <TableWrap label={T.warnings}>
            <table className="table" data-testid="smartd-events">
              <thead>
                <tr>
                  <th scope="col">{T.eventColumns.when}</th>
                  <th scope="col">{T.eventColumns.device}</th>
                  <th scope="col">{T.eventColumns.kind}</th>
                  <th scope="col">{T.eventColumns.message}</th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((e, i) => (
                  <tr key={i}>
                    <th scope="row">{formatTime(e.at)}</th>
                    <td className="mono">{e.device ?? COMMON_TEXT.none}</td>
                    <td>{e.failType ?? COMMON_TEXT.none}</td>
                    <td>{e.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>
    </>
  );
}
