/** The header alert ("Pool failed", "Pool degraded", "Pool at risk", "Device errors") and what it says to screen readers. */
import { plural } from '../shared/format.ts';

export type AlertKindText = 'failed' | 'degraded' | 'at-risk' | 'device-errors' | 'unreadable';

export const ALERTS_TEXT = {
  trigger: { failed: 'Pool failed', degraded: 'Pool degraded', 'at-risk': 'Pool at risk', 'device-errors': 'Device errors', unreadable: 'Pool unreadable' } satisfies Record<AlertKindText, string>,
  detailsTitle: {
    failed: 'Pools that lost more members than they survive (data on the missing disks is lost)',
    degraded: 'Pools with a missing member',
    'at-risk': 'Pools with a member SMART says is failing: replace it while redundancy lasts',
    'device-errors': 'Pools with recorded device errors',
    unreadable: 'Pools poolwatch could not read (it cannot say whether they are healthy)',
  } satisfies Record<AlertKindText, string>,
  icon: { failed: '✕', degraded: '⚠', 'at-risk': '▲', 'device-errors': '!', unreadable: '?' } satisfies Record<AlertKindText, string>,
  notImportedTag: 'not imported',
  /** Under the list when it names pools that are not imported. */
  importExplained:
    'Not imported: poolwatch watches these pools but does not manage them. Importing one (on its page) lets poolwatch name it here and mount it for you; it writes nothing to the disks — no mount, no scan, no change to the pool.',
  unknown: 'Pool status unknown',
  /** "Pool degraded: tank, media (not imported)." */
  announcement: (kind: AlertKindText, names: readonly string[]) =>
    `${{ failed: 'Pool failed', degraded: 'Pool degraded', 'at-risk': 'Pool at risk', unreadable: 'Pool unreadable', 'device-errors': 'Device errors recorded' }[kind]}: ${names.join(', ')}.`,
  notImportedName: (name: string) => `${name} (not imported)`,
  /** For places that only count: "2 pools not imported". */
  notImportedCount: (n: number) => plural(n, 'pool not imported', 'pools not imported'),
} as const;

/** The Import button's explanation on a pool page: what importing does, and what it never does. */
export const IMPORT_TEXT = {
  managed: 'Imported: poolwatch names this pool in its alerts and can mount it for you.',
  unmanaged: 'Not imported: watched and shown, but not named in alerts and not mounted from here.',
  explain:
    'Importing writes nothing to the disks: it records the pool in poolwatch\'s own database. Nothing is mounted, scanned or changed until you start an action.',
  importButton: 'Import pool',
  stopButton: 'Stop managing',
  saving: 'Saving…',
} as const;

/** The alert on every page while the server cannot write its data dir (full, read-only). */
export const DATA_DIR_TEXT = {
  title: 'poolwatch cannot write its data dir',
  unknownReason: 'the last write failed',
  detail: (since: string) =>
    `Since ${since}. The pools are still watched and every page still shows them, but nothing can be changed — no maintenance action, ` +
    'no new user or token — until the data dir takes writes again: free space on its disk or make it writable.',
} as const;

/** The snapshot the pages show is old: a scan is stuck or failed (src/features/alerts/stale-alert.tsx). */
export const STALE_TEXT = {
  title: (since: string) => `Data from ${since} — poolwatch cannot read the pools now`,
  stuckOn: (command: string, since: string) => `Waiting since ${since} on: ${command}`,
  /** On the pool's page, when btrfs did not answer about this pool in the last scan. */
  pool: (since: string, reason: string) => `Data from ${since}, not the state now: ${reason}`,
  detail:
    'What the pages show is what poolwatch read then, not the state now: a disk that hangs often keeps btrfs from answering. ' +
    'Check the kernel log (dmesg) for the disk, and do not take an earlier "Healthy" as current.',
} as const;
