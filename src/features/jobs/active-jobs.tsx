/** The pool page's "Running now": the pool's queued and running jobs with their progress. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { jobsQuery } from './api.ts';
import { JobLink, JobProgressBar, JobStateTag } from './job-parts.tsx';
import { jobKindText } from './job-view.ts';
import { JOBS_TEXT } from '../../text/jobs.ts';

const T = JOBS_TEXT.active;

export function ActiveJobs({ poolUuid }: { poolUuid: string }) {
  const query = useQuery(jobsQuery({ pool: poolUuid, active: true }));
  const jobs = query.data?.jobs ?? [];
  if (jobs.length === 0) return null;
  return (
    <section className="active-jobs" aria-labelledby="active-jobs-title" data-testid="active-jobs">
      <h2 id="active-jobs-title">{T.title}</h2>
      <ul className="active-jobs-list">
        {jobs.map((job) => (
          <li key={job.id} data-testid="active-job" data-job-id={job.id} data-kind={job.kind}>
            <p className="job-card-head">
              <JobLink job={job}>{jobKindText(job)}</JobLink>
              {job.target && <span className="muted"> · {job.target}</span>} <JobStateTag job={job} />
              <span className="muted small">{T.by(job.createdBy)}</span>
            </p>
            <JobProgressBar job={job} label={jobKindText(job)} />
          </li>
        ))}
      </ul>
      <p className="small">
        <Link to={`/jobs?pool=${encodeURIComponent(poolUuid)}`}>{T.all}</Link>
      </p>
    </section>
  );
}
