/**
 * One disk's SMART report → passed / warning / failing / unknown, with the reasons.
 *
 * Pure: no I/O, no clock. The thresholds below lean on Backblaze's published drive statistics
 * (quarterly "Drive Stats" data and the 2016 post "What SMART Stats Tell Us About Hard Drives"):
 * of the hundreds of SMART attributes, raw values 5, 187, 188, 197 and 198 are the ones whose
 * being non-zero marks a drive as far more likely to fail (most failed drives had at least one
 * non-zero; only a few percent of working ones did). So any non-zero count is a warning, and a
 * count large enough to show an ongoing defect rather than a one-off is critical. The annualised
 * failure rates quoted per constant are the bucketed figures Scrutiny derived from that data set.
 * Given an earlier read's counters, the reasons also say which of them rose (smart-trend.ts).
 */
import type {
  AtaAttribute,
  SmartAssessment,
  SmartAtaReport,
  SmartDiskReport,
  SmartNvmeReport,
  SmartReason,
  SmartReasonCode,
  SmartReport,
  SmartScsiReport,
} from '../../contracts/smart.ts';
import { attributeRawCount } from './smart-counters.ts';
import { smartTrend, type SmartTrendBaseline } from './smart-trend.ts';

export { attributeRawCount };

/** 100+ remapped sectors: ~36–57 % annualised failure in the Backblaze-derived buckets (70–1100), vs ~2.5 % with none. */
export const REALLOCATED_SECTORS_CRITICAL = 100;
/** 10+ errors the drive could not correct and returned to the host: already ~38–53 % annualised failure at 6–20, vs ~3 % with none. */
export const REPORTED_UNCORRECTABLE_CRITICAL = 10;
/** Sectors unreadable right now (10+ is ~61–96 % annualised failure, 6–40); a few may still clear when rewritten, e.g. by a scrub repair. */
export const PENDING_SECTORS_CRITICAL = 10;
/** Unreadable sectors found by the drive's own offline scan; usually mirrors 197, so the same bar. */
export const OFFLINE_UNCORRECTABLE_CRITICAL = 10;
/**
 * Command timeouts (188) stay a warning at any count: cables, power and controllers cause them as
 * often as the disk does, and the Backblaze-derived rate even at 100+ timeouts is ~10 %.
 */
export const COMMAND_TIMEOUT_CRITICAL: number | null = null;
/** SCSI grown defects are the counterpart of ATA reallocated sectors: same bar. */
export const SCSI_GROWN_DEFECTS_CRITICAL = REALLOCATED_SECTORS_CRITICAL;
/** SCSI uncorrected read/write/verify errors are the counterpart of ATA 187: same bar. */
export const SCSI_UNCORRECTED_ERRORS_CRITICAL = REPORTED_UNCORRECTABLE_CRITICAL;
/** At 90 % of rated endurance it is time to order the replacement. */
export const NVME_PERCENTAGE_USED_WARNING = 90;
/** At 100 % the vendor's endurance rating is used up; the spec lets the drive exceed it, but warranty and margin are gone. */
export const NVME_PERCENTAGE_USED_CRITICAL = 100;
/** Most 3.5" HDD datasheets allow 60 °C operating; 55 leaves room before the limit. */
export const HDD_TEMPERATURE_WARNING_CELSIUS = 55;
/** At the datasheet operating limit. */
export const HDD_TEMPERATURE_CRITICAL_CELSIUS = 60;
/** SATA/NVMe SSDs are typically rated to 70 °C and begin throttling around there. */
export const SSD_TEMPERATURE_WARNING_CELSIUS = 70;
/** Past common NVMe critical-composite thresholds (80–85 °C), where controllers cut speed hard or shut down. */
export const SSD_TEMPERATURE_CRITICAL_CELSIUS = 80;

type Rule = { id: number; code: SmartReasonCode; criticalAt: number | null; what: (n: number) => string };

