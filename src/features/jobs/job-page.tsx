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
import { canCancel, jobKindText } from './job-view.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { JOBS_TEXT } from '../../text/jobs.ts';

const T = JOBS_TEXT.job;

/** `canAct`: the viewer may cancel (admins); the app decides. */
export function JobPage({ canAct }: { canAct: boolean }) {
  const { id = '' } = useParams();
  const query = useQuery(jobQuery(id));
  return (
    <>
      <nav aria-label={COMMON_TEXT.breadcrumb} className="breadcrumb">
        <Link to="/jobs">{T.breadcrumb}</Link> <span aria-hidden="true">{COMMON_TEXT.breadcrumbSeparator}</span> <span aria-current="page">{query.data ? jobKindText(query.data.job) : id}</span>
      </nav>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <>
          <title>{COMMON_TEXT.pageTitle(T.unavailableTitle)}</title>
          <h1>{T.heading(id)}</h1>
          <ErrorNotice title={T.loadFailed} error={query.error} />
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
      <title>{COMMON_TEXT.pageTitle(T.pageTitle(label))}</title>
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
          <dt>{T.facts.pool}</dt>
          <dd>
            {job.poolUuid ? (
              <>
                <Link to={`/pools/${encodeURIComponent(job.poolUuid)}`}>{pool ? poolName(pool) : job.poolUuid}</Link>
                {pool && <div className="mono small muted">{job.poolUuid}</div>}
              </>
            ) : (
              COMMON_TEXT.none
            )}
          </dd>
        </div>
        <div>
          <dt>{T.facts.target}</dt>
          <dd>{job.target ?? T.wholePool}</dd>
        </div>
        <div>
          <dt>{T.facts.startedBy}</dt>
          <dd>{job.createdBy}</dd>
        </div>
        <div>
          <dt>{T.facts.times}</dt>
          <dd>
            {formatTime(job.createdAt)} · {formatTime(job.startedAt)} · {formatTime(job.finishedAt)}
          </dd>
        </div>
        <div>
          <dt>{T.facts.exitCode}</dt>
          <dd data-testid="job-exit-code">{job.exitCode ?? COMMON_TEXT.none}</dd>
        </div>
        {job.exclusive && (
          <div>
            <dt>{T.facts.holds}</dt>
            <dd>{T.holdsText}</dd>
          </div>
        )}
      </dl>
      <JobProgressBar job={job} label={label} />
      <JobOutcome job={job} />
      {job.result?.scrub && <ScrubTable scrub={job.result.scrub} />}
      <section className="section">
        <h2>{T.commands}</h2>
        {job.argv.length === 0 ? <p className="muted">{T.noCommands}</p> : <CommandLines commands={job.argv} label={T.commandsLabel} testId="job-argv" />}
      </section>
      <section className="section">
        <h2>{T.log}</h2>
        <ol className="job-log" data-testid="job-log" aria-live="polite">
          {job.log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </section>
      <details className="job-output" open={failed && job.stderr.trim() !== ''}>
        <summary>
          {T.stderr} {T.outputSize(job.stderr)}
        </summary>
        <pre tabIndex={0} data-testid="job-stderr">{job.stderr}</pre>
      </details>
      <details className="job-output">
        <summary>
          {T.stdout} {T.outputSize(job.stdout)}
        </summary>
        <pre tabIndex={0} data-testid="job-stdout">{job.stdout}</pre>
      </details>
    </article>
  );
}

function CancelButton({ job }: { job: Job }) {
  const cancel = useCancelJob(job.id);
  return (
    <div className="manage">
      <button type="button" className="button button-secondary" onClick={() => cancel.mutate()} disabled={cancel.isPending} data-testid="cancel-job">
        {cancel.isPending ? T.cancelling : T.cancel}
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
  const S = JOBS_TEXT.scrub;
  const rows: [string, string | number][] = [
    [S.state, scrub.state],
    [S.scrubbed, formatBytes(scrub.bytesScrubbed)],
    [S.found, scrub.errorsFound],
    [S.corrected, scrub.corrected],
    [S.uncorrectable, scrub.uncorrectable],
    [S.unverified, scrub.unverified],
    [S.kinds, `${scrub.read} / ${scrub.csum} / ${scrub.verify} / ${scrub.super}`],
  ];
  return (
    <section className="section">
      <h2>{S.title}</h2>
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
