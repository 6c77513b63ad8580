/**
 * `/support` (admin): the support bundle — every file listed before the download, serials and
 * labels redacted on request — and the settings file: export (secrets only when asked), import
 * with a preview first.
 */
import { type ChangeEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { bundlePlanQuery, bundleUrl, exportUrl, useImportSettings } from './api.ts';

export function SupportPage({ admin }: { admin: boolean }) {
  return (
    <>
      <title>Support · poolwatch</title>
      <h1>Support bundle and settings</h1>
      {admin ? (
        <>
          <Bundle />
          <SettingsFile />
        </>
      ) : (
        <p className="notice notice-info">Only an admin can download the support bundle or the settings.</p>
      )}
    </>
  );
}

function Bundle() {
  const [redact, setRedact] = useState(true);
  const plan = useQuery(bundlePlanQuery(redact));
  return (
    <section aria-labelledby="bundle-title">
      <h2 id="bundle-title">Support bundle</h2>
      <p>
        One .tar.gz with what a support engineer asks for first. It never holds a password, token or webhook secret. On a machine whose web UI is down,{' '}
        <code>poolwatch bundle</code> writes the same file.
      </p>
      <div className="field-check">
        <input id="bundle-redact" type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} data-testid="bundle-redact" />
        <label htmlFor="bundle-redact">Replace serial numbers and pool labels with placeholders</label>
      </div>
      {plan.isPending ? (
        <Loading what="the list of files" />
      ) : plan.isError ? (
        <ErrorNotice title="Could not list the bundle's files" error={plan.error} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="bundle-files">
              <caption>The {plan.data.files.length} files of {plan.data.name}</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">What</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {plan.data.files.map((f) => (
                  <tr key={f.path} data-testid="bundle-file" data-path={f.path}>
                    <th scope="row" className="mono">
                      {f.path}
                    </th>
                    <td>{f.what}</td>
                    <td className="mono small">{f.command ?? 'written by poolwatch'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <a className="button" href={bundleUrl(redact)} download={plan.data.name} data-testid="bundle-download">
            Download {plan.data.name}
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
      setReadError(`${file.name} is not JSON: ${(err as Error).message}`);
    }
  };
  const preview = importer.data && !importer.data.applied ? importer.data : null;
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings file</h2>
      <p>Schedules, notification channels and thresholds in one JSON file, so a reinstall restores them. Channels set by the environment stay out of it.</p>
      <div className="button-row">
        <span className="field-check">
          <input id="export-secrets" type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} data-testid="export-secrets" />
          <label htmlFor="export-secrets">Include passwords and tokens (keep the file safe)</label>
        </span>
        <a className="button" href={exportUrl(secrets)} data-testid="settings-export">
          Export settings
        </a>
      </div>
      <div className="field">
        <label htmlFor="settings-import">Import a settings file (you see what it holds before anything changes)</label>
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
          <p>
            This file holds {preview.schedules} schedule(s) and {preview.channels} channel(s); reminders every {preview.thresholds.reminderHours} h, counter history kept{' '}
            {preview.thresholds.counterRetentionDays} days. Importing replaces the current schedules and the channels made in the UI.
          </p>
          {preview.warnings.length > 0 && (
            <ul>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <button type="button" className="button" onClick={() => importer.mutate({ document, dryRun: false })} disabled={importer.isPending} data-testid="settings-import-apply">
            Import
          </button>
        </div>
      )}
      {importer.data?.applied && (
        <p role="status" className="text-ok" data-testid="settings-imported">
          Imported {importer.data.schedules} schedule(s) and {importer.data.channels} channel(s).
          {importer.data.warnings.map((w) => ` ${w}.`)}
        </p>
      )}
    </section>
  );
}
