/** A SMART job (self-test, ERC) followed to its end: state, progress bar, what it said. */
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { isActiveJobState } from '../../../contracts/jobs.ts';
import { SMART_TEXT } from '../../text/smart.ts';
import { smartJobQuery } from './api.ts';

const T = SMART_TEXT.job;

export function JobProgress({ jobId, label, onEnded }: { jobId: string; label: string; onEnded?: () => void }) {
  const query = useQuery(smartJobQuery(jobId));
  const job = query.data?.job ?? null;
  const ended = job !== null && !isActiveJobState(job.state);
  const told = useRef(false);
  useEffect(() => {
    if (ended && !told.current) {
      told.current = true;
      onEnded?.();
    }
  }, [ended, onEnded]);

  if (query.isError) return <p className="error-text">{T.cannotFollow(jobId, query.error.message)}</p>;
  if (!job) return <p className="muted small">{T.starting(label)}</p>;
  const percent = job.progress.percent;
  const tone = job.state === 'failed' || job.state === 'interrupted' ? 'notice-error' : job.state === 'cancelled' ? 'notice-warning' : '';
  return (
    <div className={`smart-job ${tone ? `notice ${tone}` : ''}`} data-testid="smart-job" data-state={job.state} role="status">
      <div>
        <strong>{label}:</strong> {T.state[job.state] ?? job.state}
        {percent !== null && isActiveJobState(job.state) && <> · {Math.round(percent)}%</>}
      </div>
      {isActiveJobState(job.state) && (
        <progress max={100} value={percent ?? undefined} aria-label={T.progress(label)}>
          {percent !== null ? `${Math.round(percent)}%` : ''}
        </progress>
      )}
      {job.progress.detail && isActiveJobState(job.state) && <div className="small muted">{job.progress.detail}</div>}
      {job.result?.summary && <div>{job.result.summary}</div>}
      {job.error && <div className="error-text">{job.error}</div>}
    </div>
  );
}
