/**
 * Notifications, schedules, counter history, the support bundle and the settings file: every word
 * their pages show (docs/ui-text.md).
 */
import type { ChannelType, NotifySeverity } from '../../contracts/notify.ts';
import type { ScheduleKind } from '../../contracts/schedules.ts';
import { plural } from '../shared/format.ts';

export const SEVERITY_TEXT: Record<NotifySeverity, string> = { info: 'info', warning: 'warning', critical: 'critical' };

export const CHANNEL_TYPE_TEXT: Record<ChannelType, string> = {
  email: 'E-mail (SMTP)',
  ntfy: 'ntfy',
  gotify: 'Gotify',
  webhook: 'Webhook (JSON, signed)',
};

export const SECRET_LABEL: Record<ChannelType, string> = {
  email: 'Password',
  ntfy: 'Access token',
  gotify: 'Application token',
  webhook: 'Signing secret (HMAC-SHA256)',
};

export const SCHEDULE_KIND_LABEL: Record<ScheduleKind, string> = {
  scrub: 'Scrub',
  'smart-short': 'S.M.A.R.T. short self-test',
  'smart-long': 'S.M.A.R.T. long self-test',
};

/** Delivery states as the log shows them (the server may add states: those show as they come). */
export const DELIVERY_STATE_TEXT: Record<string, string> = { sent: 'sent', queued: 'queued', failed: 'failed' };

const COUNTER_WORDS = { write: 'write', read: 'read', flush: 'flush', corruption: 'corruption', generation: 'generation' } as const;
type CounterName = keyof typeof COUNTER_WORDS;

