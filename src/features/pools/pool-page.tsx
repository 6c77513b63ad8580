/** `/pools/:uuid`: one pool — status, mount, import, guidance, advice and its disks. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { ReadProblemDetails as ReadProblemDetailsData } from '../../../contracts/api.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { formatBytes, formatProfileList, formatTime, poolName } from '../../shared/format.ts';
import { argvText } from '../../shared/argv-text.ts';
import { EscapedText, PoolLabel } from '../../shared/pool-label.tsx';
import { usePoolSlots } from '../../shared/pool-slots.tsx';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { AdviceCards } from './advice-cards.tsx';
import { poolQuery, useManagePool } from './api.ts';
import { MaintenancePanel } from './maintenance-panel.tsx';
import { MembersSection } from './members-table.tsx';
import { COMMON_TEXT } from '../../text/common.ts';
import { IMPORT_TEXT, STALE_TEXT } from '../../text/alerts.ts';
import { POOL_TEXT } from '../../text/pools.ts';
import { SpaceSection } from './space-section.tsx';
import { StatusBadge } from './status-badge.tsx';

const T = POOL_TEXT;

export function PoolPage() {
  const { uuid = '' } = useParams();
  const query = useQuery(poolQuery(uuid));
  return (
    <>
      <nav aria-label={COMMON_TEXT.breadcrumb} className="breadcrumb">
        <Link to="/">{T.breadcrumbPools}</Link> <span aria-hidden="true">{COMMON_TEXT.breadcrumbSeparator}</span> <span aria-current="page">{query.data ? <PoolLabel label={query.data.pool.label} /> : uuid}</span>
      </nav>
      {query.isPending ? (
        <Loading what={T.loadingWhat} />
      ) : query.isError ? (
        <>
          <title>{COMMON_TEXT.pageTitle(T.unavailableTitle)}</title>
          <h1>{T.heading(uuid)}</h1>
          <ErrorNotice title={T.loadFailed} error={query.error} />
        </>
      ) : (
        <PoolDetails pool={query.data.pool} />
      )}
    </>
  );
}

function PoolDetails({ pool }: { pool: PoolView }) {
  const name = poolName(pool);
  // Running jobs, action buttons and "Do this step" come from other features, through the app.
  const slots = usePoolSlots();
  const stepAction = slots.stepAction;
  const alertAction = slots.alertAction;
  return (
    <article data-testid="pool-details" data-uuid={pool.uuid}>
      <title>{COMMON_TEXT.pageTitle(name)}</title>
      <header className="pool-header">
        <div>
          <h1>
            <PoolLabel label={pool.label} /> <StatusBadge status={pool.health.status} />
          </h1>
          <p className="mono small muted">{pool.uuid}</p>
        </div>
        <ManageControl pool={pool} />
      </header>
      <dl className="facts">
        <div>
          <dt>{T.facts.mount}</dt>
          <dd data-testid="mount-info">
            {pool.mounted ? (
              <>
                <span className="mono">{pool.mountPoint ?? T.mountPointUnknown}</span>
                <span className="options">
                  {pool.mountOptions.map((o) => (
                    <span key={o} className={`tag ${o === 'degraded' || o === 'ro' ? 'tag-warning' : 'tag-muted'} mono`}>
                      {o}
                    </span>
                  ))}
                </span>
              </>
            ) : (
              <>
                {T.notMounted}
                {pool.proposedMountPoint && (
                  <span className="muted small" data-testid="proposed-mount-point">
                    {T.proposedMountPoint}
                    <span className="mono">{pool.proposedMountPoint}</span>
                  </span>
                )}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{T.facts.profiles}</dt>
          <dd>
            {T.profiles(formatProfileList(pool.profiles.data), formatProfileList(pool.profiles.metadata), formatProfileList(pool.profiles.system))}
            {T.profilesSource[pool.profilesSource] && <span className="muted small">{T.profilesSource[pool.profilesSource]}</span>}
          </dd>
        </div>
        <div>
          <dt>{T.facts.size}</dt>
          <dd>{pool.unreadable ? T.unknownSize : T.size(formatBytes(pool.sizeBytes), formatBytes(pool.usedBytes))}</dd>
        </div>
        {pool.exclusiveOperation && pool.exclusiveOperation !== 'none' && (
          <div>
            <dt>{T.facts.running}</dt>
            <dd>{pool.exclusiveOperation}</dd>
          </div>
        )}
      </dl>
      {pool.unreadable && <UnreadablePanel unreadable={pool.unreadable} />}
      {pool.stale && (
        <div className="notice notice-warning" role="status" data-testid="pool-stale">
          {STALE_TEXT.pool(formatTime(pool.stale.since), pool.stale.reason)}
        </div>
      )}
      {pool.problems.length > 0 && !pool.unreadable && (
        <div className="notice notice-warning">
          <h2 className="notice-title">{T.problemsTitle}</h2>
          <ul>
            {pool.problems.map((p, i) => (
              <li key={i}>
                {p.message}
                {p.details && <ReadProblemDetails details={p.details} />}
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* Nothing runs on a pool poolwatch could not read (the server refuses too). */}
      {!pool.unreadable && slots.poolActions?.(pool)}
      {pool.maintenance && <MaintenancePanel maintenance={pool.maintenance} stepAction={stepAction ? (step) => stepAction(pool, step) : undefined} />}
      <AdviceCards alerts={pool.health.alerts} alertAction={alertAction ? (alert) => alertAction(pool, alert) : undefined} />
      {!pool.unreadable && pool.space && <SpaceSection space={pool.space} />}
      {!pool.unreadable && <MembersSection pool={pool} name={name} />}
      {!pool.unreadable && slots.poolHistory?.(pool)}
    </article>
  );
}

