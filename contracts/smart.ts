/**
 * S.M.A.R.T. contract: the per-disk SMART model (what `smartctl` reported, normalised) and the
 * failure assessment, as the API sends them and the UI reads them. The parser in
 * server/parsers/smartctl.ts produces exactly these shapes. Depends on zod only.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const nullableCount = count.nullable();

/** Why a smartctl invocation produced no disk report. */
export const SMART_UNAVAILABLE_REASONS = [
  /** smartctl could not open the device node (gone, busy, Windows access error…). */
  'open-failed',
  /** The open failed with EACCES: smartctl was not run as root. */
  'permission-denied',
  /** The device opened but did not answer IDENTIFY (e.g. `-d sat` forced on a loop device). */
  'identify-failed',
  /** smartctl does not know how to talk to it (loop devices, unknown USB bridges). */
  'unsupported-device',
  /** `--nocheck=standby` skipped a sleeping disk rather than spin it up. */
  'standby',
  /** The output is a `--scan`/`--scan-open` device list, not a disk report. */
  'scan',
  /** The output is a `-d test` device-type probe, not a disk report. */
  'type-probe',
  /** smartctl rejected its command line (exit bit 0) for another reason. */
  'command-line-error',
  'unknown',
] as const;
export const SmartUnavailableReason = z.enum(SMART_UNAVAILABLE_REASONS);
export type SmartUnavailableReason = z.infer<typeof SmartUnavailableReason>;

/** smartctl's exit status, bit by bit (see smartctl(8), "RETURN VALUES"). */
export const SmartctlExitBits = z.object({
  /** bit 0: command line did not parse (also: device type could not be detected). */
  commandLineError: z.boolean(),
  /** bit 1: device open failed, IDENTIFY failed, or the disk was in a low-power mode. */
  openFailed: z.boolean(),
  /** bit 2: some SMART or other ATA/NVMe/SCSI command failed, or a checksum error. */
  smartCommandFailed: z.boolean(),
  /** bit 3: the health status says DISK FAILING. */
  diskFailing: z.boolean(),
  /** bit 4: prefail attributes at or below their threshold now. */
  prefailBelowThreshold: z.boolean(),
  /** bit 5: attributes were at or below their threshold in the past. */
  attributesBelowThresholdPast: z.boolean(),
  /** bit 6: the device error log has records. */
  errorLog: z.boolean(),
  /** bit 7: the self-test log has records of errors. */
  selfTestErrors: z.boolean(),
});
export type SmartctlExitBits = z.infer<typeof SmartctlExitBits>;

export const SMART_CONNECTIONS = ['direct', 'usb-bridge', 'raid-controller'] as const;
/** How the disk is reached: matters for smartd `-d` options and for what the bridge lets through. */
export const SmartConnection = z.enum(SMART_CONNECTIONS);
export type SmartConnection = z.infer<typeof SmartConnection>;

/** smartctl's `device` block. `type` is usable as the `-d` argument (`sat`, `sat+megaraid,1`, `usbjmicron`, `nvme`). */
export const SmartDevice = z.object({
  name: z.string().nullable(),
  infoName: z.string().nullable(),
  type: z.string().nullable(),
  /** `ATA`, `NVMe` or `SCSI` as smartctl spells it. */
  protocol: z.string().nullable(),
  connection: SmartConnection,
});
export type SmartDevice = z.infer<typeof SmartDevice>;

export const SmartIdentity = z.object({
  model: z.string().nullable(),
  /** smartctl drive-database family (ATA only), e.g. "Western Digital Red". */
  family: z.string().nullable(),
  serial: z.string().nullable(),
  /** NAA WWN grouped as smartctl prints it, in hex: `naa.oui.id`, e.g. `5.000c50.0499602d2`. */
  wwn: z.string().nullable(),
  /** The same WWN as one hex number, the form `lsblk -o WWN` prints: `0x5000c500499602d2`. */
  wwnHex: z.string().nullable(),
  /** NVMe namespace IEEE EUI-64 as 16 hex digits (the `nvme-eui.` by-id name), else null. */
  eui64: z.string().nullable(),
  firmware: z.string().nullable(),
  capacityBytes: z.number().nonnegative().nullable(),
  /** 0 = solid state; null when not reported (NVMe never reports it). */
  rotationRateRpm: nullableCount,
});
export type SmartIdentity = z.infer<typeof SmartIdentity>;

