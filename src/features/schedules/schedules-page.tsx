/**
 * `/schedules`: routine maintenance — a scrub per pool (monthly, the documentation's advice) and
 * S.M.A.R.T. self-tests per disk — with each one's next run, what its last run did (linked to its
 * job) and why a due run waits. Admins add, change, pause and delete them.
 */
import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { SCHEDULE_KINDS, WEEKDAY_NAMES, describeRecurrence, type Schedule, type ScheduleKind } from '../../../contracts/schedules.ts';
import { getDisks, getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { SaveCancel } from '../../shared/save-cancel.tsx';
import { TableWrap } from '../../shared/table-wrap.tsx';
import { schedulesQuery, useDeleteSchedule, useRecommendedSchedules, useSaveSchedule } from './api.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { MONITOR_TEXT, SCHEDULE_KIND_LABEL } from '../../text/monitor.ts';
import { emptyScheduleFields, localInputValue, scheduleFieldsOf, scheduleInputOf, type ScheduleFields } from './schedule-form.ts';

const T = MONITOR_TEXT.schedules;
const F = T.form;

export function SchedulesPage({ admin }: { admin: boolean }) {
  const query = useQuery(schedulesQuery());
  const [editing, setEditing] = useState<{ id: string | null; fields: ScheduleFields } | null>(null);
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p>{T.intro}</p>
      {admin && <Recommended />}
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : query.data.schedules.length === 0 ? (
        <p className="muted" data-testid="schedules-empty">
          {T.none}
        </p>
      ) : (
        <ScheduleTable schedules={query.data.schedules} admin={admin} onEdit={(s) => setEditing({ id: s.id, fields: scheduleFieldsOf(s) })} />
      )}
      {admin &&
        (editing ? (
          <ScheduleForm id={editing.id} initial={editing.fields} onDone={() => setEditing(null)} />
        ) : (
          <button type="button" className="button" onClick={() => setEditing({ id: null, fields: emptyScheduleFields() })} data-testid="schedule-add">
            {T.add}
          </button>
        ))}
    </>
  );
}

