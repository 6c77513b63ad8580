/** Space for recovery: the space engine's verdicts and the resilience forecast (contracts/space.ts). */
import type { SpaceOperation } from '../../contracts/space.ts';

export const SPACE_OPERATION_TEXT = {
  replace: 'Replace',
  'remove-missing': 'Remove the missing member',
  'add-then-remove': 'Add a disk, then remove the missing member',
  'remove-device': 'Remove a member',
  convert: 'Convert balance',
  'full-balance': 'Full balance',
} as const satisfies Record<SpaceOperation, string>;

export const SPACE_TEXT = {
  fit: {
    yes: 'fits',
    mayStopSafely: 'may not fit (would stop safely)',
    unknown: 'cannot tell',
    readOnly: 'does not fit — can force the pool read-only',
    refused: 'btrfs refuses',
    no: 'does not fit',
  },
  verdictTitle: (operation: string, devid: number | null) => (devid ? `${operation} devid ${devid}` : operation),
  /** The verdict beside an action's plan or refusal. */
  planTitle: 'Space',
  remediesIntro: 'What would make it fit:',
  remedyCommands: (text: string) => `the commands for: ${text}`,
  section: {
    title: 'Space for recovery',
    intro: 'What btrfs needs is unallocated space on the members that stay, not free space in the pool. Checked again before any of these runs.',
    unknown: (reason: string) => `Not known: ${reason}.`,
  },
  forecast: {
    title: 'If a disk fails',
    failing: 'Failing now: ',
  },
  request: {
    removeMissingMetadataFirst: 'Remove the missing member, metadata first',
    removeDeviceMetadataFirst: (devid: number) => `Remove devid ${devid}, metadata first`,
  },
} as const;