/** The ATA attributes the Backblaze analysis singles out, by ID (names vary by vendor, IDs do not). */
const CRITICAL_ATTRIBUTES: Rule[] = [
  { id: 5, code: 'reallocated-sectors', criticalAt: REALLOCATED_SECTORS_CRITICAL, what: (n) => `${n} sector${n === 1 ? ' has' : 's have'} been remapped to spares` },
  { id: 187, code: 'reported-uncorrectable', criticalAt: REPORTED_UNCORRECTABLE_CRITICAL, what: (n) => `${n} read error${n === 1 ? '' : 's'} could not be corrected by the drive` },
  { id: 188, code: 'command-timeout', criticalAt: COMMAND_TIMEOUT_CRITICAL, what: (n) => `${n} command${n === 1 ? '' : 's'} timed out (check cable and power too)` },
  { id: 197, code: 'pending-sectors', criticalAt: PENDING_SECTORS_CRITICAL, what: (n) => `${n} sector${n === 1 ? ' is' : 's are'} unreadable and waiting to be remapped` },
  { id: 198, code: 'offline-uncorrectable', criticalAt: OFFLINE_UNCORRECTABLE_CRITICAL, what: (n) => `the offline scan found ${n} unreadable sector${n === 1 ? '' : 's'}` },
];

function attributeLabel(a: AtaAttribute): string {
  return `${a.name} (ID ${a.id})`;
}

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

export interface AssessSmartOptions {
  /** The same disk's key counters from an earlier read: rises since then become `attribute-rising` reasons. */
  previous?: SmartTrendBaseline | null;
}

export function assessSmart(report: SmartReport, opts: AssessSmartOptions = {}): SmartAssessment {
  if (report.protocol === 'unavailable') {
    const why =
      report.reason === 'scan'
        ? 'this output is a device scan, not a disk report'
        : report.reason === 'type-probe'
          ? 'this output is a device-type probe, not a disk report'
          : `smartctl could not read the disk (${report.reason.replace(/-/g, ' ')})`;
    const detail = report.messages[0] ? `: ${report.messages[0]}` : '';
    return { status: 'unknown', reasons: [{ code: 'smart-unavailable', severity: 'warning', message: `No SMART data: ${why}${detail}.` }] };
  }

  const reasons: SmartReason[] = [];
  const add = (code: SmartReasonCode, severity: SmartReason['severity'], message: string) => reasons.push({ code, severity, message });

  if (report.passed === false || (report.passed === null && report.exit?.diskFailing)) {
    add('smart-verdict-failed', 'critical', report.passed === false
      ? 'The drive\'s own overall health self-assessment is FAILED.'
      : 'smartctl\'s exit status says the disk is failing (its health check failed).');
  }

  if (report.protocol === 'ata') assessAta(report, add);
  if (report.protocol === 'nvme') assessNvme(report, add);
  if (report.protocol === 'scsi') assessScsi(report, add);
  assessSelfTests(report, add);
  assessTemperature(report, add);
  for (const r of smartTrend(opts.previous ?? null, report)) add(r.code, r.severity, r.message);

  if (report.passed === null) {
    const noSmart = report.smartSupport.available === false || !hasHealthData(report);
    add('smart-unavailable', 'warning', noSmart
      ? 'SMART is not available on this device: smartctl returned no health data (virtual disk, RAID volume or a bridge that hides it).'
      : 'This output carries no overall health verdict (smartctl was run without -H); the judgement below rests on the other data.');
  }

  reasons.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const judged = reasons.filter((r) => r.code !== 'smart-unavailable');
  const status = judged.some((r) => r.severity === 'critical')
    ? 'failing'
    : judged.length > 0
      ? 'warning'
      : report.passed === true
        ? 'passed'
        : 'unknown';
  return { status, reasons };
}

type Add = (code: SmartReasonCode, severity: SmartReason['severity'], message: string) => void;

function hasHealthData(report: SmartDiskReport): boolean {
  if (report.protocol === 'ata') return report.attributes.length > 0;
  if (report.protocol === 'nvme') return report.health !== null;
  const s = report.scsi;
  return s.grownDefects !== null || s.errorCounters.read !== null || s.errorCounters.write !== null || s.percentageUsedEndurance !== null;
}