export const SMART_SELF_TEST_KINDS = ['short', 'extended', 'conveyance', 'selective', 'other'] as const;
export const SmartSelfTestKind = z.enum(SMART_SELF_TEST_KINDS);
export type SmartSelfTestKind = z.infer<typeof SmartSelfTestKind>;

/** One self-test log entry; logs are listed newest first, as the drive keeps them. */
export const SmartSelfTestEntry = z.object({
  kind: SmartSelfTestKind,
  /** The drive's own words for the test type, e.g. "Extended offline", "Background short". */
  type: z.string(),
  /** The drive's own words for the outcome, e.g. "Completed: read failure". */
  status: z.string(),
  /** true = completed without error, false = failed, null = aborted, interrupted or running. */
  passed: z.boolean().nullable(),
  lifetimeHours: nullableCount,
  remainingPercent: z.number().int().min(0).max(100).nullable(),
  firstErrorLba: nullableCount,
});
export type SmartSelfTestEntry = z.infer<typeof SmartSelfTestEntry>;

/** A self-test running now. ATA reports percent remaining, NVMe percent done: normalised to done. */
export const SmartSelfTestProgress = z.object({
  kind: SmartSelfTestKind.nullable(),
  percentDone: z.number().int().min(0).max(100).nullable(),
  status: z.string().nullable(),
});
export type SmartSelfTestProgress = z.infer<typeof SmartSelfTestProgress>;

/** Which self-tests the disk offers and how long the drive says they take (null = not reported). */
export const SmartSelfTestSupport = z.object({
  short: z.boolean().nullable(),
  extended: z.boolean().nullable(),
  conveyance: z.boolean().nullable(),
  shortMinutes: nullableCount,
  extendedMinutes: nullableCount,
  conveyanceMinutes: nullableCount,
});
export type SmartSelfTestSupport = z.infer<typeof SmartSelfTestSupport>;

export const SmartErcTimer = z.object({
  enabled: z.boolean(),
  /** Recovery time limit in tenths of a second (70 = 7.0 s); null when disabled. */
  deciseconds: nullableCount,
});
export type SmartErcTimer = z.infer<typeof SmartErcTimer>;

/** SCT Error Recovery Control (TLER/ERC/CCTL), from `ata_sct_erc` or `smartctl -l scterc`. */
export const SmartErc = z.discriminatedUnion('state', [
  z.object({ state: z.literal('supported'), read: SmartErcTimer, write: SmartErcTimer }),
  z.object({ state: z.literal('unsupported') }),
  /** The drive claims ERC but the get/set command failed (often a USB bridge in the way). */
  z.object({ state: z.literal('failed'), messages: z.array(z.string()) }),
  /** smartctl could not reach the drive at all. */
  z.object({ state: z.literal('unavailable'), reason: SmartUnavailableReason, messages: z.array(z.string()) }),
]);
export type SmartErc = z.infer<typeof SmartErc>;

export const AtaAttributeFlags = z.object({
  /** The raw flag word, e.g. 0x0033. */
  value: count,
  prefailure: z.boolean(),
  updatedOnline: z.boolean(),
  performance: z.boolean(),
  errorRate: z.boolean(),
  eventCount: z.boolean(),
  autoKeep: z.boolean(),
});

export const AtaAttribute = z.object({
  id: z.number().int().min(1).max(255),
  name: z.string(),
  value: count,
  worst: count,
  /** Normalised failure threshold; null when the drive does not report one. */
  thresh: nullableCount,
  /** '' = never failed, 'now' = at or below threshold now, 'past' = was at some time. */
  whenFailed: z.enum(['', 'now', 'past']),
  flags: AtaAttributeFlags,
  raw: z.object({
    /** smartctl's raw 48-bit value (JSON); from text output, the leading number of `string`. */
    value: z.number().nonnegative(),
    /** The raw value formatted by smartctl, e.g. "33 (Min/Max 24/36)". */
    string: z.string(),
  }),
});
export type AtaAttribute = z.infer<typeof AtaAttribute>;

