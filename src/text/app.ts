/** The frame of every page: skip link, header, navigation, theme, live state, footer, not found. */
import { BRAND } from './common.ts';

export type ThemeChoice = 'auto' | 'light' | 'dark';
export type LiveTextState = 'connecting' | 'live' | 'offline' | 'unsupported';

export const APP_TEXT = {
  brand: BRAND,
  skipLink: 'Skip to content',
  nav: {
    label: 'Main',
    pools: 'Pools',
    disks: 'Disks',
    jobs: 'Jobs',
    smart: 'S.M.A.R.T.',
    audit: 'Audit log',
    tokens: 'API tokens',
    users: 'Users',
  },
  menu: {
    open: 'Menu',
    close: 'Close menu',
    account: 'Account',
    settings: 'Monitoring and support',
  },
  theme: {
    label: 'Theme',
    choice: { auto: 'As the system', light: 'Light', dark: 'Dark' } satisfies Record<ThemeChoice, string>,
  },
  live: {
    state: {
      connecting: 'Connecting…',
      live: 'Live',
      offline: 'Offline',
      unsupported: 'No live updates',
    } satisfies Record<LiveTextState, string>,
    liveTitle: 'Changes on the machine show here without reloading.',
    /** "Offline — data from 14:02": the page still shows what it knew then. */
    offlineSince: (time: string) => `Offline — data from ${time}`,
    offlineNotice: (time: string | null) =>
      time
        ? `poolwatch cannot be reached. What you see is from ${time} and may be out of date; the page updates again when the connection is back.`
        : 'poolwatch cannot be reached. The page updates as soon as the connection is back.',
  },
  footer: {
    lastScan: (time: string) => `Last scan ${time}`,
    scanFailing: (message: string) => ` · scan failing: ${message}`,
    statusUnavailable: (message: string) => `Watcher status unavailable: ${message}`,
    waiting: 'Waiting for the first scan…',
  },
  notFound: {
    title: 'Not found',
    heading: 'Page not found',
    text: 'There is nothing at this address.',
    back: 'Go to the pools',
  },
} as const;
