/** How the audit page writes a command and an outcome: pure, so it can be tested without a browser. */
import type { AuditOutcome } from '../../../contracts/audit.ts';
import type { JobKind } from '../../../contracts/jobs.ts';
import { AUTH_TEXT } from '../../text/auth.ts';
import { JOB_KIND_TEXT } from '../../text/jobs.ts';

/** Characters a shell would treat specially: such an argument is shown single-quoted. */
const NEEDS_QUOTES = /[^A-Za-z0-9_./:=,@%+-]/;

/** `btrfs replace start -r 2 /dev/sdd /mnt2/tank` — copyable into a shell, as the argv ran (no shell was used). */
export function formatArgv(argv: readonly string[] | null): string {
  if (!argv || argv.length === 0) return '';
  return argv.map((a) => (a === '' ? "''" : NEEDS_QUOTES.test(a) ? `'${a.replaceAll("'", `'\\''`)}'` : a)).join(' ');
}

const OUTCOME_TAG: Record<AuditOutcome, string> = { ok: 'tag-info', started: 'tag-muted', failed: 'tag-critical', refused: 'tag-warning', cancelled: 'tag-muted' };

export const OUTCOME_TEXT: Record<AuditOutcome, { label: string; tag: string }> = Object.fromEntries(
  (Object.keys(OUTCOME_TAG) as AuditOutcome[]).map((o) => [o, { label: AUTH_TEXT.audit.outcome[o], tag: OUTCOME_TAG[o] }]),
) as Record<AuditOutcome, { label: string; tag: string }>;

/** `auth.login` → "log in", `pool.remount-degraded-rw` → the action's name; unknown actions are shown as they are. */
export function describeAction(action: string): string {
  const known = AUTH_TEXT.audit.action[action];
  if (known) return known;
  const kind = /^(?:pool|job)\.(.+)$/.exec(action)?.[1];
  return kind && kind in JOB_KIND_TEXT ? JOB_KIND_TEXT[kind as JobKind] : action;
}

/** A refused login says why in its details; other entries have none worth a column. */
export function refusalReason(details: unknown): string | null {
  if (details && typeof details === 'object' && 'reason' in details && typeof details.reason === 'string') {
    return AUTH_TEXT.audit.refusal[details.reason] ?? details.reason;
  }
  return null;
}
