/**
 * The audit page's filters — who, what, outcome, pool, from and to — kept in the page's URL so a
 * filtered view can be bookmarked or sent to a colleague.
 */
import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { AUDIT_OUTCOMES } from '../../../contracts/audit.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { AUDIT_FILTER_KEYS, auditActorsQuery, type AuditFilter } from './api.ts';
import { OUTCOME_TEXT } from './audit-format.ts';

const T = AUTH_TEXT.audit.filters;

/** The filter the URL holds. */
export function useAuditFilter(): [AuditFilter, (next: AuditFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k)]));
  const set = (next: AuditFilter) => setParams(Object.fromEntries(AUDIT_FILTER_KEYS.flatMap((k) => (next[k] ? [[k, next[k]!]] : []))));
  return [filter, set];
}

/** `2026-03-01T10:00` (a datetime-local value, local time) → ISO instant, or null. */
function localToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** ISO instant → the datetime-local value showing it in local time. */
function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function AuditFilters({ filter, onChange, pools }: { filter: AuditFilter; onChange: (f: AuditFilter) => void; pools: Map<string, string> }) {
  const actors = useQuery(auditActorsQuery()).data?.actors ?? [];
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    onChange({
      pool: text('pool'), actor: text('actor'), action: text('action'), outcome: text('outcome'),
      since: localToIso(String(form.get('since') ?? '')), until: localToIso(String(form.get('until') ?? '')),
    });
  };
  const any = AUDIT_FILTER_KEYS.some((k) => filter[k]);
  return (
    // key: the fields start again from the URL when it changes (back button, a link).
    <form className="audit-filters" onSubmit={onSubmit} key={AUDIT_FILTER_KEYS.map((k) => filter[k] ?? '').join('|')} aria-label={T.label} data-testid="audit-filters">
      <div className="field">
        <label htmlFor="audit-actor">{T.who}</label>
        <input id="audit-actor" name="actor" list="audit-actors" defaultValue={filter.actor ?? ''} placeholder={T.anyone} data-testid="audit-actor-filter" />
        <datalist id="audit-actors">
          {actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-action">{T.what}</label>
        <input id="audit-action" name="action" list="audit-actions" defaultValue={filter.action ?? ''} placeholder={T.anything} data-testid="audit-action-filter" />
        <datalist id="audit-actions">
          {T.actions.map(([value, label]) => (
            <option key={value} value={value} label={label} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">{T.outcome}</label>
        <select id="audit-outcome" name="outcome" defaultValue={filter.outcome ?? ''} data-testid="audit-outcome-filter">
          <option value="">{T.any}</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_TEXT[o].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-pool">{T.pool}</label>
        <select id="audit-pool" name="pool" defaultValue={filter.pool ?? ''} data-testid="audit-pool-filter">
          <option value="">{T.any}</option>
          {[...pools].map(([uuid, name]) => (
            <option key={uuid} value={uuid}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-since">{T.since}</label>
        <input id="audit-since" name="since" type="datetime-local" defaultValue={isoToLocal(filter.since)} data-testid="audit-since-filter" />
      </div>
      <div className="field">
        <label htmlFor="audit-until">{T.until}</label>
        <input id="audit-until" name="until" type="datetime-local" defaultValue={isoToLocal(filter.until)} data-testid="audit-until-filter" />
      </div>
      <div className="audit-filter-buttons">
        <button type="submit" className="button button-small" data-testid="audit-apply">
          {T.apply}
        </button>
        {any && (
          <button type="button" className="button button-small button-secondary" onClick={() => onChange({})} data-testid="audit-clear">
            {T.clear}
          </button>
        )}
      </div>
    </form>
  );
}
