/** `/audit`: everything that was done, newest first — who, when, the command, its exit code and outcome. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { AuditEntry } from '../../../contracts/audit.ts';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { auditQuery } from './api.ts';
import { describeAction, formatArgv, OUTCOME_TEXT, refusalReason } from './audit-format.ts';
import './auth.css';

/** Pool names for the Pool column; the same query (and cache entry) as the pools page. */
function usePoolNames(): Map<string, string> {
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  return new Map((pools.data?.pools ?? []).map((p) => [p.uuid.toLowerCase(), poolName(p)]));
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const pool = params.get('pool');
  const query = useInfiniteQuery(auditQuery(pool));
  const names = usePoolNames();
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <>
      <title>Audit log · poolwatch</title>
      <h1>Audit log</h1>
      <p>Every login, account change and maintenance command, with who asked for it and how it ended. Entries are never edited or removed.</p>
      <div className="field audit-filter">
        <label htmlFor="audit-pool">Pool</label>
        <select
          id="audit-pool"
          value={pool ?? ''}
          onChange={(e) => setParams(e.target.value ? { pool: e.target.value } : {})}
          data-testid="audit-pool-filter"
        >
          <option value="">all entries</option>
          {[...names].map(([uuid, name]) => (
            <option key={uuid} value={uuid}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {query.isPending ? (
        <Loading what="the audit log" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the audit log" error={query.error} />
      ) : entries.length === 0 ? (
        <div className="empty" data-testid="audit-empty">
          <h2>Nothing recorded yet</h2>
          <p>{pool ? 'Nothing was done to this pool yet.' : 'Logins and maintenance commands will be listed here.'}</p>
        </div>
      ) : (
        <>
          <AuditTable entries={entries} names={names} />
          {query.hasNextPage && (
            <button type="button" className="button button-secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="audit-older">
              {query.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
            </button>
          )}
        </>
      )}
    </>
  );
}

function AuditTable({ entries, names }: { entries: AuditEntry[]; names: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Pool</th>
            <th scope="col">Command</th>
            <th scope="col" className="num">Exit code</th>
            <th scope="col">Outcome</th>
            <th scope="col">stderr</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <AuditRow key={e.id} entry={e} poolLabel={e.poolUuid ? (names.get(e.poolUuid.toLowerCase()) ?? null) : null} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow({ entry: e, poolLabel }: { entry: AuditEntry; poolLabel: string | null }) {
  const outcome = OUTCOME_TEXT[e.outcome];
  const reason = e.outcome === 'refused' ? refusalReason(e.details) : null;
  return (
    <tr data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
      <td>
        <time dateTime={e.at}>{formatTime(e.at)}</time>
      </td>
      <td>{e.actor}</td>
      <td>
        {describeAction(e.action)}
        {e.target && <div className="small muted">{e.target}</div>}
      </td>
      <td>{e.poolUuid ? <Link to={`/pools/${e.poolUuid}`}>{poolLabel ?? e.poolUuid.slice(0, 8)}</Link> : <span className="muted">—</span>}</td>
      <td className="mono small">{e.argv ? formatArgv(e.argv) : <span className="muted">—</span>}</td>
      <td className="num">{e.exitCode ?? <span className="muted">—</span>}</td>
      <td>
        <span className={`tag ${outcome.tag}`}>{outcome.label}</span>
        {reason && <div className="small muted">{reason}</div>}
      </td>
      <td>
        {e.stderrExcerpt ? (
          <details>
            <summary>{e.stderrExcerpt.split('\n')[0]?.slice(0, 60) || 'stderr'}</summary>
            <pre>{e.stderrExcerpt}</pre>
          </details>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