/** What poolwatch could not read, for the admin who looks closer (or files a bug report). */
function ReadProblemDetails({ details }: { details: ReadProblemDetailsData }) {
  const R = T.readProblem;
  return (
    <details className="notice-detail">
      <summary>{R.summary}</summary>
      {details.line !== undefined && (
        <p>
          {R.line(details.lineNumber ?? null)}{' '}
          <code>
            <EscapedText text={details.line} />
          </code>
        </p>
      )}
      {details.argv && (
        <p>
          {R.command} <code>{details.argv.join(' ')}</code>
          {details.exitCode !== undefined && details.exitCode !== null && R.exitStatus(details.exitCode)}
        </p>
      )}
      {details.stderr && <pre tabIndex={0}>{details.stderr}</pre>}
      {details.reason && (
        <p>
          {R.reason} {details.reason}
        </p>
      )}
    </details>
  );
}

/** Why poolwatch could not read the pool: the reason, the command and the raw line, as data. */
function UnreadablePanel({ unreadable }: { unreadable: NonNullable<PoolView['unreadable']> }) {
  const { command, line, lineNumber, stderr } = unreadable.details;
  const U = T.unreadable;
  return (
    <section className="unreadable-panel" data-testid="unreadable-panel" aria-labelledby="unreadable-title">
      <h2 id="unreadable-title">{U.title}</h2>
      <p>
        {U.textBefore} <span className="mono">{U.command}</span>.
      </p>
      <p data-testid="unreadable-reason">
        <EscapedText text={unreadable.reason} />
      </p>
      <dl className="facts">
        {command && (
          <div>
            <dt>{U.commandLabel}</dt>
            <dd className="mono">{argvText(command)}</dd>
          </div>
        )}
        {line !== null && (
          <div>
            <dt>{U.line(lineNumber)}</dt>
            <dd className="mono" data-testid="unreadable-line">
              <EscapedText text={line} />
            </dd>
          </div>
        )}
        {stderr && (
          <div>
            <dt>{U.stderr}</dt>
            <dd>
              <pre className="mono small" tabIndex={0}>
                {stderr}
              </pre>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ManageControl({ pool }: { pool: PoolView }) {
  const manage = useManagePool(pool.uuid);
  return (
    <div className="manage" data-testid="manage">
      <p className="small">{pool.managed ? IMPORT_TEXT.managed : IMPORT_TEXT.unmanaged}</p>
      {!pool.managed && (
        <p className="small muted" data-testid="import-explained">
          {IMPORT_TEXT.explain}
        </p>
      )}
      <button
        type="button"
        className={pool.managed ? 'button button-secondary' : 'button'}
        onClick={() => manage.mutate(!pool.managed)}
        disabled={manage.isPending}
        aria-busy={manage.isPending}
        data-testid="manage-button"
      >
        {manage.isPending ? IMPORT_TEXT.saving : pool.managed ? IMPORT_TEXT.stopButton : IMPORT_TEXT.importButton}
      </button>
      {manage.isError && (
        <p className="error-text" role="alert">
          {manage.error.message}
        </p>
      )}
    </div>
  );
}
