/** How the audit page writes a command and an outcome: pure, so it can be tested without a browser. */
import type { AuditOutcome } from '../../../contracts/audit.ts';

/** Characters a shell would treat specially: such an argument is shown single-quoted. */
const NEEDS_QUOTES = /[^A-Za-z0-9_./:=,@%+-]/;

/** `btrfs replace start -r 2 /dev/sdd /mnt2/tank` — copyable into a shell, as the argv ran (no shell was used). */
export function formatArgv(argv: readonly string[] | null): string {
  if (!argv || argv.length === 0) return '';
  return argv.map((a) => (a === '' ? "''" : NEEDS_QUOTES.test(a) ? `'${a.replaceAll("'", `'\\''`)}'` : a)).join(' ');
}

export const OUTCOME_TEXT: Record<AuditOutcome, { label: string; tag: string }> = {
  ok: { label: 'ok', tag: 'tag-info' },
  started: { label: 'started', tag: 'tag-muted' },
  failed: { label: 'failed', tag: 'tag-critical' },
  refused: { label: 'refused', tag: 'tag-warning' },
  cancelled: { label: 'cancelled', tag: 'tag-muted' },
};

/** `auth.login` → "log in"; unknown actions are shown as they are. */
const ACTION_TEXT: Record<string, string> = {
  'auth.login': 'log in',
  'auth.logout': 'log out',
  'auth.setup': 'first-run setup',
  'user.create': 'create user',
  'user.delete': 'delete user',
  'token.create': 'create API token',
  'token.revoke': 'revoke API token',
};

export function describeAction(action: string): string {
  return ACTION_TEXT[action] ?? action;
}

/** A refused login says why in its details; other entries have none worth a column. */
export function refusalReason(details: unknown): string | null {
  if (details && typeof details === 'object' && 'reason' in details && typeof details.reason === 'string') {
    return { 'wrong-password': 'wrong password', 'unknown-user': 'unknown username', 'rate-limited': 'too many attempts' }[details.reason] ?? details.reason;
  }
  return null;
}
