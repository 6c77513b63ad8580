/** The pools list, a pool's page (facts, members, detached disks), the guidance panel and alerts. */
import type { ProfilesSource } from '../../contracts/api.ts';
import type { AlertCode, AlertSeverity, HealthStatus } from '../../contracts/health.ts';
import { plural } from '../shared/format.ts';

export const STATUS_TEXT: Record<HealthStatus, string> = { healthy: 'Healthy', warning: 'Warning', 'at-risk': 'At risk', degraded: 'Degraded', failed: 'Failed', unreadable: 'Unreadable' };

export const POOLS_TEXT = {
  title: 'Pools',
  cannotRead: 'poolwatch cannot read this machine\'s pools',
  errorCode: 'Error code',
  mayBeOutOfDate: 'What is shown below may be out of date.',
  loadingWhat: 'pools',
  loadFailed: 'Could not load the pools',
  emptyTitle: 'No btrfs pools found on this machine',
  emptyText: 'poolwatch looks for btrfs filesystems on every attached disk and will list them here as soon as one appears.',
  caption: (n: number) => `${plural(n, 'btrfs pool', 'btrfs pools')} on this machine. Choose a column heading to sort.`,
  columns: { name: 'Pool', status: 'Status', profiles: 'Profiles', size: 'Size', used: 'Used', members: 'Members', errors: 'Device errors', mountedAt: 'Mounted at' },
  notImported: 'not imported',
  profileTypes: { data: 'data', metadata: 'metadata', system: 'system' },
  missing: (n: number) => `${n} missing`,
  detached: (n: number) => `${n} detached`,
  errors: (n: number) => plural(n, 'error', 'errors'),
  noErrors: 'none',
  notMounted: 'not mounted',
  mountedUnknown: 'yes',
  /** An unreadable pool's size and members are unknown, not zero. */
  unknown: 'unknown',
} as const;

export const POOL_TEXT = {
  breadcrumbPools: 'Pools',
  unavailableTitle: 'Pool not available',
  heading: (uuid: string) => `Pool ${uuid}`,
  loadingWhat: 'the pool',
  loadFailed: 'Could not load this pool',
  facts: { mount: 'Mount', profiles: 'Profiles', size: 'Size', running: 'Running' },
  mountPointUnknown: '(mount point unknown)',
  notMounted: 'not mounted',
  /** Where poolwatch would mount an unmounted pool (distinct for every pool, never a mount point in use). */
  proposedMountPoint: ' · poolwatch mounts it at ',
  profiles: (data: string, metadata: string, system: string) => `data ${data} · metadata ${metadata} · system ${system}`,
  /** Where the profiles were read, when not from the mounted pool's sysfs. */
  profilesSource: {
    sysfs: '',
    'chunk-tree': ' (read from the chunk tree: the pool is not mounted)',
    inventory: ' (as last seen: the pool cannot be read now)',
    unknown: '',
  } satisfies Record<ProfilesSource, string>,
  size: (size: string, used: string) => `${size}, used ${used}`,
  problemsTitle: 'Some details could not be read',
  unknownSize: 'unknown',
  unreadable: {
    title: 'poolwatch could not read this pool',
    textBefore: 'It cannot say whether a member is missing or failing, and runs nothing on it. Check it by hand until this is resolved:',
    command: 'btrfs filesystem show',
    commandLabel: 'Command',
    line: (n: number | null) => (n !== null ? `Line ${n}` : 'Line'),
    stderr: 'Error output',
  },
  readProblem: {
    summary: 'What poolwatch read',
    line: (n: number | null) => `Line ${n ?? '?'} as printed:`,
    command: 'Command:',
    exitStatus: (code: number) => ` (exit status ${code})`,
    reason: 'Reason:',
  },
} as const;

export const MEMBERS_TEXT = {
  title: 'Disks',
  caption: (name: string, total: number, missing: number) =>
    `Members of ${name}: ${plural(total, 'member', 'members')}${missing > 0 ? `, ${missing} missing` : ''}. Error counters add up since their last reset.`,
  columns: { devid: 'Devid', disk: 'Disk', size: 'Size', used: 'Used' },
  missing: 'missing',
  /** Before the remembered disk of a missing member. */
  lastSeenAs: 'Last seen as:',
  slack: (size: string) => `${size} unused (slack)`,
  notReadable: 'not readable while the member is missing or the pool unmounted',
  unnamedMissing: (n: number) => `${plural(n, 'more member is', 'more members are')} missing; btrfs did not name the devid.`,
  unknownDevid: '?',
  totals: (known: boolean) => `Totals${known ? '' : ' (counters not readable)'}`,
  detachedTitle: 'Detached disks',
  detachedCaption: 'Detached disks: members poolwatch remembers that are not attached now',
  detachedColumns: { devid: 'Devid', disk: 'Disk', lastDevice: 'Last device', size: 'Size', lastSeen: 'Last seen' },
} as const;

export const MAINTENANCE_TEXT = {
  title: 'Maintenance required',
  icon: '⚠',
  recommended: 'Recommended:',
  alsoPossible: 'Also possible:',
  beforeYouStart: 'Before you start',
  steps: 'Steps',
  ifNeeded: 'if needed',
  recommendedTag: 'recommended',
  why: 'Why:',
  /** Where each step of the route stands. */
  status: { done: 'done', now: 'now', next: 'next', blocked: 'cannot run on this pool' },
  blockedWhy: 'Why not:',
  doneNote: 'The pool is past this step.',
  copyCommand: (label: string) => `Copy command: ${label}`,
  copyBlocked: 'Copying is blocked here: the command is selected, press Ctrl+C.',
  fillIn: 'Fill in',
  beforeRunning: 'before running it.',
} as const;

export const ADVICE_TEXT = {
  title: 'Alerts and advice',
  none: 'No alerts: every check passed.',
  severity: { critical: 'Critical', warning: 'Warning', info: 'Advice' } satisfies Record<AlertSeverity, string>,
  /** Card headings only; what to do is in the server's message. */
  heading: {
    'device-missing': 'Member missing',
    'redundancy-exceeded': 'Redundancy exceeded',
    'device-errors': 'Device errors',
    'mixed-profiles': 'Mixed profiles',
    'at-minimum-members': 'At the minimum member count',
    'no-spare-disk': 'No spare disk',
    'parity-profile': 'Parity profile (raid5/raid6)',
    'replace-slack': 'Unused space after a replace',
    'mounted-degraded': 'Mounted degraded',
    'unknown-profile': 'Profile unknown',
    'operation-running': 'Operation running',
    'read-problem': 'Could not read everything',
    'pool-unreadable': 'Pool could not be read',
    'smart-failing': 'Disk failing (SMART)',
    'smart-warning': 'SMART warning',
    'stale-member': 'Old member attached',
  } satisfies Record<AlertCode, string>,
} as const;
