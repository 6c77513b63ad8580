/**
 * Loaded with the pool page, not with the first page (app.tsx wraps it): the actions, their dialogs
 * and the job views weigh more than the overview itself.
 *
 * What the pool page shows from other features: its running jobs (features/jobs) and, for
 * admins, the maintenance actions (features/actions). Wired here so features stay independent.
 */
import type { Alert, MaintenanceStep } from '../../contracts/health.ts';
import type { PoolView } from '../../contracts/views.ts';
import { ActionLauncher, AlertAction, StepAction } from '../features/actions/action-launcher.tsx';
import { useIsAdmin } from '../features/auth/api.ts';
import { CounterHistory } from '../features/counters/counter-history.tsx';
import { ActiveJobs } from '../features/jobs/active-jobs.tsx';
import { JobCard } from '../features/jobs/job-card.tsx';
import { JobPage } from '../features/jobs/job-page.tsx';
import type { PoolSlots } from '../shared/pool-slots.tsx';

const renderJob = (jobId: string) => <JobCard jobId={jobId} />;

function PoolActions({ pool }: { pool: PoolView }) {
  const admin = useIsAdmin();
  return (
    <>
      <ActiveJobs poolUuid={pool.uuid} />
      <ActionLauncher pool={pool} canAct={admin} renderJob={renderJob} />
    </>
  );
}

function PoolStepAction({ pool, step }: { pool: PoolView; step: MaintenanceStep }) {
  return <StepAction pool={pool} step={step} canAct={useIsAdmin()} />;
}

function PoolAlertAction({ pool, alert }: { pool: PoolView; alert: Alert }) {
  return <AlertAction pool={pool} alert={alert} canAct={useIsAdmin()} />;
}

export const POOL_SLOTS: PoolSlots = {
  poolActions: (pool) => <PoolActions pool={pool} />,
  stepAction: (pool, step) => <PoolStepAction pool={pool} step={step} />,
  alertAction: (pool, alert) => <PoolAlertAction pool={pool} alert={alert} />,
  poolHistory: (pool) => <CounterHistory poolUuid={pool.uuid} />,
};

/** `/jobs/:id`: admins may cancel a running job. */
export function JobRoute() {
  return <JobPage canAct={useIsAdmin()} />;
}