/** NVMe critical_warning, decoded (NVMe base spec, SMART / Health Information log, byte 0). */
export const NvmeCriticalWarningBits = z.object({
  spareBelowThreshold: z.boolean(),
  temperature: z.boolean(),
  reliabilityDegraded: z.boolean(),
  readOnly: z.boolean(),
  volatileBackupFailed: z.boolean(),
  persistentMemoryUnreliable: z.boolean(),
});
export type NvmeCriticalWarningBits = z.infer<typeof NvmeCriticalWarningBits>;

export const NvmeHealth = z.object({
  criticalWarning: nullableCount,
  criticalWarningBits: NvmeCriticalWarningBits.nullable(),
  availableSparePercent: nullableCount,
  availableSpareThresholdPercent: nullableCount,
  /** Vendor estimate of life used; may exceed 100. */
  percentageUsed: nullableCount,
  mediaErrors: z.number().nonnegative().nullable(),
  errorLogEntries: z.number().nonnegative().nullable(),
  unsafeShutdowns: z.number().nonnegative().nullable(),
  powerOnHours: z.number().nonnegative().nullable(),
  powerCycles: z.number().nonnegative().nullable(),
  temperatureCelsius: z.number().int().nullable(),
  /** In units of 1000 × 512 bytes, as the log counts them. */
  dataUnitsRead: z.number().nonnegative().nullable(),
  dataUnitsWritten: z.number().nonnegative().nullable(),
  warningTempTimeMinutes: nullableCount,
  criticalTempTimeMinutes: nullableCount,
});
export type NvmeHealth = z.infer<typeof NvmeHealth>;

export const ScsiErrorCounter = z.object({
  correctedTotal: z.number().nonnegative().nullable(),
  uncorrected: z.number().nonnegative(),
  gigabytesProcessed: z.number().nonnegative().nullable(),
});
export type ScsiErrorCounter = z.infer<typeof ScsiErrorCounter>;

export const ScsiHealth = z.object({
  /** Elements in the grown defect list: the SCSI counterpart of ATA reallocated sectors. */
  grownDefects: nullableCount,
  errorCounters: z.object({
    read: ScsiErrorCounter.nullable(),
    write: ScsiErrorCounter.nullable(),
    verify: ScsiErrorCounter.nullable(),
  }),
  percentageUsedEndurance: nullableCount,
  driveTripCelsius: z.number().int().nullable(),
  nonMediumErrors: nullableCount,
});
export type ScsiHealth = z.infer<typeof ScsiHealth>;

const reportBase = {
  /** e.g. "7.3"; null when the capture lost its header. */
  smartctlVersion: z.string().nullable(),
  /** The raw exit status (JSON `smartctl.exit_status`, else the process exit code), null if unknown. */
  exitStatus: z.number().int().min(0).max(255).nullable(),
  exit: SmartctlExitBits.nullable(),
  /** smartctl's own messages (warnings, errors), verbatim. */
  messages: z.array(z.string()),
  device: SmartDevice.nullable(),
  identity: SmartIdentity,
  smartSupport: z.object({ available: z.boolean().nullable(), enabled: z.boolean().nullable() }),
  /** Overall health verdict: true PASSED/OK, false FAILED, null when not reported. */
  passed: z.boolean().nullable(),
  /** Current temperature; null when not reported (a 0 °C reading is a missing sensor, not a cold disk). */
  temperatureCelsius: z.number().int().nullable(),
  powerOnHours: z.number().nonnegative().nullable(),
  powerCycleCount: z.number().nonnegative().nullable(),
  /** ATA: errors counted by the SMART error log; NVMe: error information log entries; SCSI: null. */
  errorLogCount: z.number().nonnegative().nullable(),
  selfTests: z.array(SmartSelfTestEntry),
  selfTestInProgress: SmartSelfTestProgress.nullable(),
  selfTestSupport: SmartSelfTestSupport,
};

export const SmartAtaReport = z.object({
  protocol: z.literal('ata'),
  ...reportBase,
  attributes: z.array(AtaAttribute),
  /** null when this output did not include ERC (e.g. `-a`, or the bridge refused the command). */
  erc: SmartErc.nullable(),
});
export type SmartAtaReport = z.infer<typeof SmartAtaReport>;

export const SmartNvmeReport = z.object({
  protocol: z.literal('nvme'),
  ...reportBase,
  health: NvmeHealth.nullable(),
});
export type SmartNvmeReport = z.infer<typeof SmartNvmeReport>;

