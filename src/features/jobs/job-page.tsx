/** `/jobs/:id`: one job — the commands it ran, live progress and log, its output, and how it ended. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { Job, ScrubResult } from '../../../contracts/jobs.ts';
import { CommandLines } from '../../shared/command-lines.tsx';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { formatBytes, formatTime, poolName } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { jobQuery, useCancelJob } from './api.ts';
import { JobOutcome, JobProgressBar, JobStateTag } from './job-parts.tsx';
import { jobKindText, canCancel } from './job-view.ts';

/** `canAct`: the viewer may cancel (admins); the app decides. */
export function JobPage({ canAct }: { canAct: boolean }) {
  const { id = '' } = useParams();
  const query = useQuery(jobQuery(id));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/jobs">Jobs</Link> <span aria-hidden="true">›</span> <span aria-current="page">{query.data ? jobKindText(query.data.job) : id}</span>
      </nav>
      {query.isPending ? (
        <Loading what="the job" />
      ) : query.isError ? (
        <>
          <title>Job not available · poolwatch</title>
          <h1>Job {id}</h1>
          <ErrorNotice title="Could not load this job" error={query.error} />
        </>
      ) : (
        <JobDetails job={query.data.job} canAct={canAct} />
      )}
    </>
  );
}

function JobDetails({ job, canAct }: { job: Job; canAct: boolean }) {
  const label = jobKindText(job);
  const pools = useQuery({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });
  const pool = pools.data?.pools.find((p) => p.uuid === job.poolUuid) ?? null;
  const failed = job.state === 'failed' || job.state === 'interrupted';
  return (
    <article data-testid="job-details" data-state={job.state} data-job-id={job.id}>
      <title>{`${label} · jobs · poolwatch`}</title>
      <header className="pool-header">
        <div>
          <h1>
            {label} <JobStateTag job={job} />
          </h1>
          <p className="mono small muted">{job.id}</p>
        </div>
        {canAct && canCancel(job) && <CancelButton job={job} />}
      </header>
      <dl className="facts">
        <div>
          <dt>Pool</dt>
          <dd>
            {job.poolUuid ? (
              <>
                <Link to={`/pools/${encodeURIComponent(job.poolUuid)}`}>{pool ? poolName(pool) : job.poolUuid}</Link>
                {pool && <div className="mono small muted">{job.poolUuid}</div>}
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>{job.target ?? 'the whole pool'}</dd>
        </div>
        <div>
          <dt>Started by</dt>
          <dd>{job.createdBy}</dd>
        </div>
        <div>
          <dt>Created · started · ended</dt>
          <dd>
            {formatTime(job.createdAt)} · {formatTime(job.startedAt)} · {formatTime(job.finishedAt)}
          </dd>
        </div>
        <div>
          <dt>Exit code</dt>
          <dd data-testid="job-exit-code">{job.exitCode ?? '—'}</dd>
        </div>
        {job.exclusive && (
          <div>
            <dt>Holds the pool</dt>
            <dd>yes: no other operation starts on this pool meanwhile</dd>
          </div>
        )}
      </dl>
      <JobProgressBar job={job} label={label} />
      <JobOutcome job={job} />
      {job.result?.scrub && <ScrubTable scrub={job.result.scrub} />}
      <section className="section">
        <h2>Commands run</h2>
        {job.argv.length === 0 ? <p className="muted">None yet.</p> : <CommandLines commands={job.argv} label="the commands" testId="job-argv" />}
      </section>
      <section className="section">
        <h2>Log</h2>
        <ol className="job-log" data-testid="job-log" aria-live="polite">
          {job.log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </section>
      <details className="job-output" open={failed && job.stderr.trim() !== ''}>
        <summary>
          Standard error {job.stderr.trim() === '' ? '(empty)' : `(${job.stderr.split('\n').length} lines)`}
        </summary>
        <pre data-testid="job-stderr">{job.stderr}</pre>
      </details>
      <details className="job-output">
        <summary>Standard output {job.stdout.trim() === '' ? '(empty)' : `(${job.stdout.split('\n').length} lines)`}</summary>
        <pre data-testid="job-stdout">{job.stdout}</pre>
      </details>
    </article>
  );
}

function CancelButton({ job }: { job: Job }) {
  const cancel = useCancelJob(job.id);
  return (
    <div className="manage">
      <button type="button" className="button button-secondary" onClick={() => cancel.mutate()} disabled={cancel.isPending} data-testid="cancel-job">
        {cancel.isPending ? 'Cancelling…' : 'Cancel job'}
      </button>
      {cancel.isError && (
        <p className="error-text" role="alert">
          {cancel.error.message}
        </p>
      )}
    </div>
  );
}

function ScrubTable({ scrub }: { scrub: ScrubResult }) {
  const rows: [string, string | number][] = [
    ['State', scrub.state],
    ['Scrubbed', formatBytes(scrub.bytesScrubbed)],
    ['Errors found', scrub.errorsFound],
    ['Corrected', scrub.corrected],
    ['Uncorrectable', scrub.uncorrectable],
    ['Unverified', scrub.unverified],
    ['read / csum / verify / super', `${scrub.read} / ${scrub.csum} / ${scrub.verify} / ${scrub.super}`],
  ];
  return (
    <section className="section">
      <h2>Scrub result</h2>
      <dl className="facts" data-testid="scrub-result">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
