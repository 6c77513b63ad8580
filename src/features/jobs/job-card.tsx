/** One job followed live, compact: for the action dialog once the admin pressed Run. */
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../shared/query-state.tsx';
import { jobQuery } from './api.ts';
import { JobLink, JobOutcome, JobProgressBar, JobStateTag } from './job-parts.tsx';
import { jobKindText } from './job-view.ts';
import { JOBS_TEXT } from '../../text/jobs.ts';

const T = JOBS_TEXT.card;

export function JobCard({ jobId }: { jobId: string }) {
  const query = useQuery(jobQuery(jobId));
  if (query.isPending) return <p className="muted small">{T.starting}</p>;
  if (query.isError) return <ErrorNotice title={T.cannotFollow} error={query.error} />;
  const job = query.data.job;
  const label = jobKindText(job);
  return (
    <div className={`job-card job-card-${job.state}`} data-testid="job-card" data-state={job.state} data-job-id={job.id} role="status" aria-live="polite">
      <p className="job-card-head">
        <strong>{label}</strong>
        {job.target && <span className="muted"> · {job.target}</span>} <JobStateTag job={job} />
      </p>
      <JobProgressBar job={job} label={label} />
      <JobOutcome job={job} compact />
      <p className="small">
        <JobLink job={job}>{T.open}</JobLink>
      </p>
    </div>
  );
}