export const SmartScsiReport = z.object({
  protocol: z.literal('scsi'),
  ...reportBase,
  scsi: ScsiHealth,
});
export type SmartScsiReport = z.infer<typeof SmartScsiReport>;

/** An invocation that yielded no disk report: a failed open, an unsupported device, a scan list. */
export const SmartUnavailable = z.object({
  protocol: z.literal('unavailable'),
  reason: SmartUnavailableReason,
  messages: z.array(z.string()),
  smartctlVersion: z.string().nullable(),
  exitStatus: z.number().int().min(0).max(255).nullable(),
  exit: SmartctlExitBits.nullable(),
  /** The device smartctl was talking to, when it said. */
  device: SmartDevice.nullable(),
  /** For `--scan` output: the devices found; empty otherwise. */
  scannedDevices: z.array(SmartDevice),
});
export type SmartUnavailable = z.infer<typeof SmartUnavailable>;

export const SmartReport = z.discriminatedUnion('protocol', [SmartAtaReport, SmartNvmeReport, SmartScsiReport, SmartUnavailable]);
export type SmartReport = z.infer<typeof SmartReport>;
export type SmartDiskReport = SmartAtaReport | SmartNvmeReport | SmartScsiReport;

// ---- assessment -------------------------------------------------------------------------------

export const SMART_REASON_CODES = [
  'smart-verdict-failed',
  'attribute-failing-now',
  'attribute-failed-past',
  'reallocated-sectors',
  'reported-uncorrectable',
  'command-timeout',
  'pending-sectors',
  'offline-uncorrectable',
  /** A failure-predicting counter (ATA 5/187/188/197/198, NVMe media errors, SCSI defects) is higher than at an earlier read. */
  'attribute-rising',
  'nvme-critical-warning',
  'nvme-spare-below-threshold',
  'nvme-percentage-used',
  'nvme-media-errors',
  'scsi-grown-defects',
  'scsi-uncorrected-errors',
  'self-test-failed',
  'error-log-entries',
  'temperature-high',
  'smart-unavailable',
] as const;
export const SmartReasonCode = z.enum(SMART_REASON_CODES);
export type SmartReasonCode = z.infer<typeof SmartReasonCode>;

export const SmartReasonSeverity = z.enum(['warning', 'critical']);
export type SmartReasonSeverity = z.infer<typeof SmartReasonSeverity>;

export const SmartReason = z.object({
  code: SmartReasonCode,
  severity: SmartReasonSeverity,
  message: z.string(),
});
export type SmartReason = z.infer<typeof SmartReason>;

export const SMART_STATUSES = ['passed', 'warning', 'failing', 'unknown'] as const;
export const SmartStatus = z.enum(SMART_STATUSES);
export type SmartStatus = z.infer<typeof SmartStatus>;

export const SmartAssessment = z.object({
  status: SmartStatus,
  /** Most severe first. */
  reasons: z.array(SmartReason),
});
export type SmartAssessment = z.infer<typeof SmartAssessment>;

/** What `poolwatch parse smartctl` prints and the disk's SMART endpoint sends. */
export const SmartResult = z.object({ report: SmartReport, assessment: SmartAssessment });
export type SmartResult = z.infer<typeof SmartResult>;

// ---- API: per-disk SMART state, self-tests, ERC, smartd -----------------------------------------

/**
 * A disk's SMART state as the disks page shows it. Beyond the assessment's statuses:
 * `not-available` — the device has no SMART (loop devices, some virtual disks): a fact, not a fault;
 * `error` — smartctl could not be run or could not reach a disk that should answer;
 * `not-checked` — not read yet (a sleeping disk is not woken by the periodic refresh).
 */
export const SMART_DISK_STATUSES = ['passed', 'warning', 'failing', 'unknown', 'not-available', 'error', 'not-checked'] as const;
export const SmartDiskStatus = z.enum(SMART_DISK_STATUSES);
export type SmartDiskStatus = z.infer<typeof SmartDiskStatus>;

export const SMART_DISK_STATUS_TEXT: Record<SmartDiskStatus, string> = {
  passed: 'Healthy',
  warning: 'Warning',
  failing: 'Failing',
  unknown: 'No verdict',
  'not-available': 'SMART not available',
  error: 'SMART read failed',
  'not-checked': 'Not checked yet',
};