function Recommended() {
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  const make = useRecommendedSchedules();
  const [pool, setPool] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (pool) make.mutate(pool);
  };
  return (
    <form className="auth-form-inline" onSubmit={onSubmit} data-testid="schedules-recommended">
      <div className="field">
        <label htmlFor="rec-pool">{T.recommendedFor}</label>
        <select id="rec-pool" value={pool} onChange={(e) => setPool(e.target.value)} required>
          <option value="">{T.choosePool}</option>
          {pools.data?.pools.map((p) => (
            <option key={p.uuid} value={p.uuid}>
              {poolName(p)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={make.isPending || !pool}>
        {T.create}
      </button>
      {make.isError && (
        <p className="error-text" role="alert">
          {make.error.message}
        </p>
      )}
      {make.data && (
        <div role="status" className="small">
          {T.created(make.data.created.length)}
          {make.data.skipped.map((s) => (
            <span key={s}> {s}.</span>
          ))}
        </div>
      )}
    </form>
  );
}

function ScheduleTable({ schedules, admin, onEdit }: { schedules: Schedule[]; admin: boolean; onEdit: (s: Schedule) => void }) {
  const remove = useDeleteSchedule();
  const save = useSaveSchedule();
  return (
    <TableWrap label={T.title}>
      {(remove.isError || save.isError) && <ErrorNotice title={T.changeFailed} error={remove.error ?? save.error} />}
      <table className="table" data-testid="schedules">
        <thead>
          <tr>
            <th scope="col">{T.what}</th>
            <th scope="col">{T.on}</th>
            <th scope="col">{T.when}</th>
            <th scope="col">{T.next}</th>
            <th scope="col">{T.last}</th>
            {admin && (
              <th scope="col">
                <span className="visually-hidden">{T.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.id} data-testid="schedule" data-schedule-id={s.id} data-kind={s.kind} className={s.enabled ? undefined : 'muted'}>
              <th scope="row">
                {SCHEDULE_KIND_LABEL[s.kind as ScheduleKind] ?? s.kind}
                {!s.enabled && <span className="tag tag-muted">{T.paused}</span>}
              </th>
              <td>{s.targetName ?? s.poolUuid ?? s.diskKey}</td>
              <td>
                {describeRecurrence(s.recurrence)}
                {s.speedLimitBytesPerSecond && <span className="small muted">{T.speed(Math.round(s.speedLimitBytesPerSecond / 1024 / 1024))}</span>}
              </td>
              <td data-testid="schedule-next">
                {s.enabled ? formatTime(s.nextRunAt) : COMMON_TEXT.none}
                {s.waiting && (
                  <p className="small tag-warning" data-testid="schedule-waiting">
                    {s.waiting}
                  </p>
                )}
              </td>
              <td data-testid="schedule-last">
                {s.lastRunAt ? formatTime(s.lastRunAt) : T.never}
                {s.lastJobId && (
                  <>
                    {' '}
                    <Link to={`/jobs/${s.lastJobId}`}>{T.job}</Link>
                  </>
                )}
                {s.lastOutcome && <p className="small">{s.lastOutcome}</p>}
              </td>
              {admin && (
                <td>
                  <div className="button-row">
                    <button type="button" className="button button-small button-secondary" onClick={() => onEdit(s)} data-testid="schedule-edit">
                      {T.edit}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      onClick={() => save.mutate({ id: s.id, input: { ...scheduleInputOf(scheduleFieldsOf(s)), enabled: !s.enabled } })}
                    >
                      {s.enabled ? T.pause : T.resume}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      onClick={() => window.confirm(T.deleteConfirm(SCHEDULE_KIND_LABEL[s.kind as ScheduleKind] ?? s.kind)) && remove.mutate(s.id)}
                    >
                      {T.delete}
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ScheduleForm({ id, initial, onDone }: { id: string | null; initial: ScheduleFields; onDone: () => void }) {
  const [f, setF] = useState(initial);
  const set = <K extends keyof ScheduleFields>(k: K, v: ScheduleFields[K]) => setF((x) => ({ ...x, [k]: v }));
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  const disks = useQuery({ queryKey: apiKeys.disks(), queryFn: ({ signal }) => getDisks(signal) });
  const save = useSaveSchedule();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, input: scheduleInputOf(f) }, { onSuccess: onDone });
  };
  return (
    <form className="panel-form" onSubmit={onSubmit} data-testid="schedule-form" aria-label={id ? F.editHeading : F.newHeading}>
      <h2>{id ? F.editHeading : F.newHeading}</h2>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="sc-kind">{T.what}</label>
          <select id="sc-kind" value={f.kind} onChange={(e) => set('kind', e.target.value as ScheduleKind)} data-testid="schedule-kind">
            {SCHEDULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {SCHEDULE_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        {f.kind === 'scrub' ? (
          <div className="field">
            <label htmlFor="sc-pool">{F.pool}</label>
            <select id="sc-pool" required value={f.poolUuid} onChange={(e) => set('poolUuid', e.target.value)} data-testid="schedule-pool">
              <option value="">{MONITOR_TEXT.form.choose}</option>
              {pools.data?.pools.map((p) => (
                <option key={p.uuid} value={p.uuid}>
                  {poolName(p)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="sc-disk">{F.disk}</label>
            <select id="sc-disk" required value={f.diskKey} onChange={(e) => set('diskKey', e.target.value)} data-testid="schedule-disk">
              <option value="">{MONITOR_TEXT.form.choose}</option>
              {disks.data?.disks.filter((d) => d.attached).map((d) => (
                <option key={d.identity.key} value={d.identity.key}>
                  {[d.path, d.identity.model, d.identity.serial].filter(Boolean).join(' ')}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="sc-every">{F.every}</label>
          <select id="sc-every" value={f.every} onChange={(e) => set('every', e.target.value as ScheduleFields['every'])} data-testid="schedule-every">
            <option value="day">{F.everyOption.day}</option>
            <option value="week">{F.everyOption.week}</option>
            <option value="month">{F.everyOption.month}</option>
          </select>
        </div>
        {f.every === 'week' && (
          <div className="field">
            <label htmlFor="sc-weekday">{F.weekday}</label>
            <select id="sc-weekday" value={f.weekday} onChange={(e) => set('weekday', e.target.value)}>
              {WEEKDAY_NAMES.map((n, i) => (
                <option key={n} value={i}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        )}
        {f.every === 'month' && (
          <div className="field">
            <label htmlFor="sc-day">{F.monthDay}</label>
            <input id="sc-day" type="number" min={1} max={28} value={f.monthDay} onChange={(e) => set('monthDay', e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="sc-at">{F.at}</label>
          <input id="sc-at" type="time" required value={f.at} onChange={(e) => set('at', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sc-window">{F.window}</label>
          <input id="sc-window" type="number" min={1} max={24} value={f.windowHours} onChange={(e) => set('windowHours', e.target.value)} />
        </div>
        {f.kind === 'scrub' && (
          <div className="field">
            <label htmlFor="sc-speed">{F.speed}</label>
            <input id="sc-speed" type="number" min={1} value={f.speedMiB} onChange={(e) => set('speedMiB', e.target.value)} data-testid="schedule-speed" />
          </div>
        )}
        <div className="field">
          <label htmlFor="sc-run-at">{F.runAt}</label>
          <input id="sc-run-at" type="datetime-local" value={f.runAt} min={localInputValue(new Date())} onChange={(e) => set('runAt', e.target.value)} data-testid="schedule-run-at" />
        </div>
        <div className="field field-check">
          <input id="sc-enabled" type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          <label htmlFor="sc-enabled">{MONITOR_TEXT.form.enabled}</label>
        </div>
      </div>
      <SaveCancel pending={save.isPending} error={save.error} onCancel={onDone} testId="schedule" />
    </form>
  );
}
