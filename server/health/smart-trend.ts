/**
 * SMART counters that rose since an earlier read. The absolute thresholds in smart-assessment.ts
 * say how bad a disk is; this says it is getting worse: a drive that keeps finding new bad sectors
 * is failing now, whatever the count. Issue 5 names the ATA attributes 5, 187, 188, 197 and 198
 * and NVMe media errors; the SCSI counterparts (grown defects, uncorrected errors) follow the
 * same reasoning.
 *
 * Pure: the caller passes the earlier counters (a stored history row) and the time they were read.
 */
import type { SmartDiskReport, SmartHistoryEntry, SmartReason, SmartReasonSeverity } from '../../contracts/smart.ts';
import { KEY_ATA_ATTRIBUTE_IDS, ataCounterKey, smartKeyCounters } from './smart-counters.ts';

/** Key counters as an earlier read left them: a history row's time and counters. */
export type SmartTrendBaseline = Pick<SmartHistoryEntry, 'at' | 'keyValues'>;

/**
 * A rise is judged against the counters of a week ago, so it stays on the page (and keeps the
 * status) for a week after it was first seen, instead of vanishing at the next read half an hour
 * later: long enough for an admin who looks weekly, short enough that an old one-off event fades
 * back to what the absolute thresholds say.
 */
export const SMART_TREND_WINDOW_HOURS = 7 * 24;

/** The newest stored counters at or before this time are the baseline for a read at `checkedAt` (ISO). */
export function trendBaselineCutoff(checkedAt: string): string {
  const t = Date.parse(checkedAt);
  if (Number.isNaN(t)) throw new RangeError(`not a time: ${checkedAt}`);
  return new Date(t - SMART_TREND_WINDOW_HOURS * 3600_000).toISOString();
}

interface TrendRule {
  key: string;
  /** What the counter is called on this drive; null when the report does not carry it. */
  label: (report: SmartDiskReport) => string | null;
  severity: SmartReasonSeverity;
  why: string;
}

const ataLabel = (id: number) => (report: SmartDiskReport): string | null => {
  if (report.protocol !== 'ata') return null;
  const a = report.attributes.find((x) => x.id === id);
  return a ? `${a.name} (ID ${a.id})` : null;
};

/**
 * Critical when the new errors are data the drive could not read or return (pending, offline
 * uncorrectable, reported uncorrectable, NVMe media errors): the defect is spreading. A rise in
 * remapped sectors or command timeouts is a warning: a remap is the drive repairing itself, and
 * timeouts are as often cable or power.
 */
const ATA_SEVERITY: Record<(typeof KEY_ATA_ATTRIBUTE_IDS)[number], { severity: SmartReasonSeverity; why: string }> = {
  5: { severity: 'warning', why: 'the drive is remapping more sectors to spares' },
  187: { severity: 'critical', why: 'the drive returned more reads it could not correct' },
  188: { severity: 'warning', why: 'more commands timed out (check cable and power too)' },
  197: { severity: 'critical', why: 'more sectors became unreadable' },
  198: { severity: 'critical', why: 'the offline scan found more unreadable sectors' },
};

const RULES: TrendRule[] = [
  ...KEY_ATA_ATTRIBUTE_IDS.map((id) => ({ key: ataCounterKey(id), label: ataLabel(id), ...ATA_SEVERITY[id] })),
  {
    key: 'nvme-media-errors',
    label: (r) => (r.protocol === 'nvme' ? 'Media and data integrity errors' : null),
    severity: 'critical',
    why: 'the SSD failed to return more data intact',
  },
  {
    key: 'scsi-grown-defects',
    label: (r) => (r.protocol === 'scsi' ? 'The grown defect list' : null),
    severity: 'warning',
    why: 'the drive reassigned more blocks',
  },
  {
    key: 'scsi-uncorrected',
    label: (r) => (r.protocol === 'scsi' ? 'Uncorrected read/write/verify errors' : null),
    severity: 'critical',
    why: 'the drive could not correct more reads or writes',
  },
];

/** `2026-11-26T12:00:00.000Z` → `2026-11-26 12:00 UTC` (the message is plain text; the UI shows it as is). */
function formatAt(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::[\d.]+)?Z$/.exec(at);
  return m ? `${m[1]} ${m[2]} UTC` : at;
}

/**
 * One `attribute-rising` reason per key counter that is higher now than in `previous`. Counters
 * the earlier read did not have (another protocol, an attribute the drive did not report) are
 * not compared; a counter that went down (pending sectors remapped) is no finding.
 */
export function smartTrend(previous: SmartTrendBaseline | null, report: SmartDiskReport): SmartReason[] {
  if (!previous) return [];
  const now = smartKeyCounters(report);
  const reasons: SmartReason[] = [];
  for (const rule of RULES) {
    const before = previous.keyValues[rule.key];
    const after = now[rule.key];
    if (before === undefined || after === undefined || after <= before) continue;
    const label = rule.label(report) ?? rule.key;
    reasons.push({
      code: 'attribute-rising',
      severity: rule.severity,
      message: `${label} rose from ${before} to ${after} since ${formatAt(previous.at)}: ${rule.why}.`,
    });
  }
  return reasons;
}
