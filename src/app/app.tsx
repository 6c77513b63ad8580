import { type ComponentType, type ReactNode, Suspense, lazy, useEffect, useState } from 'react';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { RequireSession } from '../features/auth/require-session.tsx';
import { poolsQuery } from '../features/pools/api.ts';
import { PoolsPage } from '../features/pools/pools-page.tsx';
import { SmartStatusCell } from '../features/smart/smart-status-cell.tsx';
import { Loading } from '../shared/query-state.tsx';
import { COMMON_TEXT } from '../text/common.ts';
import { DiskSlotsProvider, type DiskSlots } from '../shared/disk-slots.tsx';
import { type PoolSlots, PoolSlotsProvider } from '../shared/pool-slots.tsx';
import { useIsAdmin } from '../features/auth/api.ts';
import { IdentifyButton } from '../features/identify/identify-button.tsx';
import type { Disk } from '../../contracts/api.ts';
import { AUTH_NAV, AccountMenu } from '../features/auth/user-menu.tsx';
import { Layout, NotFoundPage, PRIMARY_NAV } from './layout.tsx';
import { ThemePicker } from './theme-picker.tsx';
import { createQueryClient } from './query-client.ts';
import { MONITOR_TEXT } from '../text/monitor.ts';

/**
 * A page whose code loads when it is first opened (issue 13: the first page's JavaScript stays
 * small). The overview, the page most visits start on, is in the main bundle.
 */
function onDemand<M, P extends object>(load: () => Promise<M>, pick: (m: M) => ComponentType<P>): (props: P) => ReactNode {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  return function OnDemandPage(props: P) {
    return (
      <Suspense fallback={<Loading what={COMMON_TEXT.pageCode} />}>
        <Page {...props} />
      </Suspense>
    );
  };
}

const AuditPage = onDemand(() => import('../features/auth/audit-page.tsx'), (m) => m.AuditPage);
const LoginPage = onDemand(() => import('../features/auth/login-page.tsx'), (m) => m.LoginPage);
const PasswordPage = onDemand(() => import('../features/auth/password-page.tsx'), (m) => m.PasswordPage);
const SetupPage = onDemand(() => import('../features/auth/setup-page.tsx'), (m) => m.SetupPage);
const TokensPage = onDemand(() => import('../features/auth/tokens-page.tsx'), (m) => m.TokensPage);
const UsersPage = onDemand(() => import('../features/auth/users-page.tsx'), (m) => m.UsersPage);
const DisksPage = onDemand(() => import('../features/disks/disks-page.tsx'), (m) => m.DisksPage);
const JobsPage = onDemand(() => import('../features/jobs/jobs-page.tsx'), (m) => m.JobsPage);
const NotifyPage = onDemand(() => import('../features/notify/notify-page.tsx'), (m) => m.NotifyPage);
const SchedulesPage = onDemand(() => import('../features/schedules/schedules-page.tsx'), (m) => m.SchedulesPage);
const SupportPage = onDemand(() => import('../features/support/support-page.tsx'), (m) => m.SupportPage);
const PoolPage = onDemand(() => import('../features/pools/pool-page.tsx'), (m) => m.PoolPage);
const SmartDiskPage = onDemand(() => import('../features/smart/smart-disk-page.tsx'), (m) => m.SmartDiskPage);
const SmartdPage = onDemand(() => import('../features/smart/smartd-page.tsx'), (m) => m.SmartdPage);

/** The jobs' card, for jobs started on another feature's page (a SMART self-test). */
const JobCard = onDemand(() => import('../features/jobs/job-card.tsx'), (m) => m.JobCard);

const JobRoute = onDemand(() => import('./pool-slots.tsx'), (m) => m.JobRoute);

