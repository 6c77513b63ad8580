/** Identify / blink a disk (ADR 024). */
export const IDENTIFY_TEXT = {
  open: 'Identify…',
  title: 'Identify this disk',
  loading: 'Reading how this disk can be identified…',
  loadFailed: 'Could not plan the identify',
  seconds: 'For (seconds)',
  commands: 'Commands poolwatch runs (read-only)',
  start: 'Blink it',
  starting: 'Starting…',
  close: 'Close',
  startFailed: 'Could not start',
} as const;
