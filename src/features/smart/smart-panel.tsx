/**
 * A disk's SMART tab: verdict and reasons, replace advice for a failing member, key attributes
 * (failing first) and the full list, NVMe/SCSI health, temperature, error and self-test logs,
 * self-tests with progress, ERC with the set button, the smartctl device type, history.
 */
import { useCallback, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type {
  AtaAttribute,
  DiskSmartResponse,
  NvmeHealth,
  ScsiHealth,
  SmartDiskReport,
  SmartReplaceAdvice,
} from '../../../contracts/smart.ts';
import { ERC_RECOMMENDED_DECISECONDS } from '../../../contracts/smart.ts';
import { formatBytes, formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import {
  diskSmartQuery,
  ercQuery,
  smartKeys,
  useAbortSelfTest,
  useRefreshSmart,
  useSetDeviceType,
  useSetErc,
  useStartSelfTest,
} from './api.ts';
import { JobProgress } from './job-progress.tsx';
import { SmartBadge } from './smart-status-cell.tsx';
import {
  CONCERN_TEXT,
  DEVICE_TYPE_PATTERN,
  attributeConcern,
  diskReportOf,
  formatErc,
  formatKeyValues,
  formatMinutes,
  formatPowerOn,
  formatTemperature,
  keyAttributes,
  offeredSelfTests,
  rawCount,
  sortAttributes,
  type SelfTestType,
} from './smart-view.ts';
import './smart.css';
import { PoolLabel } from '../../shared/pool-label.tsx';

/** Where "start the replace" goes; the pools feature reads these parameters (the lead wires it). */
export const defaultReplaceHref = (a: SmartReplaceAdvice) => `/pools/${encodeURIComponent(a.poolUuid)}?action=replace&devid=${a.devid}&readFromOtherMirrors=1`;

export function SmartPanel({ diskKey, replaceHref = defaultReplaceHref }: { diskKey: string; replaceHref?: (advice: SmartReplaceAdvice) => string }) {
  const query = useQuery(diskSmartQuery(diskKey));
  if (query.isPending) return <Loading what="SMART data (reading a sleeping disk can take a few seconds)" />;
  if (query.isError) return <ErrorNotice title="Could not load SMART data" error={query.error} />;
  const data = query.data;
  const report = diskReportOf(data.report);
  return (
    <section className="smart-panel" data-testid="smart-panel" aria-label="S.M.A.R.T.">
      <SmartHeader data={data} />
      {data.replaceAdvice && <ReplaceAdvice advice={data.replaceAdvice} href={replaceHref(data.replaceAdvice)} />}
      {data.warnings.map((w) => (
        <div key={w.code} className="notice notice-warning" data-testid={`smart-warning-${w.code}`}>
          <p>{w.message}</p>
        </div>
      ))}
      {data.assessment && data.assessment.reasons.length > 0 && (
        <div className="smart-section">
          <h3>Why</h3>
          <ul className="smart-reasons">
            {data.assessment.reasons.map((r, i) => (
              <li key={`${r.code}-${i}`}>
                <span className={`tag ${r.severity === 'critical' ? 'tag-critical' : 'tag-warning'}`}>{r.severity}</span> {r.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report && <Identity report={report} data={data} />}
      {report?.protocol === 'ata' && <AtaAttributes attributes={report.attributes} />}
      {report?.protocol === 'nvme' && report.health && <NvmeHealthTable health={report.health} />}
      {report?.protocol === 'scsi' && <ScsiHealthTable scsi={report.scsi} />}
      {report && <Logs report={report} />}
      {report && data.path && <SelfTests diskKey={diskKey} report={report} />}
      {report?.protocol === 'ata' && data.path && <Erc diskKey={diskKey} data={data} />}
      {data.path && <DeviceType diskKey={diskKey} data={data} />}
      <History data={data} />
    </section>
  );
}

function SmartHeader({ data }: { data: DiskSmartResponse }) {
  const refresh = useRefreshSmart(data.diskKey);
  return (
    <div className="smart-header">
      <div>
        <SmartBadge status={data.status} /> <span data-testid="smart-summary">{data.summary}</span>
      </div>
      <div className="small muted">
        {data.lastCheckedAt ? <>Read {formatTime(data.lastCheckedAt)}</> : 'Not read yet'}
        {data.skippedStandbyAt && <> · the disk was asleep at {formatTime(data.skippedStandbyAt)} and was left asleep</>}
        {' '}· refreshed every {data.refreshMinutes} min (reads can wake a sleeping disk)
      </div>
      {data.path && (
        <button type="button" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
          {refresh.isPending ? 'Reading…' : 'Read now'}
        </button>
      )}
      {refresh.isError && <p className="error-text">{refresh.error.message}</p>}
      {data.status === 'not-available' && (
        <p className="small muted">
          smartctl cannot get health data from this device. That is normal for loop devices and virtual disks. A disk behind a RAID
          controller or an unusual USB bridge may answer with the right device type (below).
        </p>
      )}
      {data.error && <p className="error-text">{data.error.message}</p>}
    </div>
  );
}

function ReplaceAdvice({ advice, href }: { advice: SmartReplaceAdvice; href: string }) {
  return (
    <div className={`notice ${advice.urgency === 'now' ? 'notice-error' : 'notice-warning'}`} data-testid="smart-replace-advice">
      <h3 className="notice-title">{advice.urgency === 'now' ? 'Replace this disk now' : 'Plan to replace this disk'}</h3>
      <p>{advice.message}</p>
      <pre className="smart-command mono">{advice.command.join(' ')}</pre>
      <p>
        <Link to={href}>Start the replace on pool {advice.poolLabel ? <PoolLabel label={advice.poolLabel} /> : advice.poolUuid}</Link>
      </p>
    </div>
  );
}

function Identity({ report, data }: { report: SmartDiskReport; data: DiskSmartResponse }) {
  const id = report.identity;
  const rows: [string, React.ReactNode][] = [
    ['Model', id.model],
    ['Family', id.family],
    ['Serial', id.serial && <span className="mono">{id.serial}</span>],
    ['WWN', id.wwn && <span className="mono">{id.wwn}</span>],
    ['EUI-64', id.eui64 && <span className="mono">{id.eui64}</span>],
    ['Firmware', id.firmware],
    ['Capacity', id.capacityBytes !== null ? formatBytes(id.capacityBytes) : null],
    ['Rotation', id.rotationRateRpm === null ? null : id.rotationRateRpm === 0 ? 'solid state' : `${id.rotationRateRpm} rpm`],
    ['Protocol', `${report.protocol.toUpperCase()}${report.device?.type ? ` (-d ${report.device.type})` : ''}${report.device?.connection && report.device.connection !== 'direct' ? `, ${report.device.connection.replace('-', ' ')}` : ''}`],
    ['Overall health', report.passed === null ? 'not reported' : report.passed ? 'PASSED' : 'FAILED'],
    ['Temperature', formatTemperature(report.temperatureCelsius)],
    ['Power-on time', formatPowerOn(report.powerOnHours)],
    ['Power cycles', report.powerCycleCount],
    ['Device', data.path && <span className="mono">{data.path}</span>],
  ];
  return (
    <div className="smart-section">
      <h3>Drive</h3>
      <dl className="smart-facts">
        {rows
          .filter(([, v]) => v !== null && v !== undefined && v !== '')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {report.messages.length > 0 && (
        <details className="small">
          <summary>smartctl said</summary>
          <ul>
            {report.messages.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function AttributeRows({ attributes }: { attributes: AtaAttribute[] }) {
  return (
    <>
      {attributes.map((a) => {
        const concern = attributeConcern(a);
        return (
          <tr key={a.id} data-concern={concern ?? 'none'} className={concern === 'failing-now' ? 'row-missing' : undefined}>
            <td className="num">{a.id}</td>
            <th scope="row">{a.name.replace(/_/g, ' ')}</th>
            <td className="num">{a.value}</td>
            <td className="num">{a.worst}</td>
            <td className="num">{a.thresh ?? '—'}</td>
            <td className="mono">{a.raw.string}</td>
            <td>{a.flags.prefailure ? 'pre-fail' : 'old age'}</td>
            <td>{concern && <span className={`tag ${concern === 'key-nonzero' ? 'tag-warning' : 'tag-critical'}`}>{CONCERN_TEXT[concern]}</span>}</td>
          </tr>
        );
      })}
    </>
  );
}

function AttributeTable({ attributes, caption }: { attributes: AtaAttribute[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table smart-attributes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">ID</th>
            <th scope="col">Attribute</th>
            <th scope="col" className="num">Value</th>
            <th scope="col" className="num">Worst</th>
            <th scope="col" className="num">Threshold</th>
            <th scope="col">Raw</th>
            <th scope="col">Type</th>
            <th scope="col">Concern</th>
          </tr>
        </thead>
        <tbody>
          <AttributeRows attributes={attributes} />
        </tbody>
      </table>
    </div>
  );
}

function AtaAttributes({ attributes }: { attributes: AtaAttribute[] }) {
  if (attributes.length === 0) return null;
  const key = keyAttributes(attributes);
  const counted = key.filter((a) => rawCount(a) > 0 || a.whenFailed !== '').length;
  return (
    <div className="smart-section">
      <h3>Key attributes</h3>
      {key.length > 0 ? (
        <AttributeTable attributes={key} caption={`The counters that predict failure best${counted ? `; ${counted} of them need attention` : ', all at zero'}.`} />
      ) : (
        <p className="muted">This drive reports none of the usual failure predictors (5, 187, 188, 197, 198).</p>
      )}
      <details>
        <summary>All {attributes.length} attributes</summary>
        <AttributeTable attributes={sortAttributes(attributes)} caption="Every attribute the drive reports, failing ones first." />
      </details>
    </div>
  );
}

function FactsTable({ title, rows }: { title: string; rows: [string, React.ReactNode, boolean?][] }) {
  return (
    <div className="smart-section">
      <h3>{title}</h3>
      <dl className="smart-facts">
        {rows.map(([k, v, bad]) => (
          <div key={k} className={bad ? 'smart-fact-bad' : undefined}>
            <dt>{k}</dt>
            <dd>{v ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function NvmeHealthTable({ health: h }: { health: NvmeHealth }) {
  const spareLow = h.availableSparePercent !== null && h.availableSpareThresholdPercent !== null && h.availableSparePercent < h.availableSpareThresholdPercent;
  return (
    <FactsTable
      title="NVMe health log"
      rows={[
        ['Critical warning', h.criticalWarning === null ? null : `0x${h.criticalWarning.toString(16).padStart(2, '0')}`, Boolean(h.criticalWarning)],
        ['Available spare', h.availableSparePercent === null ? null : `${h.availableSparePercent}% (threshold ${h.availableSpareThresholdPercent ?? '?'}%)`, spareLow],
        ['Percentage used', h.percentageUsed === null ? null : `${h.percentageUsed}%`, (h.percentageUsed ?? 0) >= 90],
        ['Media and data integrity errors', h.mediaErrors, (h.mediaErrors ?? 0) > 0],
        ['Error log entries', h.errorLogEntries],
        ['Unsafe shutdowns', h.unsafeShutdowns],
        ['Data written', h.dataUnitsWritten === null ? null : formatBytes(h.dataUnitsWritten * 512_000)],
        ['Data read', h.dataUnitsRead === null ? null : formatBytes(h.dataUnitsRead * 512_000)],
      ]}
    />
  );
}

function ScsiHealthTable({ scsi: s }: { scsi: ScsiHealth }) {
  const counter = (c: ScsiHealth['errorCounters']['read']) => (c ? `${c.uncorrected} uncorrected${c.correctedTotal !== null ? `, ${c.correctedTotal} corrected` : ''}` : null);
  return (
    <FactsTable
      title="SCSI health"
      rows={[
        ['Grown defect list', s.grownDefects, (s.grownDefects ?? 0) > 0],
        ['Read errors', counter(s.errorCounters.read), (s.errorCounters.read?.uncorrected ?? 0) > 0],
        ['Write errors', counter(s.errorCounters.write), (s.errorCounters.write?.uncorrected ?? 0) > 0],
        ['Verify errors', counter(s.errorCounters.verify), (s.errorCounters.verify?.uncorrected ?? 0) > 0],
        ['Endurance used', s.percentageUsedEndurance === null ? null : `${s.percentageUsedEndurance}%`],
        ['Drive trip temperature', formatTemperature(s.driveTripCelsius)],
      ]}
    />
  );
}

function Logs({ report }: { report: SmartDiskReport }) {
  return (
    <div className="smart-section">
      <h3>Error log</h3>
      <p data-testid="smart-error-log">
        {report.errorLogCount === null
          ? 'This drive does not report an error log count.'
          : report.errorLogCount === 0
            ? 'No errors logged.'
            : `The drive has logged ${report.errorLogCount.toLocaleString('en-US')} error${report.errorLogCount === 1 ? '' : 's'} over its life${report.protocol === 'nvme' ? ' (NVMe counts every rejected command, often harmless)' : ''}.`}
      </p>
      <h3>Self-test log</h3>
      {report.selfTests.length === 0 ? (
        <p className="muted">No self-tests recorded.</p>
      ) : (
        <div className="table-wrap">
          <table className="table smart-selftests" data-testid="smart-selftest-log">
            <caption>Newest first, as the drive keeps them.</caption>
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col">Result</th>
                <th scope="col" className="num">At power-on hour</th>
                <th scope="col" className="num">First error LBA</th>
              </tr>
            </thead>
            <tbody>
              {report.selfTests.map((t, i) => (
                <tr key={i} data-passed={String(t.passed)}>
                  <th scope="row">{t.type}</th>
                  <td>
                    {t.passed === false && <span className="tag tag-critical">failed</span>}
                    {t.passed === true && <span className="tag tag-info">passed</span>} {t.status}
                  </td>
                  <td className="num">{t.lifetimeHours ?? '—'}</td>
                  <td className="num mono">{t.firstErrorLba ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function SelfTests({ diskKey, report }: { diskKey: string; report: SmartDiskReport }) {
  const start = useStartSelfTest(diskKey);
  const abort = useAbortSelfTest(diskKey);
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const offered = offeredSelfTests(report);
  const running = report.selfTestInProgress;
  const refreshDisk = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: smartKeys.disk(diskKey) });
    void queryClient.invalidateQueries({ queryKey: smartKeys.summary() });
  }, [queryClient, diskKey]);
  const run = (type: SelfTestType) => start.mutate(type, { onSuccess: (r) => setJobId(r.jobId) });
  return (
    <div className="smart-section">
      <h3>Self-tests</h3>
      {running && !jobId && (
        <p role="status">
          A {running.kind ?? ''} self-test is running{running.percentDone !== null ? `: ${running.percentDone}% done` : ''}.
        </p>
      )}
      {jobId && <JobProgress jobId={jobId} label="Self-test" onEnded={refreshDisk} />}
      <div className="smart-actions">
        {offered.map((t) => (
          <button key={t.type} type="button" onClick={() => run(t.type)} disabled={start.isPending || running !== null}>
            Start {t.type} test{formatMinutes(t.minutes) ? ` (${formatMinutes(t.minutes)})` : ''}
          </button>
        ))}
        <button type="button" onClick={() => abort.mutate()} disabled={abort.isPending}>
          Abort running test
        </button>
      </div>
      <p className="small muted">A self-test runs inside the drive while it stays in use; a long test reads the whole surface and can take hours.</p>
      {start.isError && <p className="error-text">{start.error.message}</p>}
      {abort.isError && <p className="error-text">{abort.error.message}</p>}
      {abort.isSuccess && <p className="small">{abort.data.message}</p>}
    </div>
  );
}

function Erc({ diskKey, data }: { diskKey: string; data: DiskSmartResponse }) {
  const [readNow, setReadNow] = useState(false);
  const fresh = useQuery(ercQuery(diskKey, readNow));
  const set = useSetErc(diskKey);
  const queryClient = useQueryClient();
  const [readDs, setReadDs] = useState(ERC_RECOMMENDED_DECISECONDS);
  const [writeDs, setWriteDs] = useState(ERC_RECOMMENDED_DECISECONDS);
  const [reapply, setReapply] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const ended = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: smartKeys.disk(diskKey) });
    void queryClient.invalidateQueries({ queryKey: smartKeys.erc(diskKey) });
    void queryClient.invalidateQueries({ queryKey: smartKeys.summary() });
  }, [queryClient, diskKey]);
  const erc = fresh.data?.erc ?? data.erc;
  return (
    <div className="smart-section" data-testid="smart-erc">
      <h3>Error recovery control (ERC / TLER)</h3>
      <p>
        {formatErc(erc)}
        {fresh.data ? ' (read from the drive just now)' : ' (from the last SMART read)'}{' '}
        <button type="button" className="link-button" onClick={() => (readNow ? void fresh.refetch() : setReadNow(true))} disabled={fresh.isFetching}>
          {fresh.isFetching ? 'reading…' : 'read from the drive'}
        </button>
      </p>
      {fresh.isError && <p className="error-text">{fresh.error.message}</p>}
      <p className="small muted">
        In a redundant pool a drive should give up on an unreadable sector after about 7 seconds, so btrfs repairs it from the other copy
        instead of the kernel resetting the whole disk. Many drives forget this setting when they lose power; poolwatch can set it again
        at every start and whenever the disk comes back.
      </p>
      {data.ercSetting && (
        <p className="small">
          poolwatch set read {(data.ercSetting.readDeciseconds / 10).toFixed(1)} s / write {(data.ercSetting.writeDeciseconds / 10).toFixed(1)} s on{' '}
          {formatTime(data.ercSetting.setAt)} ({data.ercSetting.setBy}){data.ercSetting.reapplyAtStart ? ', re-applied at every start' : ''}.
        </p>
      )}
      {erc?.state !== 'unsupported' && (
        <form
          className="smart-form"
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ readDeciseconds: readDs, writeDeciseconds: writeDs, reapplyAtStart: reapply }, { onSuccess: (r) => setJobId(r.jobId) });
          }}
        >
          <label>
            Read (tenths of a second){' '}
            <input type="number" min={0} max={6000} value={readDs} onChange={(e) => setReadDs(Number(e.target.value))} />
          </label>
          <label>
            Write (tenths of a second){' '}
            <input type="number" min={0} max={6000} value={writeDs} onChange={(e) => setWriteDs(Number(e.target.value))} />
          </label>
          <label>
            <input type="checkbox" checked={reapply} onChange={(e) => setReapply(e.target.checked)} /> re-apply at every start
          </label>
          <button type="submit" disabled={set.isPending}>
            Set ERC to {(readDs / 10).toFixed(1)} s / {(writeDs / 10).toFixed(1)} s
          </button>
        </form>
      )}
      {set.isError && <p className="error-text">{set.error.message}</p>}
      {jobId && <JobProgress jobId={jobId} label="Setting ERC" onEnded={ended} />}
    </div>
  );
}

function DeviceType({ diskKey, data }: { diskKey: string; data: DiskSmartResponse }) {
  const set = useSetDeviceType(diskKey);
  const [value, setValue] = useState(data.deviceType.override ?? '');
  const valid = value === '' || DEVICE_TYPE_PATTERN.test(value);
  const t = data.deviceType;
  return (
    <details className="smart-section" open={data.status === 'not-available' || data.status === 'error'}>
      <summary>smartctl device type</summary>
      <p className="small">
        Now: <span className="mono">{t.effective ?? 'auto-detected'}</span> ({t.source === 'override' ? 'set by an admin' : t.source === 'scan' ? 'found by smartctl --scan-open' : 'smartctl detects it'}).
        Behind a RAID controller use e.g. <span className="mono">megaraid,N</span> or <span className="mono">sat+megaraid,N</span>; behind a USB bridge e.g.{' '}
        <span className="mono">sat</span>, <span className="mono">usbjmicron</span> or <span className="mono">sntjmicron</span> (NVMe).
      </p>
      <form
        className="smart-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) set.mutate(value === '' ? null : value);
        }}
      >
        <label>
          -d{' '}
          <input value={value} onChange={(e) => setValue(e.target.value.trim())} placeholder="auto" aria-invalid={!valid} spellCheck={false} className="mono" />
        </label>
        <button type="submit" disabled={!valid || set.isPending}>
          {value === '' ? 'Use auto-detection' : 'Use this type'}
        </button>
      </form>
      {!valid && <p className="error-text">Letters, digits and + , _ - only (for example sat, megaraid,1).</p>}
      {set.isError && <p className="error-text">{set.error.message}</p>}
    </details>
  );
}

function History({ data }: { data: DiskSmartResponse }) {
  if (data.history.length === 0) return null;
  return (
    <details className="smart-section">
      <summary>History ({data.history.length} change{data.history.length === 1 ? '' : 's'})</summary>
      <div className="table-wrap">
        <table className="table">
          <caption>A row whenever the verdict, the reasons or a key counter changed; newest first.</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Verdict</th>
              <th scope="col">Counters</th>
              <th scope="col" className="num">Temperature</th>
            </tr>
          </thead>
          <tbody>
            {data.history.map((h, i) => (
              <tr key={i}>
                <th scope="row">{formatTime(h.at)}</th>
                <td>
                  {h.status}
                  {h.reasonCodes.length > 0 && <span className="muted small"> ({h.reasonCodes.join(', ')})</span>}
                </td>
                <td>{formatKeyValues(h.keyValues)}</td>
                <td className="num">{formatTemperature(h.temperatureCelsius)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
