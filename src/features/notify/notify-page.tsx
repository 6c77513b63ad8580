/**
 * `/notifications`: where poolwatch tells the admin when no page is open — channels (admin) with
 * "Send test", reminders and the scan threshold, the problems it is telling about now, and the
 * delivery log (sent, queued for a retry, or failed with the SMTP or HTTP answer).
 */
import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CHANNEL_TYPES, NOTIFY_SEVERITIES, type ChannelView, type Delivery } from '../../../contracts/notify.ts';
import { formatTime } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { SaveCancel } from '../../shared/save-cancel.tsx';
import { TableWrap } from '../../shared/table-wrap.tsx';
import { channelsQuery, deliveriesQuery, problemsQuery, thresholdsQuery, useDeleteChannel, useSaveChannel, useSaveThresholds, useTestChannel } from './api.ts';
import { CHANNEL_TYPE_TEXT, DELIVERY_STATE_TEXT, MONITOR_TEXT, SECRET_LABEL, SEVERITY_TEXT } from '../../text/monitor.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { DEFAULT_PORTS, emptyFields, fieldsOf, inputOf, type ChannelFields } from './channel-form.ts';

const T = MONITOR_TEXT.notify;
const TYPE_TEXT = CHANNEL_TYPE_TEXT;
import './notify.css';

export function NotifyPage({ admin }: { admin: boolean }) {
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p>{T.intro}</p>
      <OpenProblems />
      {admin ? <Channels /> : <p className="notice notice-info">{T.adminOnly}</p>}
      <ThresholdsForm admin={admin} />
      <DeliveryLog />
    </>
  );
}

