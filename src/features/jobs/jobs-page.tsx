/** `/jobs`: every maintenance job, newest first, with its state and progress; `?pool=` narrows to one pool. */
import { TableWrap } from '../../shared/table-wrap.tsx';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { jobsQuery } from './api.ts';
import { JobLink, JobProgressBar, JobStateTag } from './job-parts.tsx';
import { jobKindText } from './job-view.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { JOBS_TEXT as T } from '../../text/jobs.ts';

/** The list shows this many; older jobs stay in the journal and the audit log. */
const JOBS_SHOWN = 200;

export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const pool = params.get('pool') ?? undefined;
  const active = params.get('active') === 'true';
  const query = useQuery(jobsQuery({ pool, active, limit: JOBS_SHOWN }));
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  const nameOf = (uuid: string | null) => {
    if (!uuid) return COMMON_TEXT.none;
    const p = pools.data?.pools.find((x) => x.uuid === uuid);
    return p ? poolName(p) : uuid;
  };
  const setActive = (on: boolean) => {
    const next = new URLSearchParams(params);
    if (on) next.set('active', 'true');
    else next.delete('active');
    setParams(next, { replace: true });
  };
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(T.title)}</title>
      <h1>{T.title}</h1>
      <p className="muted">{T.intro}</p>
      <div className="jobs-filters">
        {pool && (
          <span>
            {T.poolFilter} <strong>{nameOf(pool)}</strong> · <Link to="/jobs">{T.allPools}</Link>
          </span>
        )}
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> <span>{T.onlyRunning}</span>
        </label>
      </div>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <ErrorNotice title={T.loadFailed} error={query.error} />
      ) : query.data.jobs.length === 0 ? (
        <div className="empty" data-testid="jobs-empty">
          <h2>{T.empty(active)}</h2>
          <p>{T.emptyText}</p>
        </div>
      ) : (
        <TableWrap label={T.title}>
          <table className="table jobs-table" data-testid="jobs-table">
            <caption>{T.caption(active)}</caption>
            <thead>
              <tr>
                <th scope="col">{T.columns.job}</th>
                <th scope="col">{T.columns.state}</th>
                <th scope="col">{T.columns.pool}</th>
                <th scope="col">{T.columns.progress}</th>
                <th scope="col">{T.columns.by}</th>
                <th scope="col">{T.columns.started}</th>
                <th scope="col">{T.columns.ended}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.jobs.map((job) => (
                <tr key={job.id} data-testid="job-row" data-job-id={job.id} data-state={job.state} data-kind={job.kind}>
                  <th scope="row">
                    <JobLink job={job}>{jobKindText(job)}</JobLink>
                    {job.target && <div className="small muted">{job.target}</div>}
                  </th>
                  <td>
                    <JobStateTag job={job} />
                  </td>
                  <td>{job.poolUuid ? <Link to={`/pools/${encodeURIComponent(job.poolUuid)}`}>{nameOf(job.poolUuid)}</Link> : COMMON_TEXT.none}</td>
                  <td className="jobs-progress-cell">
                    <JobProgressBar job={job} label={jobKindText(job)} />
                    {!['queued', 'running'].includes(job.state) && <span className="small muted">{job.result?.summary ?? job.error ?? ''}</span>}
                  </td>
                  <td>{job.createdBy}</td>
                  <td>{formatTime(job.startedAt ?? job.createdAt)}</td>
                  <td>{formatTime(job.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
