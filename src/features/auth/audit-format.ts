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

/** Why a refusal was refused, in words, with the request it was about and the address when the entry kept them. */
export function refusalReason(details: unknown): string | null {
  if (!details || typeof details !== 'object' || !('reason' in details) || typeof details.reason !== 'string') return null;
  const why = AUTH_TEXT.audit.refusal[details.reason] ?? details.reason;
  const request = 'request' in details && typeof details.request === 'string' ? details.request : null;
  const ip = 'ip' in details && typeof details.ip === 'string' ? AUTH_TEXT.audit.from(details.ip) : null;
  return [why, request, ip].filter(Boolean).join(' · ');
}

/** "×37, last 10:42:07": an aggregated row counts every refusal of its minute. */
export function formatCount(count: number, lastAt: string | null): string {
  const last = lastAt ? new Date(lastAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : null;
  return AUTH_TEXT.audit.count(count, last);
}