/** Warnings about how a disk is set up, beside the health assessment. */
export const SMART_DISK_WARNING_CODES = ['erc-not-set', 'erc-unsupported'] as const;
export const SmartDiskWarningCode = z.enum(SMART_DISK_WARNING_CODES);
export type SmartDiskWarningCode = z.infer<typeof SmartDiskWarningCode>;
export const SmartDiskWarning = z.object({ code: SmartDiskWarningCode, message: z.string() });
export type SmartDiskWarning = z.infer<typeof SmartDiskWarning>;

/** Where the `-d` type used for this disk came from. */
export const SmartDeviceTypeSource = z.enum(['override', 'scan', 'auto']);
export const SmartDeviceTypeInfo = z.object({
  /** What is passed as `-d`; null = let smartctl detect it. */
  effective: z.string().nullable(),
  source: SmartDeviceTypeSource,
  /** The admin's setting (SQLite), if any. */
  override: z.string().nullable(),
  /** What `smartctl --scan-open` reported for this device path, if anything. */
  scanned: z.string().nullable(),
});
export type SmartDeviceTypeInfo = z.infer<typeof SmartDeviceTypeInfo>;

/** smartctl `-d` values: letters, digits and `+ , _ -` (`sat`, `sat+megaraid,1`, `usbjmicron,0`, `sntjmicron`). */
export const SMART_DEVICE_TYPE_PATTERN = /^[a-z][a-z0-9_+,-]{0,39}$/;
export const SmartDeviceType = z.string().regex(SMART_DEVICE_TYPE_PATTERN, 'a smartctl -d type such as sat, nvme, megaraid,1 or sntjmicron');

/** PUT /api/disks/:key/smart/device-type — null clears the override (back to the scan / auto-detection). */
export const SmartDeviceTypeRequest = z.object({ deviceType: SmartDeviceType.nullable() });
export type SmartDeviceTypeRequest = z.infer<typeof SmartDeviceTypeRequest>;

/**
 * A failing but still working pool member: replace it in place with `-r` (read from it only when
 * no other good copy exists). The UI links this to the replace flow.
 */
export const SmartReplaceAdvice = z.object({
  poolUuid: z.string(),
  poolLabel: z.string().nullable(),
  devid: z.number().int().nonnegative(),
  /** `now` when SMART says failing, `plan` on a warning. */
  urgency: z.enum(['now', 'plan']),
  mountPoint: z.string(),
  /** The pool is mounted at `mountPoint` now; otherwise it must be mounted there first. */
  mounted: z.boolean(),
  /** `btrfs replace start -r <devid> <new-device> <mnt>`; `<new-device>` is a placeholder. */
  command: z.array(z.string()),
  /** raid5/raid6: replace is discouraged there; prefer add then remove. */
  parity: z.boolean(),
  /** The member's btrfs error counters, for the admin to weigh with the SMART reasons. */
  btrfsErrors: z.object({
    write: z.number(), read: z.number(), flush: z.number(), corruption: z.number(), generation: z.number(),
  }).nullable(),
  message: z.string(),
});
export type SmartReplaceAdvice = z.infer<typeof SmartReplaceAdvice>;

/**
 * One row of SMART history: written when the assessment or a key counter changed. Status and
 * reason codes are kept as recorded: a row written by another poolwatch version may hold values
 * this one does not know, and they are shown as written, never rewritten.
 */
export const SmartHistoryEntry = z.object({
  at: z.string(),
  status: z.union([SmartStatus, z.string()]),
  reasonCodes: z.array(z.union([SmartReasonCode, z.string()])),
  /** Key counters, e.g. `ata-5` (reallocated), `ata-197` (pending), `nvme-media-errors`, `scsi-grown-defects`. */
  keyValues: z.record(z.string(), z.number()),
  temperatureCelsius: z.number().int().nullable(),
});
export type SmartHistoryEntry = z.infer<typeof SmartHistoryEntry>;

/** ERC values poolwatch set on a disk, remembered to re-apply after a power cycle. */
export const SmartErcSetting = z.object({
  readDeciseconds: z.number().int().nonnegative(),
  writeDeciseconds: z.number().int().nonnegative(),
  reapplyAtStart: z.boolean(),
  setAt: z.string(),
  setBy: z.string(),
});
export type SmartErcSetting = z.infer<typeof SmartErcSetting>;