export const MONITOR_TEXT = {
  nav: { schedules: 'Schedules', notifications: 'Notifications', support: 'Support' },
  form: { save: 'Save', saving: 'Saving…', cancel: 'Cancel', enabled: 'Enabled', choose: 'choose…' },

  notify: {
    title: 'Notifications',
    intro:
      'poolwatch tells you when a pool degrades, a member goes missing, error counters rise, S.M.A.R.T. gets worse, a scrub finds errors or a job fails — once when it starts, again as a reminder while it lasts, and once when it is resolved — whether or not this page is open.',
    adminOnly: 'Only an admin can see and change the channels.',
    problems: {
      heading: 'Being told about now',
      loadingWhat: 'open problems',
      loadFailed: 'Could not load the open problems',
      none: 'Nothing: no open problem.',
      since: (since: string, told: string) => `since ${since}, last told ${told}`,
    },
    channels: {
      heading: 'Channels',
      loadingWhat: 'the channels',
      loadFailed: 'Could not load the channels',
      none: 'No channel yet: add one, or set POOLWATCH_SMTP_URL / POOLWATCH_WEBHOOK_URL in the environment.',
      add: 'Add a channel',
      fromEnv: 'from the environment',
      disabled: 'disabled',
      filter: (severity: string, jobs: boolean) => `Severity ${severity} and above${jobs ? ', and jobs that succeeded' : ''}.`,
      secretShown: (field: string, masked: string) => ` ${field}: ${masked}`,
      lastSent: (at: string) => `Last delivery ${at}: sent`,
      lastFailed: (at: string, error: string | null) => `Last delivery ${at}: failed — ${error ?? 'no answer'}`,
      test: 'Send test',
      testing: 'Sending…',
      testSent: (answer: string) => `Sent: ${answer}`,
      testFailed: (answer: string) => `Failed: ${answer}`,
      testError: 'The test could not be sent',
      edit: 'Edit',
      delete: 'Delete',
      deleteConfirm: (name: string) => `Delete channel “${name}”? Messages still queued for it are dropped.`,
      deleteFailed: 'Could not delete the channel',
    },
    form: {
      newHeading: 'New channel',
      editHeading: (name: string) => `Edit “${name}”`,
      type: 'Type',
      name: 'Name',
      host: 'SMTP server',
      hostExample: 'mail.example.org',
      security: 'Encryption',
      starttls: 'STARTTLS (port 587)',
      tls: 'TLS (port 465)',
      plain: 'none — a relay on this network only',
      port: 'Port',
      verify: 'Verify the server\'s certificate (off only for a self-signed one)',
      login: 'Login (optional)',
      from: 'From',
      fromExample: 'poolwatch@nas.example.org',
      to: 'To (comma-separated)',
      toExample: 'admin@example.org',
      urlLabel: { ntfy: 'Topic URL', gotify: 'Gotify server URL', webhook: 'URL', email: 'URL' } satisfies Record<ChannelType, string>,
      urlExample: { ntfy: 'https://ntfy.sh/my-nas-alerts', gotify: 'https://gotify.example.org', webhook: 'https://homeassistant.local/api/webhook/…', email: '' } satisfies Record<ChannelType, string>,
      secretKept: 'unchanged (set)',
      secretMin: 'at least 16 characters',
      removeSecret: 'remove it',
      send: 'Send',
      severityOption: (s: string) => `${s} and above`,
      jobs: 'Also when a job succeeded',
    },
    thresholds: {
      heading: 'Reminders and thresholds',
      loadingWhat: 'the settings',
      loadFailed: 'Could not load the settings',
      reminder: 'Remind every (hours, 0 = never)',
      scanStuck: '"Cannot read the machine" after (minutes without a scan)',
      retention: 'Keep counter history (days)',
      saved: 'Saved.',
    },
    log: {
      heading: 'Delivery log',
      loadingWhat: 'the delivery log',
      loadFailed: 'Could not load the delivery log',
      none: 'Nothing sent yet.',
      caption: 'Newest first. A failed attempt is retried (after 30 s, then doubling up to an hour) for a day.',
      queuedAt: 'Queued',
      channel: 'Channel',
      message: 'Message',
      state: 'State',
      attempts: 'Attempts',
      answer: 'Answer',
      nextTry: (at: string) => ` next try ${at}`,
      delivered: 'delivered',
    },
  },

  schedules: {
    title: 'Schedules',
    intro:
      'A monthly scrub finds and repairs silent damage while a good copy still exists; S.M.A.R.T. self-tests find a failing disk before it drops out. Each run is an ordinary job (see Jobs). A run missed while the machine was off runs once at the next start; a scrub waits while a replace or balance holds its pool. Times are the NAS\'s local time.',
    loadingWhat: 'the schedules',
    loadFailed: 'Could not load the schedules',
    changeFailed: 'Could not change the schedule',
    none: 'No schedules yet.',
    add: 'Add a schedule',
    recommendedFor: 'Recommended schedules for',
    choosePool: 'choose a pool…',
    create: 'Create',
    created: (n: number) => `Created ${plural(n, 'schedule', 'schedules')}.`,
    what: 'What',
    on: 'On',
    when: 'When',
    next: 'Next run',
    last: 'Last run',
    actions: 'Actions',
    paused: 'paused',
    speed: (mib: number) => ` · at most ${mib} MiB/s per disk`,
    never: 'never',
    job: 'job',
    edit: 'Edit',
    pause: 'Pause',
    resume: 'Resume',
    delete: 'Delete',
    deleteConfirm: (kind: string) => `Delete this ${kind} schedule?`,
    form: {
      newHeading: 'New schedule',
      editHeading: 'Edit schedule',
      pool: 'Pool',
      disk: 'Disk',
      every: 'Every',
      everyOption: { day: 'day', week: 'week', month: 'month' },
      weekday: 'On',
      monthDay: 'Day of the month (1–28)',
      at: 'Window starts at',
      window: 'Window (hours)',
      speed: 'Speed limit per disk (MiB/s, empty: none)',
      runAt: 'Next run at (empty: the next window)',
    },
  },

  counters: {
    heading: 'Error counter history',
    loadingWhat: 'the counter history',
    loadFailed: 'Could not load the counter history',
    none: 'No counters recorded yet (they are read while the pool is mounted).',
    intro: (days: number) => `Every change of a member's five btrfs error counters, kept for ${days} days. A reset keeps the values it cleared.`,
    device: (devid: number) => `devid ${devid}`,
    tableLabel: (devid: number) => `Error counter changes of devid ${devid}`,
    sparkline: (n: number) => `errors counted over time: ${n} in all`,
    noRise: 'no rise in the last day',
    resets: (n: number) => plural(n, 'reset', 'resets'),
    summary: (changes: number, e: Record<CounterName, number>) =>
      `${plural(changes, 'change', 'changes')}; errors ever counted: write ${e.write}, read ${e.read}, flush ${e.flush}, corruption ${e.corruption}, generation ${e.generation}`,
    when: 'When',
    cause: 'Cause',
    counter: COUNTER_WORDS,
    causeText: { observed: 'seen by a scan', 'before-reset': 'kept before a reset', reset: 'reset' } as Record<string, string>,
    by: (actor: string) => ` by ${actor}`,
    delta: (n: number) => ` (+${n})`,
    /** "+3 read errors, +1 corruption error since yesterday", or null when nothing rose. */
    rise: (rise: Record<CounterName, number>): string | null => {
      const parts = (Object.keys(COUNTER_WORDS) as CounterName[]).filter((k) => rise[k] > 0).map((k) => `+${plural(rise[k], `${COUNTER_WORDS[k]} error`, `${COUNTER_WORDS[k]} errors`)}`);
      return parts.length ? `${parts.join(', ')} since yesterday` : null;
    },
  },

  support: {
    title: 'Support',
    heading: 'Support bundle and settings',
    adminOnly: 'Only an admin can download the support bundle or the settings.',
    bundle: {
      heading: 'Support bundle',
      introBefore: 'One .tar.gz with what a support engineer asks for first. It never holds a password, token or webhook secret. On a machine whose web UI is down,',
      introCommand: 'poolwatch bundle',
      introAfter: 'writes the same file.',
      redact: 'Replace serial numbers and pool labels with placeholders',
      loadingWhat: 'the list of files',
      loadFailed: 'Could not list the bundle\'s files',
      caption: (n: number, name: string) => `The ${plural(n, 'file', 'files')} of ${name}`,
      file: 'File',
      what: 'What',
      from: 'From',
      byPoolwatch: 'written by poolwatch',
      download: (name: string) => `Download ${name}`,
    },
    settings: {
      heading: 'Settings file',
      intro: 'Schedules, notification channels and thresholds in one JSON file, so a reinstall restores them. Channels set by the environment stay out of it.',
      secrets: 'Include passwords and tokens (keep the file safe)',
      export: 'Export settings',
      import: 'Import a settings file (you see what it holds before anything changes)',
      notJson: (file: string, why: string) => `${file} is not JSON: ${why}`,
      preview: (schedules: number, channels: number, hours: number, days: number) =>
        `This file holds ${plural(schedules, 'schedule', 'schedules')} and ${plural(channels, 'channel', 'channels')}; reminders every ${hours} h, counter history kept ${days} days. Importing replaces the current schedules and the channels made in the UI.`,
      apply: 'Import',
      imported: (schedules: number, channels: number) => `Imported ${plural(schedules, 'schedule', 'schedules')} and ${plural(channels, 'channel', 'channels')}.`,
    },
  },
} as const;
