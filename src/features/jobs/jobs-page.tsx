/** `/jobs`: every maintenance job, newest first, with its state and progress; `?pool=` narrows to one pool. */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { jobsQuery } from './api.ts';
import { JobLink, JobProgressBar, JobStateTag } from './job-parts.tsx';
import { jobKindText } from './job-view.ts';

/** The list shows this many; older jobs stay in the journal and the audit log. */
const JOBS_SHOWN = 200;

export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const pool = params.get('pool') ?? undefined;
  const active = params.get('active') === 'true';
  const query = useQuery(jobsQuery({ pool, active, limit: JOBS_SHOWN }));
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  const nameOf = (uuid: string | null) => {
    if (!uuid) return '—';
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
      <title>Jobs · poolwatch</title>
      <h1>Jobs</h1>
      <p className="muted">
        Every maintenance action runs as a job. Long ones (replace, balance, scrub) keep running in the kernel if poolwatch restarts; it picks them up
        again.
      </p>
      <div className="jobs-filters">
        {pool && (
          <span>
            Pool <strong>{nameOf(pool)}</strong> · <Link to="/jobs">all pools</Link>
          </span>
        )}
        <label>
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Only running
        </label>
      </div>
      {query.isPending ? (
        <Loading what="the jobs" />
      ) : query.isError ? (
        <ErrorNotice title="Could not load the jobs" error={query.error} />
      ) : query.data.jobs.length === 0 ? (
        <div className="empty" data-testid="jobs-empty">
          <h2>No jobs {active ? 'running' : 'yet'}</h2>
          <p>Actions started from a pool's page show up here.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table jobs-table" data-testid="jobs-table">
            <caption>{active ? 'Running jobs' : 'Jobs, newest first'}</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col">Pool</th>
                <th scope="col">Progress</th>
                <th scope="col">By</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
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
                  <td>{job.poolUuid ? <Link to={`/pools/${encodeURIComponent(job.poolUuid)}`}>{nameOf(job.poolUuid)}</Link> : '—'}</td>
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
        </div>
      )}
    </>
  );
}
