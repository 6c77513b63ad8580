/**
 * `/support` (admin): the support bundle — every file listed before the download, serials and
 * labels redacted on request — and the settings file: export (secrets only when asked), import
 * with a preview first.
 */
import { type ChangeEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { TableWrap } from '../../shared/table-wrap.tsx';
import { COMMON_TEXT } from '../../text/common.ts';
import { MONITOR_TEXT } from '../../text/monitor.ts';
import { bundlePlanQuery, bundleUrl, exportUrl, useImportSettings } from './api.ts';

const T = MONITOR_TEXT.support;

export function SupportPage({ admin }: { admin: boolean }) {
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.heading}</h1>
      {admin ? (
        <>
          <Bundle />
          <SettingsFile />
        </>
      ) : (
        <p className="notice notice-info">{T.adminOnly}</p>
      )}
    </>
  );
}

function Bundle() {
  const [redact, setRedact] = useState(true);
  const plan = useQuery(bundlePlanQuery(redact));
  const B = T.bundle;
  return (
    <section aria-labelledby="bundle-title">
      <h2 id="bundle-title">{B.heading}</h2>
      <p>
        {B.introBefore} <code>{B.introCommand}</code> {B.introAfter}
      </p>
      <div className="field-check">
        <input id="bundle-redact" type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} data-testid="bundle-redact" />
        <label htmlFor="bundle-redact">{B.redact}</label>
      </div>
      {plan.isPending ? (
        <Loading what={B.loadingWhat} />
      ) : plan.isError ? (
        <ErrorNotice title={B.loadFailed} error={plan.error} />
      ) : (
        <>
          <TableWrap label={B.heading}>
            <table className="table" data-testid="bundle-files">
              <caption>{B.caption(plan.data.files.length, plan.data.name)}</caption>
              <thead>
                <tr>
                  <th scope="col">{B.file}</th>
                  <th scope="col">{B.what}</th>
                  <th scope="col">{B.from}</th>
                </tr>
              </thead>
              <tbody>
                {plan.data.files.map((f) => (
                  <tr key={f.path} data-testid="bundle-file" data-path={f.path}>
                    <th scope="row" className="mono">
                      {f.path}
                    </th>
                    <td>{f.what}</td>
                    <td className="mono small">{f.command ?? B.byPoolwatch}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <a className="button" href={bundleUrl(redact)} download={plan.data.name} data-testid="bundle-download">
            {B.download(plan.data.name)}
          </a>
        </>
      )}
    </section>
  );
}

function SettingsFile() {
  const [secrets, setSecrets] = useState(false);
  const [document, setDocument] = useState<unknown>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const importer = useImportSettings();
  const S = T.settings;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    importer.reset();
    setReadError(null);
    setDocument(null);
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      setDocument(parsed);
      importer.mutate({ document: parsed, dryRun: true });
    } catch (err) {
      setReadError(S.notJson(file.name, (err as Error).message));
    }
  };
  const preview = importer.data && !importer.data.applied ? importer.data : null;
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{S.heading}</h2>
      <p>{S.intro}</p>
      <div className="button-row">
        <span className="field-check">
          <input id="export-secrets" type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} data-testid="export-secrets" />
          <label htmlFor="export-secrets">{S.secrets}</label>
        </span>
        <a className="button" href={exportUrl(secrets)} data-testid="settings-export">
          {S.export}
        </a>
      </div>
      <div className="field">
        <label htmlFor="settings-import">{S.import}</label>
        <input id="settings-import" type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} data-testid="settings-import" />
      </div>
      {readError && (
        <p className="error-text" role="alert">
          {readError}
        </p>
      )}
      {importer.isError && (
        <p className="error-text" role="alert" data-testid="settings-import-error">
          {importer.error.message}
        </p>
      )}
      {preview && (
        <div className="notice notice-info" role="status" data-testid="settings-import-preview">
          <p>{S.preview(preview.schedules, preview.channels, preview.thresholds.reminderHours, preview.thresholds.counterRetentionDays)}</p>
          {preview.warnings.length > 0 && (
            <ul>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <button type="button" className="button" onClick={() => importer.mutate({ document, dryRun: false })} disabled={importer.isPending} data-testid="settings-import-apply">
            {S.apply}
          </button>
        </div>
      )}
      {importer.data?.applied && (
        <div role="status" className="text-ok" data-testid="settings-imported">
          <p>{S.imported(importer.data.schedules, importer.data.channels)}</p>
          {importer.data.warnings.length > 0 && (
            <ul>
              {importer.data.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