function OpenProblems() {
  const query = useQuery(problemsQuery());
  if (query.isPending) return <Loading what={T.problems.loadingWhat} />;
  if (query.isError) return <ErrorNotice title={T.problems.loadFailed} error={query.error} />;
  return (
    <section aria-labelledby="problems-title" data-testid="open-problems">
      <h2 id="problems-title">{T.problems.heading}</h2>
      {query.data.problems.length === 0 ? (
        <p className="muted">{T.problems.none}</p>
      ) : (
        <ul className="problem-list">
          {query.data.problems.map((p) => (
            <li key={p.key} data-testid="open-problem" data-kind={p.kind}>
              <span className={`tag tag-${p.severity === 'critical' ? 'critical' : p.severity === 'warning' ? 'warning' : 'info'}`}>{SEVERITY_TEXT[p.severity]}</span> <strong>{p.title}</strong>{' '}
              <span className="small muted">{T.problems.since(formatTime(p.since), formatTime(p.lastNotifiedAt))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Channels() {
  const query = useQuery(channelsQuery());
  const [editing, setEditing] = useState<{ id: string | null; fields: ChannelFields } | null>(null);
  return (
    <section aria-labelledby="channels-title" data-testid="channels">
      <h2 id="channels-title">{T.channels.heading}</h2>
      {query.isPending ? (
        <Loading what={T.channels.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.channels.loadFailed} error={query.error} />
      ) : (
        <>
          {query.data.channels.length === 0 && <p className="muted">{T.channels.none}</p>}
          <ul className="channel-list">
            {query.data.channels.map((c) => (
              <ChannelCard key={c.id} channel={c} onEdit={() => setEditing({ id: c.id, fields: fieldsOf(c) })} />
            ))}
          </ul>
          {editing ? (
            <ChannelForm initial={editing.fields} id={editing.id} secretsSet={query.data.channels.find((c) => c.id === editing.id)?.secretsSet ?? []} onDone={() => setEditing(null)} />
          ) : (
            <button type="button" className="button" onClick={() => setEditing({ id: null, fields: emptyFields() })} data-testid="channel-add">
              {T.channels.add}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ChannelCard({ channel: c, onEdit }: { channel: ChannelView; onEdit: () => void }) {
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const cfg = c.config as Record<string, unknown>;
  const target = c.type === 'email' ? `${String(cfg.host)}:${String(cfg.port)} → ${(cfg.to as string[] | undefined)?.join(', ') ?? ''}` : String(cfg.url ?? '');
  return (
    <li className="channel-card" data-testid="channel" data-channel-id={c.id} data-channel-name={c.name}>
      <div className="channel-head">
        <strong>{c.name}</strong> <span className="tag tag-muted">{TYPE_TEXT[c.type]}</span> {c.source === 'env' && <span className="tag tag-info">{T.channels.fromEnv}</span>}{' '}
        {!c.enabled && <span className="tag tag-warning">{T.channels.disabled}</span>}
      </div>
      <p className="small mono">{target}</p>
      <p className="small">
        {T.channels.filter(SEVERITY_TEXT[c.minSeverity], c.jobSucceeded)}
        {c.secretsSet.map((f) => (
          <span key={f} className="mono">
            {T.channels.secretShown(f, String(cfg[f]))}
          </span>
        ))}
      </p>
      {c.lastDelivery && (
        <p className={`small ${c.lastDelivery.ok ? 'text-ok' : 'error-text'}`}>
          {c.lastDelivery.ok ? T.channels.lastSent(formatTime(c.lastDelivery.at)) : T.channels.lastFailed(formatTime(c.lastDelivery.at), c.lastDelivery.error)}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button-small" onClick={() => test.mutate(c.id)} disabled={test.isPending} data-testid="channel-test">
          {test.isPending ? T.channels.testing : T.channels.test}
        </button>
        {c.source === 'ui' && (
          <>
            <button type="button" className="button button-small button-secondary" onClick={onEdit} data-testid="channel-edit">
              {T.channels.edit}
            </button>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => window.confirm(T.channels.deleteConfirm(c.name)) && remove.mutate(c.id)}
              data-testid="channel-delete"
            >
              {T.channels.delete}
            </button>
          </>
        )}
      </div>
      {test.data && (
        <p role="status" className={test.data.ok ? 'text-ok small' : 'error-text small'} data-testid="channel-test-result">
          {test.data.ok ? T.channels.testSent(test.data.message) : T.channels.testFailed(test.data.message)}
        </p>
      )}
      {test.isError && <ErrorNotice title={T.channels.testError} error={test.error} />}
      {remove.isError && <ErrorNotice title={T.channels.deleteFailed} error={remove.error} />}
    </li>
  );
}

function ChannelForm({ initial, id, secretsSet, onDone }: { initial: ChannelFields; id: string | null; secretsSet: string[]; onDone: () => void }) {
  const [f, setF] = useState(initial);
  const save = useSaveChannel();
  const set = <K extends keyof ChannelFields>(k: K, v: ChannelFields[K]) => setF((x) => ({ ...x, [k]: v }));
  const hasSecret = secretsSet.length > 0;
  const F = T.form;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, input: inputOf(f) }, { onSuccess: onDone });
  };
  return (
    <form className="panel-form" onSubmit={onSubmit} data-testid="channel-form" aria-label={id ? F.editHeading(initial.name) : F.newHeading}>
      <h3>{id ? F.editHeading(initial.name) : F.newHeading}</h3>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="ch-type">{F.type}</label>
          <select id="ch-type" value={f.type} onChange={(e) => set('type', e.target.value as ChannelFields['type'])} disabled={id !== null} data-testid="channel-type">
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_TEXT[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ch-name">{F.name}</label>
          <input id="ch-name" required value={f.name} onChange={(e) => set('name', e.target.value)} data-testid="channel-name" />
        </div>
        {f.type === 'email' ? (
          <>
            <div className="field">
              <label htmlFor="ch-host">{F.host}</label>
              <input id="ch-host" required value={f.host} onChange={(e) => set('host', e.target.value)} placeholder={F.hostExample} data-testid="channel-host" />
            </div>
            <div className="field">
              <label htmlFor="ch-security">{F.security}</label>
              <select
                id="ch-security"
                value={f.security}
                onChange={(e) => {
                  const security = e.target.value as ChannelFields['security'];
                  setF((x) => ({ ...x, security, port: String(DEFAULT_PORTS[security]) }));
                }}
                data-testid="channel-security"
              >
                <option value="starttls">{F.starttls}</option>
                <option value="tls">{F.tls}</option>
                <option value="none">{F.plain}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="ch-port">{F.port}</label>
              <input id="ch-port" required inputMode="numeric" pattern="[0-9]{1,5}" value={f.port} onChange={(e) => set('port', e.target.value)} data-testid="channel-port" />
            </div>
            <div className="field field-check">
              <input id="ch-verify" type="checkbox" checked={f.tlsVerify} onChange={(e) => set('tlsVerify', e.target.checked)} />
              <label htmlFor="ch-verify">{F.verify}</label>
            </div>
            <div className="field">
              <label htmlFor="ch-user">{F.login}</label>
              <input id="ch-user" value={f.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" data-testid="channel-username" />
            </div>
            <div className="field">
              <label htmlFor="ch-from">{F.from}</label>
              <input id="ch-from" required type="email" value={f.from} onChange={(e) => set('from', e.target.value)} placeholder={F.fromExample} data-testid="channel-from" />
            </div>
            <div className="field field-wide">
              <label htmlFor="ch-to">{F.to}</label>
              <input id="ch-to" required value={f.to} onChange={(e) => set('to', e.target.value)} placeholder={F.toExample} data-testid="channel-to" />
            </div>
          </>
        ) : (
          <div className="field field-wide">
            <label htmlFor="ch-url">{F.urlLabel[f.type]}</label>
            <input id="ch-url" required type="url" value={f.url} onChange={(e) => set('url', e.target.value)} placeholder={F.urlExample[f.type]} data-testid="channel-url" />
          </div>
        )}
        <div className="field">
          <label htmlFor="ch-secret">{SECRET_LABEL[f.type]}</label>
          <input
            id="ch-secret"
            type="password"
            autoComplete="new-password"
            value={f.secret}
            onChange={(e) => set('secret', e.target.value)}
            placeholder={hasSecret ? F.secretKept : f.type === 'webhook' ? F.secretMin : undefined}
            data-testid="channel-secret"
          />
          {hasSecret && (
            <span className="field-check">
              <input id="ch-remove-secret" type="checkbox" checked={f.removeSecret} onChange={(e) => set('removeSecret', e.target.checked)} />
              <label htmlFor="ch-remove-secret">{F.removeSecret}</label>
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="ch-severity">{F.send}</label>
          <select id="ch-severity" value={f.minSeverity} onChange={(e) => set('minSeverity', e.target.value as ChannelFields['minSeverity'])} data-testid="channel-severity">
            {NOTIFY_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {F.severityOption(SEVERITY_TEXT[s])}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input id="ch-jobs" type="checkbox" checked={f.jobSucceeded} onChange={(e) => set('jobSucceeded', e.target.checked)} />
          <label htmlFor="ch-jobs">{F.jobs}</label>
        </div>
        <div className="field field-check">
          <input id="ch-enabled" type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="channel-enabled" />
          <label htmlFor="ch-enabled">{MONITOR_TEXT.form.enabled}</label>
        </div>
      </div>
      <SaveCancel pending={save.isPending} error={save.error} onCancel={onDone} testId="channel" />
    </form>
  );
}

function ThresholdsForm({ admin }: { admin: boolean }) {
  const query = useQuery(thresholdsQuery());
  const save = useSaveThresholds();
  const TH = T.thresholds;
  if (query.isPending) return <Loading what={TH.loadingWhat} />;
  if (query.isError) return <ErrorNotice title={TH.loadFailed} error={query.error} />;
  const t = query.data.thresholds;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    save.mutate({
      reminderHours: Number(form.get('reminderHours')),
      scanStuckMinutes: Number(form.get('scanStuckMinutes')),
      counterRetentionDays: Number(form.get('counterRetentionDays')),
    });
  };
  return (
    <section aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">{TH.heading}</h2>
      <form className="auth-form-inline" onSubmit={onSubmit} key={JSON.stringify(t)} data-testid="thresholds-form">
        <div className="field">
          <label htmlFor="th-reminder">{TH.reminder}</label>
          <input id="th-reminder" name="reminderHours" type="number" min={0} max={720} step="any" defaultValue={t.reminderHours} disabled={!admin} />
        </div>
        <div className="field">
          <label htmlFor="th-scan">{TH.scanStuck}</label>
          <input id="th-scan" name="scanStuckMinutes" type="number" min={2} max={1440} defaultValue={t.scanStuckMinutes} disabled={!admin} />
        </div>
        <div className="field">
          <label htmlFor="th-retention">{TH.retention}</label>
          <input id="th-retention" name="counterRetentionDays" type="number" min={7} max={3650} defaultValue={t.counterRetentionDays} disabled={!admin} />
        </div>
        {admin && (
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? MONITOR_TEXT.form.saving : MONITOR_TEXT.form.save}
          </button>
        )}
        {save.isError && (
          <p className="error-text" role="alert">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && (
          <p role="status" className="small text-ok">
            {TH.saved}
          </p>
        )}
      </form>
    </section>
  );
}

const STATE_TAG: Record<string, string> = { sent: 'tag-ok', queued: 'tag-warning', failed: 'tag-critical' };

function DeliveryLog() {
  const query = useQuery(deliveriesQuery());
  const L = T.log;
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{L.heading}</h2>
      {query.isPending ? (
        <Loading what={L.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={L.loadFailed} error={query.error} />
      ) : query.data.deliveries.length === 0 ? (
        <p className="muted">{L.none}</p>
      ) : (
        <TableWrap label={L.heading}>
          <table className="table" data-testid="deliveries">
            <caption>{L.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{L.queuedAt}</th>
                <th scope="col">{L.channel}</th>
                <th scope="col">{L.message}</th>
                <th scope="col">{L.state}</th>
                <th scope="col">{L.attempts}</th>
                <th scope="col">{L.answer}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.deliveries.map((d) => (
                <DeliveryRow key={d.id} d={d} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function DeliveryRow({ d }: { d: Delivery }) {
  return (
    <tr data-testid="delivery" data-state={d.state}>
      <td>{formatTime(d.createdAt)}</td>
      <td>
        {d.channelName} <span className="small muted">{d.channelType}</span>
      </td>
      <td>
        <span className={`tag tag-${d.severity === 'critical' ? 'critical' : d.severity === 'warning' ? 'warning' : 'info'}`}>{SEVERITY_TEXT[d.severity]}</span> {d.title}
      </td>
      <td>
        <span className={`tag ${STATE_TAG[d.state] ?? 'tag-muted'}`}>{DELIVERY_STATE_TEXT[d.state] ?? d.state}</span>
        {d.sentAt && <span className="small muted"> {formatTime(d.sentAt)}</span>}
        {d.state === 'queued' && d.nextAttemptAt && <span className="small muted">{T.log.nextTry(formatTime(d.nextAttemptAt))}</span>}
      </td>
      <td className="num">{d.attempts}</td>
      <td className="small">{d.state === 'sent' ? T.log.delivered : d.lastError}</td>
    </tr>
  );
}