/** GET /api/disks/:key/smart */
export const DiskSmartResponse = z.object({
  diskKey: z.string(),
  path: z.string().nullable(),
  status: SmartDiskStatus,
  /** One line for the page: the top reason, "SMART not available: …", or the error. */
  summary: z.string(),
  lastCheckedAt: z.string().nullable(),
  /** The periodic refresh found the disk asleep at this time and left it asleep. */
  skippedStandbyAt: z.string().nullable(),
  /** The `smart-self-test` job poolwatch follows on this disk now (shown with the jobs' card and words); null when none. */
  selfTestJobId: z.string().nullable(),
  report: SmartReport.nullable(),
  assessment: SmartAssessment.nullable(),
  error: z.object({ message: z.string() }).nullable(),
  deviceType: SmartDeviceTypeInfo,
  /** From the last report (ATA only; null for NVMe/SCSI or when the report did not include it). */
  erc: SmartErc.nullable(),
  ercSetting: SmartErcSetting.nullable(),
  warnings: z.array(SmartDiskWarning),
  replaceAdvice: SmartReplaceAdvice.nullable(),
  /** Newest first. */
  history: z.array(SmartHistoryEntry),
  /** Minutes between automatic refreshes (SMART reads can wake disks). */
  refreshMinutes: z.number().int().positive(),
});
export type DiskSmartResponse = z.infer<typeof DiskSmartResponse>;

/** One disk in GET /api/smart: the disks page column and the pool's members table. */
export const SmartDiskSummary = z.object({
  diskKey: z.string(),
  path: z.string().nullable(),
  status: SmartDiskStatus,
  topReason: z.string().nullable(),
  topReasonCode: SmartReasonCode.nullable(),
  temperatureCelsius: z.number().int().nullable(),
  lastCheckedAt: z.string().nullable(),
  warningCodes: z.array(SmartDiskWarningCode),
  replaceAdvised: z.boolean(),
  selfTestPercentDone: z.number().int().min(0).max(100).nullable(),
});
export type SmartDiskSummary = z.infer<typeof SmartDiskSummary>;

export const SmartSummaryResponse = z.object({ disks: z.array(SmartDiskSummary), refreshMinutes: z.number().int().positive() });
export type SmartSummaryResponse = z.infer<typeof SmartSummaryResponse>;

export const SMART_SELF_TEST_TYPES = ['short', 'long', 'conveyance'] as const;
/** POST /api/disks/:key/smart/self-test */
export const SmartSelfTestRequest = z.object({ type: z.enum(SMART_SELF_TEST_TYPES) });
export type SmartSelfTestRequest = z.infer<typeof SmartSelfTestRequest>;

/** The answer to actions that run as jobs (self-test, ERC set): follow the job for progress. */
export const SmartJobStartedResponse = z.object({ jobId: z.string(), kind: z.enum(['smart-self-test', 'smart-set-erc']) });
export type SmartJobStartedResponse = z.infer<typeof SmartJobStartedResponse>;

/** The ERC value the issue asks for: 7.0 s, below the kernel's 30 s command timeout with room for retries. */
export const ERC_RECOMMENDED_DECISECONDS = 70;

/** POST /api/disks/:key/erc — 0 disables a timer; most drives accept 6.5 s and up. */
export const SmartErcRequest = z.object({
  readDeciseconds: z.number().int().min(0).max(6000).default(ERC_RECOMMENDED_DECISECONDS),
  writeDeciseconds: z.number().int().min(0).max(6000).default(ERC_RECOMMENDED_DECISECONDS),
  /** Re-apply at every poolwatch start and when the disk reappears: many drives forget ERC on power cycle. */
  reapplyAtStart: z.boolean().default(true),
});
export type SmartErcRequest = z.infer<typeof SmartErcRequest>;

/** GET /api/disks/:key/erc — read fresh from the drive (`smartctl -l scterc`). */
export const SmartErcResponse = z.object({
  diskKey: z.string(),
  erc: SmartErc,
  setting: SmartErcSetting.nullable(),
  /** Member of a pool that survives a lost disk: the one place ERC ≈ 7 s matters. */
  redundantMember: z.boolean(),
  warnings: z.array(SmartDiskWarning),
  /** POOLWATCH_ERC_REAPPLY_AT_START is not 0: remembered settings are re-applied at start. */
  reapplyEnabled: z.boolean(),
});
export type SmartErcResponse = z.infer<typeof SmartErcResponse>;

