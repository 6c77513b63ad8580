/** `/pools/:uuid`: one pool — status, mount, import, guidance, advice and its disks. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { ReadProblemDetails as ReadProblemDetailsData } from '../../../contracts/api.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { formatBytes, formatProfileList, poolName } from '../../shared/format.ts';
import { argvText } from '../../shared/argv-text.ts';
import { EscapedText, PoolLabel } from '../../shared/pool-label.tsx';
import { usePoolSlots } from '../../shared/pool-slots.tsx';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { AdviceCards } from './advice-cards.tsx';
import { poolQuery, useManagePool } from './api.ts';
import { MaintenancePanel } from './maintenance-panel.tsx';
import { MembersSection } from './members-table.tsx';
import { StatusBadge } from './status-badge.tsx';

export function PoolPage() {
  const { uuid = '' } = useParams();
  const query = useQuery(poolQuery(uuid));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Pools</Link> <span aria-hidden="true">›</span> <span aria-current="page">{query.data ? <PoolLabel label={query.data.pool.label} /> : uuid}</span>
      </nav>
      {query.isPending ? (
        <Loading what="the pool" />
      ) : query.isError ? (
        <>
          <title>Pool not available · poolwatch</title>
          <h1>Pool {uuid}</h1>
          <ErrorNotice title="Could not load this pool" error={query.error} />
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
      <title>{`${name} · poolwatch`}</title>
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
          <dt>Mount</dt>
          <dd data-testid="mount-info">
            {pool.mounted ? (
              <>
                <span className="mono">{pool.mountPoint ?? '(mount point unknown)'}</span>
                <span className="options">
                  {pool.mountOptions.map((o) => (
                    <span key={o} className={`tag ${o === 'degraded' || o === 'ro' ? 'tag-warning' : 'tag-muted'} mono`}>
                      {o}
                    </span>
                  ))}
                </span>
              </>
            ) : (
              'not mounted'
            )}
          </dd>
        </div>
        <div>
          <dt>Profiles</dt>
          <dd>
            data {formatProfileList(pool.profiles.data)} · metadata {formatProfileList(pool.profiles.metadata)} · system {formatProfileList(pool.profiles.system)}
            {pool.profilesSource !== 'sysfs' && <span className="muted small"> (from {pool.profilesSource === 'chunk-tree' ? 'the chunk tree' : pool.profilesSource})</span>}
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{pool.unreadable ? 'unknown' : `${formatBytes(pool.sizeBytes)}, used ${formatBytes(pool.usedBytes)}`}</dd>
        </div>
        {pool.exclusiveOperation && pool.exclusiveOperation !== 'none' && (
          <div>
            <dt>Running</dt>
            <dd>{pool.exclusiveOperation}</dd>
          </div>
        )}
      </dl>
      {pool.unreadable && <UnreadablePanel unreadable={pool.unreadable} />}
      {pool.problems.length > 0 && !pool.unreadable && (
        <div className="notice notice-warning">
          <h2 className="notice-title">Some details could not be read</h2>
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
      {!pool.unreadable && <MembersSection pool={pool} name={name} />}
    </article>
  );
}

/** What poolwatch could not read, for the admin who looks closer (or files a bug report). */
function ReadProblemDetails({ details }: { details: ReadProblemDetailsData }) {
  return (
    <details className="notice-detail">
      <summary>What poolwatch read</summary>
      {details.line !== undefined && (
        <p>
          Line {details.lineNumber ?? '?'} as printed: <code><EscapedText text={details.line} /></code>
        </p>
      )}
      {details.argv && (
        <p>
          Command: <code>{details.argv.join(' ')}</code>
          {details.exitCode !== undefined && details.exitCode !== null && <> (exit status {details.exitCode})</>}
        </p>
      )}
      {details.stderr && <pre>{details.stderr}</pre>}
      {details.reason && <p>Reason: {details.reason}</p>}
    </details>
  );
}

/** Why poolwatch could not read the pool: the reason, the command and the raw line, as data. */
function UnreadablePanel({ unreadable }: { unreadable: NonNullable<PoolView['unreadable']> }) {
  const { command, line, lineNumber, stderr } = unreadable.details;
  return (
    <section className="unreadable-panel" data-testid="unreadable-panel" aria-labelledby="unreadable-title">
      <h2 id="unreadable-title">poolwatch could not read this pool</h2>
      <p>
        It cannot say whether a member is missing or failing, and runs nothing on it. Check it by hand until this is resolved:
        {' '}<span className="mono">btrfs filesystem show</span>.
      </p>
      <p data-testid="unreadable-reason">
        <EscapedText text={unreadable.reason} />
      </p>
      <dl className="facts">
        {command && (
          <div>
            <dt>Command</dt>
            <dd className="mono">{argvText(command)}</dd>
          </div>
        )}
        {line !== null && (
          <div>
            <dt>{lineNumber !== null ? `Line ${lineNumber}` : 'Line'}</dt>
            <dd className="mono" data-testid="unreadable-line">
              <EscapedText text={line} />
            </dd>
          </div>
        )}
        {stderr && (
          <div>
            <dt>Error output</dt>
            <dd>
              <pre className="mono small">{stderr}</pre>
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
    <div className="manage">
      <p className="small">
        {pool.managed ? 'Managed: poolwatch names this pool in its alerts.' : 'Unimported: watched, but only counted in alerts.'}
      </p>
      <button
        type="button"
        className={pool.managed ? 'button button-secondary' : 'button'}
        onClick={() => manage.mutate(!pool.managed)}
        disabled={manage.isPending}
        aria-busy={manage.isPending}
        data-testid="manage-button"
      >
        {manage.isPending ? 'Saving…' : pool.managed ? 'Stop managing' : 'Import pool'}
      </button>
      {manage.isError && (
        <p className="error-text" role="alert">
          {manage.error.message}
        </p>
      )}
    </div>
  );
}