function assessAta(report: SmartAtaReport, add: Add): void {
  const failingNow = report.attributes.filter((a) => a.whenFailed === 'now');
  for (const a of failingNow) {
    add('attribute-failing-now', 'critical', `${attributeLabel(a)} is at ${a.value}, at or below its failure threshold of ${a.thresh ?? '?'} (raw ${a.raw.string}).`);
  }
  if (failingNow.length === 0 && report.exit?.prefailBelowThreshold) {
    add('attribute-failing-now', 'critical', 'smartctl\'s exit status says a pre-fail attribute is at or below its threshold now.');
  }
  const failedPast = report.attributes.filter((a) => a.whenFailed === 'past');
  for (const a of failedPast) {
    add('attribute-failed-past', 'warning', `${attributeLabel(a)} dropped to ${a.worst} at its worst, at or below its threshold of ${a.thresh ?? '?'}; it is at ${a.value} now.`);
  }
  if (failedPast.length === 0 && report.exit?.attributesBelowThresholdPast) {
    add('attribute-failed-past', 'warning', 'smartctl\'s exit status says an attribute was at or below its threshold in the past.');
  }

  for (const rule of CRITICAL_ATTRIBUTES) {
    const a = report.attributes.find((x) => x.id === rule.id);
    if (!a) continue;
    const n = attributeRawCount(a);
    if (n <= 0) continue;
    const critical = rule.criticalAt !== null && n >= rule.criticalAt;
    const bar = rule.criticalAt === null ? 'any non-zero count is worth watching' : critical ? `${rule.criticalAt} or more is treated as failing` : `any non-zero count raises the failure risk; ${rule.criticalAt} or more is treated as failing`;
    add(rule.code, critical ? 'critical' : 'warning', `${attributeLabel(a)} raw value ${n}: ${rule.what(n)}; ${bar}.`);
  }

  if (report.errorLogCount !== null && report.errorLogCount > 0) {
    add('error-log-entries', 'warning', `The drive's SMART error log counts ${report.errorLogCount} ATA error${report.errorLogCount === 1 ? '' : 's'} over its lifetime.`);
  } else if (report.errorLogCount === null && report.exit?.errorLog) {
    add('error-log-entries', 'warning', 'smartctl\'s exit status says the drive\'s error log has entries.');
  }
}

function assessNvme(report: SmartNvmeReport, add: Add): void {
  const h = report.health;
  if (!h) return;
  const bits = h.criticalWarningBits;
  if (bits && h.criticalWarning) {
    const named: [boolean, string][] = [
      [bits.spareBelowThreshold, 'spare capacity below threshold'],
      [bits.temperature, 'temperature outside its limits'],
      [bits.reliabilityDegraded, 'reliability degraded by media or internal errors'],
      [bits.readOnly, 'media placed in read-only mode'],
      [bits.volatileBackupFailed, 'volatile memory backup (power-loss protection) failed'],
      [bits.persistentMemoryUnreliable, 'persistent memory region unreliable'],
    ];
    const on = named.filter(([set]) => set).map(([, text]) => text);
    const hex = `0x${h.criticalWarning.toString(16).padStart(2, '0')}`;
    // Any bit is failing, as Scrutiny and TrueNAS treat it: the controller itself says the drive cannot be trusted.
    add('nvme-critical-warning', 'critical', `NVMe critical warning ${hex}: ${on.length > 0 ? on.join('; ') : 'reserved bits set'}.`);
  }
  if (h.availableSparePercent !== null && h.availableSpareThresholdPercent !== null && h.availableSparePercent < h.availableSpareThresholdPercent) {
    add('nvme-spare-below-threshold', 'critical', `Available spare is ${h.availableSparePercent}%, below the vendor threshold of ${h.availableSpareThresholdPercent}%.`);
  }
  if (h.percentageUsed !== null && h.percentageUsed >= NVME_PERCENTAGE_USED_WARNING) {
    const critical = h.percentageUsed >= NVME_PERCENTAGE_USED_CRITICAL;
    add('nvme-percentage-used', critical ? 'critical' : 'warning', `Percentage used is ${h.percentageUsed}%: ${critical ? 'the rated endurance is used up' : 'the SSD is close to its rated endurance'}.`);
  }
  if (h.mediaErrors !== null && h.mediaErrors > 0) {
    // Any: each is data the SSD could not return intact (Scrutiny and TrueNAS call it failing too).
    add('nvme-media-errors', 'critical', `${h.mediaErrors} media and data integrity error${h.mediaErrors === 1 ? '' : 's'}: data the SSD could not return intact; any is treated as failing.`);
  }
  // The NVMe error information log is left out on purpose: it counts every command the controller
  // rejected (often harmless probes by tools), and smartctl itself does not flag it.
}

