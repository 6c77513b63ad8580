import { type ReactNode, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuditPage } from '../features/auth/audit-page.tsx';
import { LoginPage } from '../features/auth/login-page.tsx';
import { PasswordPage } from '../features/auth/password-page.tsx';
import { RequireSession } from '../features/auth/require-session.tsx';
import { SetupPage } from '../features/auth/setup-page.tsx';
import { TokensPage } from '../features/auth/tokens-page.tsx';
import { UsersPage } from '../features/auth/users-page.tsx';
import { DisksPage } from '../features/disks/disks-page.tsx';
import { JobsPage } from '../features/jobs/jobs-page.tsx';
import { NotifyPage } from '../features/notify/notify-page.tsx';
import { SchedulesPage } from '../features/schedules/schedules-page.tsx';
import { SupportPage } from '../features/support/support-page.tsx';
import { PoolPage } from '../features/pools/pool-page.tsx';
import { PoolsPage } from '../features/pools/pools-page.tsx';
import { SmartDiskPage } from '../features/smart/smart-disk-page.tsx';
import { SmartStatusCell } from '../features/smart/smart-status-cell.tsx';
import { SmartdPage } from '../features/smart/smartd-page.tsx';
import { DiskSlotsProvider, type DiskSlots } from '../shared/disk-slots.tsx';
import { PoolSlotsProvider } from '../shared/pool-slots.tsx';
import { AUTH_NAV, AccountMenu } from '../features/auth/user-menu.tsx';
import { Layout, NotFoundPage, PRIMARY_NAV } from './layout.tsx';
import { ThemePicker } from './theme-picker.tsx';
import { AdminAware, JobRoute, POOL_SLOTS } from './pool-slots.tsx';
import { createQueryClient } from './query-client.ts';
import { MONITOR_TEXT } from '../text/monitor.ts';

/** What the disks and pools pages show in a disk's health cell: its SMART status. */
const DISK_SLOTS: DiskSlots = { diskStatus: (diskKey) => <SmartStatusCell diskKey={diskKey} /> };

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
