/**
 * A disk's SMART tab: verdict and reasons, replace advice for a failing member, key attributes
 * (failing first) and the full list, NVMe/SCSI health, temperature, error and self-test logs,
 * self-tests with progress, ERC with the set button, the smartctl device type, history.
 */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { PoolLabel } from '../../shared/pool-label.tsx';
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
  useJobEnded,
  useStartSelfTest,
} from './api.ts';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
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
import { COMMON_TEXT } from '../../text/common.ts';
import { SMART_TEXT } from '../../text/smart.ts';
import './smart.css';

const T = SMART_TEXT;

/** Where "start the replace" goes: the pool page opens its replace dialog from these parameters (ACTION_PARAMS in features/actions/offer.ts). */
const replaceHref = (a: SmartReplaceAdvice) => `/pools/${encodeURIComponent(a.poolUuid)}?action=replace&devid=${a.devid}&readFromOtherMirrors=1`;

export function SmartPanel({ diskKey }: { diskKey: string }) {
  const query = useQuery(diskSmartQuery(diskKey));
  if (query.isPending) return <Loading what={T.loadingWhat} />;
  if (query.isError) return <ErrorNotice title={T.loadFailed} error={query.error} />;
  const data = query.data;
  const report = diskReportOf(data.report);
  return (
    <section className="smart-panel" data-testid="smart-panel" aria-label={T.panelLabel}>
      <SmartHeader data={data} />
      {data.replaceAdvice && <ReplaceAdvice advice={data.replaceAdvice} href={replaceHref(data.replaceAdvice)} />}
      {data.warnings.map((w) => (
        <div key={w.code} className="notice notice-warning" data-testid={`smart-warning-${w.code}`}>
          <p>{w.message}</p>
        </div>
      ))}
      {data.assessment && data.assessment.reasons.length > 0 && (
        <div className="smart-section">
          <h3>{T.why}</h3>
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
      {report && data.path && <SelfTests diskKey={diskKey} report={report} followedJobId={data.selfTestJobId} />}
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
        {data.lastCheckedAt ? T.header.read(formatTime(data.lastCheckedAt)) : T.header.notRead}
        {data.skippedStandbyAt && T.header.asleep(formatTime(data.skippedStandbyAt))}
        {T.header.refreshed(data.refreshMinutes)}
      </div>
      {data.path && (
        <button type="button" className="button button-small button-secondary" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
          {refresh.isPending ? T.header.reading : T.header.readNow}
        </button>
      )}
      {refresh.isError && <p className="error-text">{refresh.error.message}</p>}
      {data.status === 'not-available' && (
        <p className="small muted">{T.header.notAvailable}</p>
      )}
      {data.error && <p className="error-text">{data.error.message}</p>}
    </div>
  );
}

function ReplaceAdvice({ advice, href }: { advice: SmartReplaceAdvice; href: string }) {
  return (
    <div className={`notice ${advice.urgency === 'now' ? 'notice-error' : 'notice-warning'}`} data-testid="smart-replace-advice">
      <h3 className="notice-title">{advice.urgency === 'now' ? T.replace.now : T.replace.plan}</h3>
      <p>{advice.message}</p>
      <pre tabIndex={0} className="smart-command mono">{advice.command.join(' ')}</pre>
      <p>
        <Link to={href}>
          {T.replace.start} {advice.poolLabel ? <PoolLabel label={advice.poolLabel} /> : advice.poolUuid}
        </Link>
      </p>
    </div>
  );
}

function Identity({ report, data }: { report: SmartDiskReport; data: DiskSmartResponse }) {
  const id = report.identity;
  const D = T.drive;
  const rows: [string, React.ReactNode][] = [
    [D.model, id.model],
    [D.family, id.family],
    [D.serial, id.serial && <span className="mono">{id.serial}</span>],
    [D.wwn, id.wwn && <span className="mono">{id.wwn}</span>],
    [D.eui64, id.eui64 && <span className="mono">{id.eui64}</span>],
    [D.firmware, id.firmware],
    [D.capacity, id.capacityBytes !== null ? formatBytes(id.capacityBytes) : null],
    [D.rotation, id.rotationRateRpm === null ? null : id.rotationRateRpm === 0 ? D.solidState : D.rpm(id.rotationRateRpm)],
    [D.protocol, `${report.protocol.toUpperCase()}${report.device?.type ? ` (-d ${report.device.type})` : ''}${report.device?.connection && report.device.connection !== 'direct' ? `, ${report.device.connection.replace('-', ' ')}` : ''}`],
    [D.overall, report.passed === null ? D.notReported : report.passed ? D.passed : D.failed],
    [D.temperature, formatTemperature(report.temperatureCelsius)],
    [D.powerOn, formatPowerOn(report.powerOnHours)],
    [D.powerCycles, report.powerCycleCount],
    [D.device, data.path && <span className="mono">{data.path}</span>],
  ];
  return (
    <div className="smart-section">
      <h3>{D.title}</h3>
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
          <summary>{D.smartctlSaid}</summary>
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
            <td className="num">{a.thresh ?? COMMON_TEXT.none}</td>
            <td className="mono">{a.raw.string}</td>
            <td>{a.flags.prefailure ? T.attributes.prefail : T.attributes.oldAge}</td>
            <td>{concern && <span className={`tag ${concern === 'key-nonzero' ? 'tag-warning' : 'tag-critical'}`}>{CONCERN_TEXT[concern]}</span>}</td>
          </tr>
        );
      })}
    </>
  );
}

