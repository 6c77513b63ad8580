/** `/audit`: everything that was done, newest first — who, when, the command, its exit code and outcome. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { AuditEntry } from '../../../contracts/audit.ts';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { auditQuery } from './api.ts';
import { AuditFilters, useAuditFilter } from './audit-filters.tsx';
import { describeAction, formatArgv, formatCount, OUTCOME_TEXT, refusalReason } from './audit-format.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import './auth.css';

const T = AUTH_TEXT.audit;

/** Pool names for the Pool column; the same query (and cache entry) as the pools page. */
function usePoolNames(): Map<string, string> {
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  return new Map((pools.data?.pools ?? []).map((p) => [p.uuid.toLowerCase(), poolName(p)]));
}

export function AuditPage() {
  const [filter, setFilter] = useAuditFilter();
  const filtered = Object.values(filter).some(Boolean);
  const query = useInfiniteQuery(auditQuery(filter));
  const names = usePoolNames();
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p>{T.intro}</p>
      <AuditFilters filter={filter} onChange={setFilter} pools={names} />
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : entries.length === 0 ? (
        <div className="empty" data-testid="audit-empty">
          <h2>{T.emptyTitle}</h2>
          <p>{filter.pool && Object.values(filter).filter(Boolean).length === 1 ? T.emptyPool : filtered ? T.emptyFiltered : T.emptyAll}</p>
        </div>
      ) : (
        <>
          <AuditTable entries={entries} names={names} />
          {query.hasNextPage && (
            <button type="button" className="button button-secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="audit-older">
              {query.isFetchingNextPage ? T.loadingOlder : T.older}
            </button>
          )}
        </>
      )}
    </>
  );
}

function AuditTable({ entries, names }: { entries: AuditEntry[]; names: Map<string, string> }) {
  return (
    <TableWrap label={T.title}>
      <table className="table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{T.columns.when}</th>
            <th scope="col">{T.columns.who}</th>
            <th scope="col">{T.columns.action}</th>
            <th scope="col">{T.columns.pool}</th>
            <th scope="col">{T.columns.command}</th>
            <th scope="col" className="num">{T.columns.exitCode}</th>
            <th scope="col">{T.columns.outcome}</th>
            <th scope="col">{T.columns.stderr}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <AuditRow key={e.id} entry={e} poolLabel={e.poolUuid ? (names.get(e.poolUuid.toLowerCase()) ?? null) : null} />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function AuditRow({ entry: e, poolLabel }: { entry: AuditEntry; poolLabel: string | null }) {
  const outcome = OUTCOME_TEXT[e.outcome];
  const reason = e.outcome === 'refused' ? refusalReason(e.details) : null;
  return (
    <tr data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
      <td>
        <time dateTime={e.at}>{formatTime(e.at)}</time>
        {e.count > 1 && (
          <div className="small muted" data-testid="audit-count">
            {formatCount(e.count, e.lastAt)}
          </div>
        )}
      </td>
      <td>{e.actor}</td>
      <td>
        {describeAction(e.action)}
        {e.target && <div className="small muted">{e.target}</div>}
      </td>
      <td>{e.poolUuid ? <Link to={`/pools/${e.poolUuid}`}>{poolLabel ?? e.poolUuid.slice(0, 8)}</Link> : <span className="muted">{COMMON_TEXT.none}</span>}</td>
      <td className="mono small">{e.argv ? formatArgv(e.argv) : <span className="muted">{COMMON_TEXT.none}</span>}</td>
      <td className="num">{e.exitCode ?? <span className="muted">{COMMON_TEXT.none}</span>}</td>
      <td>
        <span className={`tag ${outcome.tag}`}>{outcome.label}</span>
        {reason && <div className="small muted">{reason}</div>}
      </td>
      <td>
        {e.stderrExcerpt ? (
          <details>
            <summary>{e.stderrExcerpt.split('\n')[0]?.slice(0, 60) || T.stderr}</summary>
            <pre tabIndex={0}>{e.stderrExcerpt}</pre>
          </details>
        ) : (
          <span className="muted">{COMMON_TEXT.none}</span>
        )}
      </td>
    </tr>
  );
}
