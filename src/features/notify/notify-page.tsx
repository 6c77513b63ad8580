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
import { channelsQuery, deliveriesQuery, problemsQuery, thresholdsQuery, useDeleteChannel, useSaveChannel, useSaveThresholds, useTestChannel } from './api.ts';
import { DEFAULT_PORTS, SECRET_LABEL, TYPE_TEXT, emptyFields, fieldsOf, inputOf, type ChannelFields } from './channel-form.ts';
import './notify.css';

export function NotifyPage({ admin }: { admin: boolean }) {
  return (
    <>
      <title>Notifications · poolwatch</title>
      <h1>Notifications</h1>
      <p>
        poolwatch tells you when a pool degrades, a member goes missing, error counters rise, S.M.A.R.T. gets worse, a scrub finds errors or a job fails — once when it
        starts, again as a reminder while it lasts, and once when it is resolved — whether or not this page is open.
      </p>
      <OpenProblems />
      {admin ? <Channels /> : <p className="notice notice-info">Only an admin can see and change the channels.</p>}
      <ThresholdsForm admin={admin} />
      <DeliveryLog />
    </>
  );
}

function OpenProblems() {
  const query = useQuery(problemsQuery());
  if (query.isPending) return <Loading what="open problems" />;
  if (query.isError) return <ErrorNotice title="Could not load the open problems" error={query.error} />;
  return (
    <section aria-labelledby="problems-title" data-testid="open-problems">
      <h2 id="problems-title">Being told about now</h2>
      {query.data.problems.length === 0 ? (
        <p className="muted">Nothing: no open problem.</p>
      ) : (
        <ul className="problem-list">
          {query.data.problems.map((p) => (
            <li key={p.key} data-testid="open-problem" data-kind={p.kind}>
              <span className={`tag tag-${p.severity === 'critical' ? 'critical' : p.severity === 'warning' ? 'warning' : 'info'}`}>{p.severity}</span> <strong>{p.title}</strong>{' '}
              <span className="small muted">
                since {formatTime(p.since)}, last told {formatTime(p.lastNotifiedAt)}
              </span>
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
      <h2 id="channels-title">Channels</h2>
      {query.isPending ? (
        <Loading what="the channels" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the channels" error={query.error} />
      ) : (
        <>
          {query.data.channels.length === 0 && <p className="muted">No channel yet: add one, or set POOLWATCH_SMTP_URL / POOLWATCH_WEBHOOK_URL in the environment.</p>}
          <ul className="channel-list">
            {query.data.channels.map((c) => (
              <ChannelCard key={c.id} channel={c} onEdit={() => setEditing({ id: c.id, fields: fieldsOf(c) })} />
            ))}
          </ul>
          {editing ? (
            <ChannelForm initial={editing.fields} id={editing.id} secretsSet={query.data.channels.find((c) => c.id === editing.id)?.secretsSet ?? []} onDone={() => setEditing(null)} />
          ) : (
            <button type="button" className="button" onClick={() => setEditing({ id: null, fields: emptyFields() })} data-testid="channel-add">
              Add a channel
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
        <strong>{c.name}</strong> <span className="tag tag-muted">{TYPE_TEXT[c.type]}</span> {c.source === 'env' && <span className="tag tag-info">from the environment</span>}{' '}
        {!c.enabled && <span className="tag tag-warning">disabled</span>}
      </div>
      <p className="small mono">{target}</p>
      <p className="small">
        Severity {c.minSeverity} and above{c.jobSucceeded ? ', and jobs that succeeded' : ''}.
        {c.secretsSet.map((f) => (
          <span key={f}>
            {' '}
            {f}: <span className="mono">{String(cfg[f])}</span>
          </span>
        ))}
      </p>
      {c.lastDelivery && (
        <p className={`small ${c.lastDelivery.ok ? 'text-ok' : 'error-text'}`}>
          Last delivery {formatTime(c.lastDelivery.at)}: {c.lastDelivery.ok ? 'sent' : `failed — ${c.lastDelivery.error}`}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button-small" onClick={() => test.mutate(c.id)} disabled={test.isPending} data-testid="channel-test">
          {test.isPending ? 'Sending…' : 'Send test'}
        </button>
        {c.source === 'ui' && (
          <>
            <button type="button" className="button button-small button-secondary" onClick={onEdit} data-testid="channel-edit">
              Edit
            </button>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => window.confirm(`Delete channel “${c.name}”? Messages still queued for it are dropped.`) && remove.mutate(c.id)}
              data-testid="channel-delete"
            >
              Delete
            </button>
          </>
        )}
      </div>
      {test.data && (
        <p role="status" className={test.data.ok ? 'text-ok small' : 'error-text small'} data-testid="channel-test-result">
          {test.data.ok ? `Sent: ${test.data.message}` : `Failed: ${test.data.message}`}
        </p>
      )}
      {test.isError && <ErrorNotice title="The test could not be sent" error={test.error} />}
      {remove.isError && <ErrorNotice title="Could not delete the channel" error={remove.error} />}
    </li>
  );
}

function ChannelForm({ initial, id, secretsSet, onDone }: { initial: ChannelFields; id: string | null; secretsSet: string[]; onDone: () => void }) {
  const [f, setF] = useState(initial);
  const save = useSaveChannel();
  const set = <K extends keyof ChannelFields>(k: K, v: ChannelFields[K]) => setF((x) => ({ ...x, [k]: v }));
  const hasSecret = secretsSet.length > 0;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, input: inputOf(f) }, { onSuccess: onDone });
  };
  return (
    <form className="channel-form" onSubmit={onSubmit} data-testid="channel-form" aria-label={id ? 'Edit channel' : 'New channel'}>
      <h3>{id ? `Edit “${initial.name}”` : 'New channel'}</h3>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="ch-type">Type</label>
          <select id="ch-type" value={f.type} onChange={(e) => set('type', e.target.value as ChannelFields['type'])} disabled={id !== null} data-testid="channel-type">
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_TEXT[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ch-name">Name</label>
          <input id="ch-name" required value={f.name} onChange={(e) => set('name', e.target.value)} data-testid="channel-name" />
        </div>
        {f.type === 'email' ? (
          <>
            <div className="field">
              <label htmlFor="ch-host">SMTP server</label>
              <input id="ch-host" required value={f.host} onChange={(e) => set('host', e.target.value)} placeholder="mail.example.org" data-testid="channel-host" />
            </div>
            <div className="field">
              <label htmlFor="ch-security">Encryption</label>
              <select
                id="ch-security"
                value={f.security}
                onChange={(e) => {
                  const security = e.target.value as ChannelFields['security'];
                  setF((x) => ({ ...x, security, port: String(DEFAULT_PORTS[security]) }));
                }}
                data-testid="channel-security"
              >
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">none — a relay on this network only</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="ch-port">Port</label>
              <input id="ch-port" required inputMode="numeric" pattern="[0-9]{1,5}" value={f.port} onChange={(e) => set('port', e.target.value)} data-testid="channel-port" />
            </div>
            <div className="field field-check">
              <input id="ch-verify" type="checkbox" checked={f.tlsVerify} onChange={(e) => set('tlsVerify', e.target.checked)} />
              <label htmlFor="ch-verify">Verify the server's certificate (off only for a self-signed one)</label>
            </div>
            <div className="field">
              <label htmlFor="ch-user">Login (optional)</label>
              <input id="ch-user" value={f.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" data-testid="channel-username" />
            </div>
            <div className="field">
              <label htmlFor="ch-from">From</label>
              <input id="ch-from" required type="email" value={f.from} onChange={(e) => set('from', e.target.value)} placeholder="poolwatch@nas.example.org" data-testid="channel-from" />
            </div>
            <div className="field field-wide">
              <label htmlFor="ch-to">To (comma-separated)</label>
              <input id="ch-to" required value={f.to} onChange={(e) => set('to', e.target.value)} placeholder="admin@example.org" data-testid="channel-to" />
            </div>
          </>
        ) : (
          <div className="field field-wide">
            <label htmlFor="ch-url">{f.type === 'ntfy' ? 'Topic URL' : f.type === 'gotify' ? 'Gotify server URL' : 'URL'}</label>
            <input
              id="ch-url"
              required
              type="url"
              value={f.url}
              onChange={(e) => set('url', e.target.value)}
              placeholder={f.type === 'ntfy' ? 'https://ntfy.sh/my-nas-alerts' : f.type === 'gotify' ? 'https://gotify.example.org' : 'https://homeassistant.local/api/webhook/…'}
              data-testid="channel-url"
            />
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
            placeholder={hasSecret ? 'unchanged (set)' : f.type === 'webhook' ? 'at least 16 characters' : ''}
            data-testid="channel-secret"
          />
          {hasSecret && (
            <span className="field-check">
              <input id="ch-remove-secret" type="checkbox" checked={f.removeSecret} onChange={(e) => set('removeSecret', e.target.checked)} />
              <label htmlFor="ch-remove-secret">remove it</label>
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="ch-severity">Send</label>
          <select id="ch-severity" value={f.minSeverity} onChange={(e) => set('minSeverity', e.target.value as ChannelFields['minSeverity'])} data-testid="channel-severity">
            {NOTIFY_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s} and above
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input id="ch-jobs" type="checkbox" checked={f.jobSucceeded} onChange={(e) => set('jobSucceeded', e.target.checked)} />
          <label htmlFor="ch-jobs">Also when a job succeeded</label>
        </div>
        <div className="field field-check">
          <input id="ch-enabled" type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="channel-enabled" />
          <label htmlFor="ch-enabled">Enabled</label>
        </div>
      </div>
      <SaveCancel pending={save.isPending} error={save.error} onCancel={onDone} testId="channel" />
    </form>
  );
}

function ThresholdsForm({ admin }: { admin: boolean }) {
  const query = useQuery(thresholdsQuery());
  const save = useSaveThresholds();
  if (query.isPending) return <Loading what="the settings" />;
  if (query.isError) return <ErrorNotice title="Could not load the settings" error={query.error} />;
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
      <h2 id="thresholds-title">Reminders and thresholds</h2>
      <form className="auth-form-inline" onSubmit={onSubmit} key={JSON.stringify(t)} data-testid="thresholds-form">
        <div className="field">
          <label htmlFor="th-reminder">Remind every (hours, 0 = never)</label>
          <input id="th-reminder" name="reminderHours" type="number" min={0} max={720} step="any" defaultValue={t.reminderHours} disabled={!admin} />
        </div>
        <div className="field">
          <label htmlFor="th-scan">"Cannot read the machine" after (minutes without a scan)</label>
          <input id="th-scan" name="scanStuckMinutes" type="number" min={2} max={1440} defaultValue={t.scanStuckMinutes} disabled={!admin} />
        </div>
        <div className="field">
          <label htmlFor="th-retention">Keep counter history (days)</label>
          <input id="th-retention" name="counterRetentionDays" type="number" min={7} max={3650} defaultValue={t.counterRetentionDays} disabled={!admin} />
        </div>
        {admin && (
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        )}
        {save.isError && (
          <p className="error-text" role="alert">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && <p role="status" className="small text-ok">Saved.</p>}
      </form>
    </section>
  );
}

const STATE_TAG: Record<string, string> = { sent: 'tag-ok', queued: 'tag-warning', failed: 'tag-critical' };

function DeliveryLog() {
  const query = useQuery(deliveriesQuery());
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Delivery log</h2>
      {query.isPending ? (
        <Loading what="the delivery log" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the delivery log" error={query.error} />
      ) : query.data.deliveries.length === 0 ? (
        <p className="muted">Nothing sent yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="deliveries">
            <caption>Newest first. A failed attempt is retried (after 30 s, then doubling up to an hour) for a day.</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Channel</th>
                <th scope="col">Message</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {query.data.deliveries.map((d) => (
                <DeliveryRow key={d.id} d={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeliveryRow({ d }: { d: Delivery }) {
  return (
    <tr data-testid="delivery" data-state={d.state}>
      <td>{formatTime(d.createdAt)}</td>
      <td>
        {d.channelName} <span className="small muted">({d.channelType})</span>
      </td>
      <td>
        <span className={`tag tag-${d.severity === 'critical' ? 'critical' : d.severity === 'warning' ? 'warning' : 'info'}`}>{d.severity}</span> {d.title}
      </td>
      <td>
        <span className={`tag ${STATE_TAG[d.state] ?? 'tag-muted'}`}>{d.state}</span>
        {d.sentAt && <span className="small muted"> {formatTime(d.sentAt)}</span>}
        {d.state === 'queued' && d.nextAttemptAt && <span className="small muted"> next try {formatTime(d.nextAttemptAt)}</span>}
      </td>
      <td className="num">{d.attempts}</td>
      <td className="small">{d.lastError && d.state !== 'sent' ? d.lastError : d.state === 'sent' ? 'delivered' : ''}</td>
    </tr>
  );
}
