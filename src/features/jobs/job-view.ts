/** Words and numbers for jobs: state and kind names, ETA, the jobs query string. Pure. */
import type { Job, JobState } from '../../../contracts/jobs.ts';
import { isActiveJobState } from '../../../contracts/jobs.ts';
import { JOB_KIND_TEXT, JOB_STATE_TEXT, jobKindText, jobStateText } from '../../text/jobs.ts';

export { JOB_STATE_TEXT, jobStateText };

/** Tag colour per state: the outcome at a glance. */
export const JOB_STATE_TONE: Record<JobState, 'info' | 'muted' | 'ok' | 'critical' | 'warning'> = {
  queued: 'muted',
  running: 'info',
  succeeded: 'ok',
  failed: 'critical',
  cancelled: 'warning',
  interrupted: 'critical',
  unknown: 'muted',
};

export { JOB_KIND_TEXT, jobKindText };

/** `45 s`, `12 min`, `2 h 05 min`; null (unknown) → null so the caller can leave it out. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `37%`, or null when btrfs reports no percentage. */
export function formatPercent(percent: number | null): string | null {
  if (percent === null || !Number.isFinite(percent)) return null;
  // One decimal below 10% so that a slow start visibly moves.
  return percent < 10 && percent > 0 ? `${percent.toFixed(1)}%` : `${Math.floor(percent)}%`;
}

export function canCancel(job: Pick<Job, 'state' | 'cancellable'>): boolean {
  return job.cancellable && isActiveJobState(job.state);
}

export interface JobsFilter {
  pool?: string | undefined;
  active?: boolean | undefined;
  limit?: number | undefined;
}

export function jobsPath(filter: JobsFilter): string {
  const params = new URLSearchParams();
  if (filter.pool) params.set('pool', filter.pool);
  if (filter.active) params.set('active', 'true');
  if (filter.limit !== undefined) params.set('limit', String(filter.limit));
  const q = params.toString();
  return q ? `/api/jobs?${q}` : '/api/jobs';
}

/** The last lines of a job's output: enough to see why it failed without the whole log. */
export function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}
