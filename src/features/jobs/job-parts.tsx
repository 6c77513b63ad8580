/** Pieces every job view shares: the state tag, the progress bar, and what the job ended with. */
import { Link } from 'react-router-dom';
import { isActiveJobState, type Job } from '../../../contracts/jobs.ts';
import { JOB_STATE_TONE, jobStateText, formatEta, formatPercent, tail } from './job-view.ts';
import { JOBS_TEXT as T } from '../../text/jobs.ts';
import './jobs.css';

/** Lines of stderr shown where a failure is summed up; the job page shows all of it. */
const STDERR_TAIL_LINES = 12;

export function JobStateTag({ job }: { job: Pick<Job, 'state'> }) {
  return (
    <span className={`tag job-state job-state-${JOB_STATE_TONE[job.state]}`} data-testid="job-state" data-state={job.state}>
      {jobStateText(job)}
    </span>
  );
}

/** A bar while the job is active: percent where btrfs reports it, else an indeterminate bar. */
export function JobProgressBar({ job, label }: { job: Job; label: string }) {
  if (!isActiveJobState(job.state)) return null;
  const { percent, etaSeconds, detail } = job.progress;
  const pct = formatPercent(percent);
  const eta = formatEta(etaSeconds);
  return (
    <div className="job-progress" data-testid="job-progress" data-percent={percent ?? ''}>
      <progress max={100} value={percent ?? undefined} aria-label={T.progress.label(label)}>
        {pct ?? ''}
      </progress>
      <span className="job-progress-text">
        {pct ?? (job.state === 'queued' ? T.progress.waiting : T.progress.running)}
        {eta && T.progress.eta(eta)}
      </span>
      {detail && <div className="small muted job-progress-detail">{detail}</div>}
    </div>
  );
}

/** How an ended job came out: summary, error, the end of stderr on failure, next steps. */
export function JobOutcome({ job, compact = false }: { job: Job; compact?: boolean }) {
  const failed = job.state === 'failed' || job.state === 'interrupted';
  return (
    <>
      {job.result?.summary && (
        <p className="job-summary" data-testid="job-summary">
          {job.result.summary}
        </p>
      )}
      {job.error && (
        <p className="error-text" data-testid="job-error">
          {job.error}
        </p>
      )}
      {compact && failed && job.stderr.trim() !== '' && (
        <div className="job-stderr-tail">
          <p className="small muted">{T.stderrTail}</p>
          <pre tabIndex={0} data-testid="job-stderr-tail">{tail(job.stderr, STDERR_TAIL_LINES)}</pre>
        </div>
      )}
      {!isActiveJobState(job.state) && job.nextSteps.length > 0 && (
        <div className="job-next-steps" data-testid="job-next-steps">
          <h3>{T.nextSteps}</h3>
          <ul>
            {job.nextSteps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

export function JobLink({ job, children }: { job: Pick<Job, 'id'>; children: React.ReactNode }) {
  return <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{children}</Link>;
}