function assessScsi(report: SmartScsiReport, add: Add): void {
  const s = report.scsi;
  if (s.grownDefects !== null && s.grownDefects > 0) {
    const critical = s.grownDefects >= SCSI_GROWN_DEFECTS_CRITICAL;
    add('scsi-grown-defects', critical ? 'critical' : 'warning', `The grown defect list has ${s.grownDefects} entr${s.grownDefects === 1 ? 'y' : 'ies'} (blocks reassigned since manufacture); ${SCSI_GROWN_DEFECTS_CRITICAL} or more is treated as failing.`);
  }
  const parts = (['read', 'write', 'verify'] as const)
    .map((k) => [k, s.errorCounters[k]?.uncorrected ?? 0] as const)
    .filter(([, n]) => n > 0);
  const total = parts.reduce((sum, [, n]) => sum + n, 0);
  if (total > 0) {
    const critical = total >= SCSI_UNCORRECTED_ERRORS_CRITICAL;
    add('scsi-uncorrected-errors', critical ? 'critical' : 'warning', `Uncorrected errors in the error counter log: ${parts.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  }
}

/**
 * A failed self-test counts until a later extended test passes (the rule smartctl applies to its
 * exit bit 7): a short test reads too little of the disk to clear an earlier read failure.
 */
function assessSelfTests(report: SmartDiskReport, add: Add): void {
  const failed = [];
  for (const t of report.selfTests) {
    if (t.kind === 'extended' && t.passed === true) break;
    if (t.passed === false) failed.push(t);
  }
  const latest = failed[0];
  if (latest) {
    const at = latest.lifetimeHours !== null ? ` at ${latest.lifetimeHours} power-on hours` : '';
    const lba = latest.firstErrorLba !== null ? `, first error at LBA ${latest.firstErrorLba}` : '';
    const more = failed.length > 1 ? ` (${failed.length} failed tests since the last passing extended test)` : '';
    add('self-test-failed', 'critical', `${latest.type} self-test: "${latest.status}"${at}${lba}${more}.`);
  } else if (report.selfTests.length === 0 && report.exit?.selfTestErrors) {
    add('self-test-failed', 'critical', 'smartctl\'s exit status says the self-test log records a failed test.');
  }
}

function assessTemperature(report: SmartDiskReport, add: Add): void {
  const t = report.temperatureCelsius;
  if (t === null) return;
  const solidState = report.protocol === 'nvme' || report.identity.rotationRateRpm === 0;
  const [warnAt, critAt] = solidState
    ? [SSD_TEMPERATURE_WARNING_CELSIUS, SSD_TEMPERATURE_CRITICAL_CELSIUS]
    : [HDD_TEMPERATURE_WARNING_CELSIUS, HDD_TEMPERATURE_CRITICAL_CELSIUS];
  const trip = report.protocol === 'scsi' ? report.scsi.driveTripCelsius : null;
  if (trip !== null && t >= trip) {
    add('temperature-high', 'critical', `Temperature ${t} °C has reached the drive's own trip point of ${trip} °C.`);
  } else if (t >= critAt) {
    add('temperature-high', 'critical', `Temperature ${t} °C is at or above ${critAt} °C, the operating limit for ${solidState ? 'SSDs' : 'hard disks'}.`);
  } else if (t >= warnAt) {
    add('temperature-high', 'warning', `Temperature ${t} °C is at or above ${warnAt} °C; ${solidState ? 'SSDs' : 'hard disks'} are typically rated to ${critAt} °C.`);
  }
}