function AttributeTable({ attributes, caption }: { attributes: AtaAttribute[]; caption: string }) {
  const C = T.attributes.columns;
  return (
    <TableWrap label={caption}>
      <table className="table smart-attributes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{C.id}</th>
            <th scope="col">{C.name}</th>
            <th scope="col" className="num">{C.value}</th>
            <th scope="col" className="num">{C.worst}</th>
            <th scope="col" className="num">{C.threshold}</th>
            <th scope="col">{C.raw}</th>
            <th scope="col">{C.type}</th>
            <th scope="col">{C.concern}</th>
          </tr>
        </thead>
        <tbody>
          <AttributeRows attributes={attributes} />
        </tbody>
      </table>
    </TableWrap>
  );
}

function AtaAttributes({ attributes }: { attributes: AtaAttribute[] }) {
  if (attributes.length === 0) return null;
  const key = keyAttributes(attributes);
  const counted = key.filter((a) => rawCount(a) > 0 || a.whenFailed !== '').length;
  return (
    <div className="smart-section">
      <h3>{T.attributes.key}</h3>
      {key.length > 0 ? <AttributeTable attributes={key} caption={T.attributes.keyCaption(counted)} /> : <p className="muted">{T.attributes.noneKey}</p>}
      <details>
        <summary>{T.attributes.all(attributes.length)}</summary>
        <AttributeTable attributes={sortAttributes(attributes)} caption={T.attributes.allCaption} />
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
            <dd>{v ?? COMMON_TEXT.none}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function NvmeHealthTable({ health: h }: { health: NvmeHealth }) {
  const N = T.nvme;
  const spareLow = h.availableSparePercent !== null && h.availableSpareThresholdPercent !== null && h.availableSparePercent < h.availableSpareThresholdPercent;
  return (
    <FactsTable
      title={N.title}
      rows={[
        [N.criticalWarning, h.criticalWarning === null ? null : `0x${h.criticalWarning.toString(16).padStart(2, '0')}`, Boolean(h.criticalWarning)],
        [N.spare, h.availableSparePercent === null ? null : N.spareValue(h.availableSparePercent, h.availableSpareThresholdPercent), spareLow],
        [N.used, h.percentageUsed === null ? null : `${h.percentageUsed}%`, (h.percentageUsed ?? 0) >= 90],
        [N.mediaErrors, h.mediaErrors, (h.mediaErrors ?? 0) > 0],
        [N.errorLog, h.errorLogEntries],
        [N.unsafeShutdowns, h.unsafeShutdowns],
        [N.written, h.dataUnitsWritten === null ? null : formatBytes(h.dataUnitsWritten * 512_000)],
        [N.read, h.dataUnitsRead === null ? null : formatBytes(h.dataUnitsRead * 512_000)],
      ]}
    />
  );
}

function ScsiHealthTable({ scsi: s }: { scsi: ScsiHealth }) {
  const S = T.scsi;
  const counter = (c: ScsiHealth['errorCounters']['read']) => (c ? S.counter(c.uncorrected, c.correctedTotal) : null);
  return (
    <FactsTable
      title={S.title}
      rows={[
        [S.grownDefects, s.grownDefects, (s.grownDefects ?? 0) > 0],
        [S.readErrors, counter(s.errorCounters.read), (s.errorCounters.read?.uncorrected ?? 0) > 0],
        [S.writeErrors, counter(s.errorCounters.write), (s.errorCounters.write?.uncorrected ?? 0) > 0],
        [S.verifyErrors, counter(s.errorCounters.verify), (s.errorCounters.verify?.uncorrected ?? 0) > 0],
        [S.endurance, s.percentageUsedEndurance === null ? null : `${s.percentageUsedEndurance}%`],
        [S.tripTemperature, formatTemperature(s.driveTripCelsius)],
      ]}
    />
  );
}

function Logs({ report }: { report: SmartDiskReport }) {
  const L = T.logs;
  return (
    <div className="smart-section">
      <h3>{L.errorLog}</h3>
      <p data-testid="smart-error-log">
        {report.errorLogCount === null ? L.noCount : report.errorLogCount === 0 ? L.none : L.count(report.errorLogCount, report.protocol === 'nvme')}
      </p>
      <h3>{L.selfTestLog}</h3>
      {report.selfTests.length === 0 ? (
        <p className="muted">{L.noSelfTests}</p>
      ) : (
        <TableWrap label={L.selfTestLog}>
          <table className="table smart-selftests" data-testid="smart-selftest-log">
            <caption>{L.selfTestCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{L.columns.test}</th>
                <th scope="col">{L.columns.result}</th>
                <th scope="col" className="num">{L.columns.hour}</th>
                <th scope="col" className="num">{L.columns.lba}</th>
              </tr>
            </thead>
            <tbody>
              {report.selfTests.map((t, i) => (
                <tr key={i} data-passed={String(t.passed)}>
                  <th scope="row">{t.type}</th>
                  <td>
                    {t.passed === false && <span className="tag tag-critical">{L.failed}</span>}
                    {t.passed === true && <span className="tag tag-info">{L.passed}</span>} {t.status}
                  </td>
                  <td className="num">{t.lifetimeHours ?? COMMON_TEXT.none}</td>
                  <td className="num mono">{t.firstErrorLba ?? COMMON_TEXT.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

/** A job started on this disk, shown with the jobs' card (the app's disk slot); the disk's page is read again when it ends. */
function DiskJob({ jobId, onEnded }: { jobId: string; onEnded: () => void }) {
  useJobEnded(jobId, onEnded);
  const { diskJob } = useDiskSlots();
  return <div className="smart-job">{diskJob ? diskJob(jobId) : <Link to={`/jobs/${encodeURIComponent(jobId)}`}>{T.openJob}</Link>}</div>;
}

function SelfTests({ diskKey, report, followedJobId }: { diskKey: string; report: SmartDiskReport; followedJobId: string | null }) {
  const start = useStartSelfTest(diskKey);
  const abort = useAbortSelfTest(diskKey);
  const queryClient = useQueryClient();
  const [startedJobId, setJobId] = useState<string | null>(null);
  // The test started here, else the one poolwatch follows on this disk (started earlier, by a schedule, or before a reload).
  const jobId = startedJobId ?? followedJobId;
  const offered = offeredSelfTests(report);
  const running = report.selfTestInProgress;
  const refreshDisk = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: smartKeys.disk(diskKey) });
    void queryClient.invalidateQueries({ queryKey: smartKeys.summary() });
  }, [queryClient, diskKey]);
  const run = (type: SelfTestType) => start.mutate(type, { onSuccess: (r) => setJobId(r.jobId) });
  return (
    <div className="smart-section">
      <h3>{T.selfTests.title}</h3>
      {running && !jobId && <p role="status">{T.selfTests.running(running.kind, running.percentDone)}</p>}
      {jobId && <DiskJob key={jobId} jobId={jobId} onEnded={refreshDisk} />}
      <div className="smart-actions">
        {offered.map((t) => (
          <button key={t.type} type="button" className="button button-small" onClick={() => run(t.type)} disabled={start.isPending || running !== null}>
            {T.selfTests.start(t.type, formatMinutes(t.minutes))}
          </button>
        ))}
        <button type="button" className="button button-small button-secondary" onClick={() => abort.mutate()} disabled={abort.isPending}>
          {T.selfTests.abort}
        </button>
      </div>
      <p className="small muted">{T.selfTests.note}</p>
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
  const E = T.erc;
  return (
    <div className="smart-section" data-testid="smart-erc">
      <h3>{E.title}</h3>
      <p className="smart-erc-now" data-testid="smart-erc-now">
        <strong>{E.now}</strong> {E.sentence(formatErc(erc))} <span className="muted small">{fresh.data ? E.fromDrive : E.fromLastRead}</span>{' '}
        <button type="button" className="button button-small button-secondary" onClick={() => (readNow ? void fresh.refetch() : setReadNow(true))} disabled={fresh.isFetching}>
          {fresh.isFetching ? E.reading : E.readFromDrive}
        </button>
      </p>
      {fresh.isError && <p className="error-text">{fresh.error.message}</p>}
      <p className="small muted">{E.explain}</p>
      {data.ercSetting && (
        <p className="small">
          {E.setByPoolwatch(
            (data.ercSetting.readDeciseconds / 10).toFixed(1),
            (data.ercSetting.writeDeciseconds / 10).toFixed(1),
            formatTime(data.ercSetting.setAt),
            data.ercSetting.setBy,
            data.ercSetting.reapplyAtStart,
          )}
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
          <label className="field">
            <span>{E.readLabel}</span>
            <input type="number" min={0} max={6000} value={readDs} onChange={(e) => setReadDs(Number(e.target.value))} />
          </label>
          <label className="field">
            <span>{E.writeLabel}</span>
            <input type="number" min={0} max={6000} value={writeDs} onChange={(e) => setWriteDs(Number(e.target.value))} />
          </label>
          <label className="check">
            <input type="checkbox" checked={reapply} onChange={(e) => setReapply(e.target.checked)} /> <span>{E.reapply}</span>
          </label>
          <button type="submit" className="button" disabled={set.isPending}>
            {E.set((readDs / 10).toFixed(1), (writeDs / 10).toFixed(1))}
          </button>
        </form>
      )}
      {set.isError && <p className="error-text">{set.error.message}</p>}
      {jobId && <DiskJob key={jobId} jobId={jobId} onEnded={ended} />}
    </div>
  );
}

function DeviceType({ diskKey, data }: { diskKey: string; data: DiskSmartResponse }) {
  const set = useSetDeviceType(diskKey);
  const [value, setValue] = useState(data.deviceType.override ?? '');
  const valid = value === '' || DEVICE_TYPE_PATTERN.test(value);
  const t = data.deviceType;
  const D = T.deviceType;
  const mono = (items: readonly string[]) =>
    items.map((x, i) => (
      <span key={x}>
        {i > 0 && (i === items.length - 1 ? ` ${D.or} ` : ', ')}
        <span className="mono">{x}</span>
      </span>
    ));
  return (
    <details className="smart-section" open={data.status === 'not-available' || data.status === 'error'}>
      <summary>{D.title}</summary>
      <p className="small">
        {D.now} <span className="mono">{t.effective ?? D.auto}</span> ({D.source[t.source] ?? t.source}). {D.helpRaid} {mono(D.raidExamples)}
        {D.helpUsb} {mono(D.usbExamples)} {D.nvme}
      </p>
      <form
        className="smart-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) set.mutate(value === '' ? null : value);
        }}
      >
        <label className="field">
          <span className="mono">{D.flag}</span>
          <input value={value} onChange={(e) => setValue(e.target.value.trim())} placeholder={D.placeholder} aria-invalid={!valid} spellCheck={false} className="mono" />
        </label>
        <button type="submit" className="button" disabled={!valid || set.isPending}>
          {value === '' ? D.useAuto : D.useThis}
        </button>
      </form>
      {!valid && <p className="error-text">{D.invalid}</p>}
      {set.isError && <p className="error-text">{set.error.message}</p>}
    </details>
  );
}

function History({ data }: { data: DiskSmartResponse }) {
  if (data.history.length === 0) return null;
  const H = T.history;
  return (
    <details className="smart-section">
      <summary>{H.summary(data.history.length)}</summary>
      <TableWrap label={H.label}>
        <table className="table">
          <caption>{H.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{H.columns.when}</th>
              <th scope="col">{H.columns.verdict}</th>
              <th scope="col">{H.columns.counters}</th>
              <th scope="col" className="num">{H.columns.temperature}</th>
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
      </TableWrap>
    </details>
  );
}