/** The pool page's slots (actions, jobs, counter history), loaded with the first slot shown. */
const LoadedSlots = lazy(async () => {
  const { POOL_SLOTS } = await import('./pool-slots.tsx');
  return { default: ({ render }: { render: (s: PoolSlots) => ReactNode }) => <>{render(POOL_SLOTS)}</> };
});
const slot = (render: (s: PoolSlots) => ReactNode) => (
  <Suspense fallback={null}>
    <LoadedSlots render={render} />
  </Suspense>
);
const POOL_SLOTS: PoolSlots = {
  poolActions: (pool) => slot((s) => s.poolActions?.(pool)),
  stepAction: (pool, step) => slot((s) => s.stepAction?.(pool, step)),
  alertAction: (pool, alert) => slot((s) => s.alertAction?.(pool, alert)),
  poolHistory: (pool) => slot((s) => s.poolHistory?.(pool)),
};

/** Pages of features that must not import the auth feature: the app tells them whether the user is an admin. */
function AdminAware({ page: Page }: { page: (props: { admin: boolean }) => ReactNode }) {
  return <Page admin={useIsAdmin()} />;
}

/**
 * The overview asks for the pools at once, beside the session check (not after it): a signed-in
 * admin's first page then needs one round trip, not two. Only on the overview, where it is used.
 */
function PrefetchFirstPage() {
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  useEffect(() => {
    if (pathname === '/') void queryClient.prefetchQuery(poolsQuery());
    // Only the page the visit starts on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

/** What the disks and pools pages show in a disk's health cell (its SMART status), and how the SMART page shows its jobs (the jobs' card). */
/** Admins may make a disk blink (ADR 024); readers see no button. */
function DiskActions({ disk }: { disk: Disk }) {
  return useIsAdmin() ? <IdentifyButton disk={disk} /> : null;
}

const DISK_SLOTS: DiskSlots = {
  diskStatus: (diskKey) => <SmartStatusCell diskKey={diskKey} />,
  diskJob: (jobId) => <JobCard jobId={jobId} />,
  diskActions: (disk) => <DiskActions disk={disk} />,
};

/** Monitoring pages: routine maintenance, notifications, the support bundle and settings file (in the account menu). */
const MONITOR_NAV = [
  { to: '/schedules', label: MONITOR_TEXT.nav.schedules },
  { to: '/notifications', label: MONITOR_TEXT.nav.notifications },
  { to: '/support', label: MONITOR_TEXT.nav.support },
];

// The main navigation stays short enough for one header row at 1280 px beside several pool alerts.
const NAV = [...PRIMARY_NAV, ...AUTH_NAV];

/** The query cache and the slots features fill for each other: the same in a tab and in Cockpit. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <DiskSlotsProvider value={DISK_SLOTS}>
        <PoolSlotsProvider value={POOL_SLOTS}>{children}</PoolSlotsProvider>
      </DiskSlotsProvider>
    </QueryClientProvider>
  );
}

/** The pages every reader has (in a tab and in Cockpit): pools, a pool, disks, SMART, jobs, the audit log. */
export function readerRoutes() {
  return (
    <>
      <Route index element={<PoolsPage />} />
      <Route path="pools/:uuid" element={<PoolPage />} />
      <Route path="disks" element={<DisksPage />} />
      <Route path="disks/:key/smart" element={<SmartDiskPage />} />
      <Route path="smartd" element={<SmartdPage />} />
      <Route path="jobs" element={<JobsPage />} />
      <Route path="jobs/:id" element={<JobRoute />} />
      <Route path="audit" element={<AuditPage />} />
    </>
  );
}

export function App() {
  return (
    <AppProviders>
      <BrowserRouter>
        <PrefetchFirstPage />
        <Routes>
          <Route path="login" element={<LoginPage />} />
          <Route path="setup" element={<SetupPage />} />
          <Route
            element={
              <RequireSession>
                <Layout
                  nav={NAV}
                  account={
                    <AccountMenu links={MONITOR_NAV}>
                      <ThemePicker />
                    </AccountMenu>
                  }
                />
              </RequireSession>
            }
          >
            {readerRoutes()}
            <Route path="schedules" element={<AdminAware page={SchedulesPage} />} />
            <Route path="notifications" element={<AdminAware page={NotifyPage} />} />
            <Route path="support" element={<AdminAware page={SupportPage} />} />
            <Route path="tokens" element={<TokensPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="account/password" element={<PasswordPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AppProviders>
  );
}