// ---- smartd ----------------------------------------------------------------------------------

export const SMARTD_UNIT_ENABLED = ['enabled', 'disabled', 'static', 'masked', 'not-found', 'unknown'] as const;
export const SMARTD_UNIT_ACTIVE = ['active', 'inactive', 'failed', 'activating', 'deactivating', 'reloading', 'unknown'] as const;

export const SmartdStatus = z.object({
  installed: z.boolean(),
  /** e.g. "smartmontools release 7.3"; null when not installed. */
  version: z.string().nullable(),
  /** systemd is the init system and answers: enabled/active are meaningful. */
  systemd: z.boolean(),
  /** The unit systemctl was asked about (`smartd`, or `smartmontools` on Debian, where smartd is an alias). */
  unit: z.string().nullable(),
  enabled: z.enum(SMARTD_UNIT_ENABLED),
  active: z.enum(SMARTD_UNIT_ACTIVE),
  /** A smartd process is running (read from /proc, works without systemd). */
  running: z.boolean().nullable(),
  /** Why enabled/active are unknown, when they are. */
  note: z.string().nullable(),
});
export type SmartdStatus = z.infer<typeof SmartdStatus>;

export const SmartdDiffLine = z.object({ op: z.enum([' ', '+', '-']), text: z.string() });
export type SmartdDiffLine = z.infer<typeof SmartdDiffLine>;

/** A line smartd would get from poolwatch, or why a disk has none. */
export const SmartdMonitoredDisk = z.object({
  diskKey: z.string(),
  /** The stable name used in smartd.conf (`/dev/disk/by-id/…` when there is one). */
  device: z.string().nullable(),
  deviceType: z.string().nullable(),
  line: z.string().nullable(),
  /** Why the disk is left out (no SMART, never checked, …); null when it is monitored. */
  skippedBecause: z.string().nullable(),
});
export type SmartdMonitoredDisk = z.infer<typeof SmartdMonitoredDisk>;

/** One notification smartd sent through poolwatch's notify command. */
export const SmartdEvent = z.object({
  at: z.string(),
  device: z.string().nullable(),
  deviceType: z.string().nullable(),
  /** smartd's SMARTD_FAILTYPE: Health, Usage, SelfTest, ErrorCount, CurrentPendingSector, Temperature, EmailTest… */
  failType: z.string().nullable(),
  message: z.string().nullable(),
});
export type SmartdEvent = z.infer<typeof SmartdEvent>;

/** GET /api/smartd */
export const SmartdConfigResponse = z.object({
  status: SmartdStatus,
  confPath: z.string(),
  confExists: z.boolean(),
  /** The poolwatch block as it would be written (between the marker lines). */
  block: z.array(z.string()),
  /** The whole file after applying. */
  preview: z.string(),
  diff: z.array(SmartdDiffLine),
  /** Applying would change the file. */
  changed: z.boolean(),
  disks: z.array(SmartdMonitoredDisk),
  /** Things the admin should know about the rest of the file (an active DEVICESCAN line, …). */
  notes: z.array(z.string()),
  /** The command smartd runs to notify poolwatch (`-M exec`). */
  notifyCommand: z.string(),
  /** Newest first. */
  events: z.array(SmartdEvent),
});
export type SmartdConfigResponse = z.infer<typeof SmartdConfigResponse>;

/** POST /api/smartd/apply */
export const SmartdApplyRequest = z.object({ reload: z.boolean().default(false) });
export type SmartdApplyRequest = z.infer<typeof SmartdApplyRequest>;

export const SmartdApplyResponse = z.object({
  written: z.boolean(),
  /** The copy of the previous file; null when there was none or nothing changed. */
  backupPath: z.string().nullable(),
  reload: z.object({ attempted: z.boolean(), ok: z.boolean(), message: z.string() }),
  config: SmartdConfigResponse,
});
export type SmartdApplyResponse = z.infer<typeof SmartdApplyResponse>;

/** POST /api/disks/:key/smart/self-test/abort */
export const SmartAbortResponse = z.object({ message: z.string() });
export type SmartAbortResponse = z.infer<typeof SmartAbortResponse>;
