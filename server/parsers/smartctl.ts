/**
 * smartctl output → the SMART model of contracts/smart.ts.
 *
 * - `parseSmartctlJson`: smartmontools 7.x `-j` output (`-x`, `-a`, and partial forms like `-A` or
 *   `--info --health --attributes`), ATA / NVMe / SCSI kept apart, plus the error-only and
 *   `--scan` outputs as a typed "unavailable" result.
 * - `parseSmartctlText`: the plain-text report, for hosts whose smartctl predates `-j` (< 7.0) or
 *   captures taken without it. Identity, verdict and the key health facts; not every table.
 * - `parseScterc`: the text of `smartctl -l scterc[,r,w] <dev>` (the JSON form is `ata_sct_erc`).
 *
 * A non-zero smartctl exit status is data (a bit mask), never a reason to throw. Input that is not
 * smartctl output at all throws ParseError (kind `smartctl`, or `scterc`).
 */
import { z } from 'zod';
import {
  SmartReport,
  type AtaAttribute,
  type NvmeCriticalWarningBits,
  type NvmeHealth,
  type ScsiErrorCounter,
  type ScsiHealth,
  type SmartConnection,
  type SmartDevice,
  type SmartErc,
  type SmartIdentity,
  type SmartSelfTestEntry,
  type SmartSelfTestKind,
  type SmartSelfTestSupport,
  type SmartUnavailable,
  type SmartUnavailableReason,
  type SmartctlExitBits,
} from '../../contracts/smart.ts';
import { ParseError, numberedLines } from './parse-error.ts';

const KIND = 'smartctl';
const SCTERC_KIND = 'scterc';

// ---- exit status ------------------------------------------------------------------------------

/** Splits smartctl's exit status into its documented bits (smartctl(8), RETURN VALUES). */
export function decodeSmartctlExit(status: number): SmartctlExitBits {
  const bit = (n: number) => (status & (1 << n)) !== 0;
  return {
    commandLineError: bit(0),
    openFailed: bit(1),
    smartCommandFailed: bit(2),
    diskFailing: bit(3),
    prefailBelowThreshold: bit(4),
    attributesBelowThresholdPast: bit(5),
    errorLog: bit(6),
    selfTestErrors: bit(7),
  };
}

function exitFields(status: number | null | undefined): { exitStatus: number | null; exit: SmartctlExitBits | null } {
  if (status === null || status === undefined || !Number.isInteger(status) || status < 0 || status > 255) {
    return { exitStatus: null, exit: null };
  }
  return { exitStatus: status, exit: decodeSmartctlExit(status) };
}

// ---- shared helpers -----------------------------------------------------------------------------

const USB_BRIDGE_TYPES = /^(usb|snt)/;
const RAID_CONTROLLER_TYPES = /(megaraid|areca|3ware|hpt|cciss|aacraid|sssraid|jmb39x)/;

function connectionOf(type: string | null): SmartConnection {
  if (!type) return 'direct';
  if (RAID_CONTROLLER_TYPES.test(type)) return 'raid-controller';
  if (USB_BRIDGE_TYPES.test(type)) return 'usb-bridge';
  return 'direct';
}

function device(name: string | null, infoName: string | null, type: string | null, protocol: string | null): SmartDevice {
  return { name, infoName, type, protocol, connection: connectionOf(type) };
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** NAA-5 WWN parts → smartctl's grouping (`5.000c50.0499602d2`) and lsblk's one number. */
function wwnFromParts(naa: number, oui: number, id: number): { wwn: string; wwnHex: string } {
  const parts = [hex(naa, 1), hex(oui, 6), hex(id, 9)];
  return { wwn: parts.join('.'), wwnHex: `0x${parts.join('')}` };
}

/** A SCSI logical unit id (`0x5000cca253066624`) → the same two forms, when it is an NAA-5 name. */
function wwnFromLogicalUnitId(lu: string | null): { wwn: string | null; wwnHex: string | null } {
  if (!lu) return { wwn: null, wwnHex: null };
  const digits = lu.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(digits)) return { wwn: null, wwnHex: null };
  if (digits.length === 16 && digits.startsWith('5')) {
    return { wwn: `${digits.slice(0, 1)}.${digits.slice(1, 7)}.${digits.slice(7)}`, wwnHex: `0x${digits}` };
  }
  return { wwn: null, wwnHex: `0x${digits}` };
}

/** A sensor that reads 0 °C is one smartctl could not read (it prints "<not available>" as text). */
function temperatureOrNull(t: number | null | undefined): number | null {
  if (t === null || t === undefined || t === 0) return null;
  return Math.round(t);
}

function selfTestKindOf(type: string): SmartSelfTestKind {
  const t = type.toLowerCase();
  if (t.includes('conveyance')) return 'conveyance';
  if (t.includes('selective')) return 'selective';
  if (t.includes('short')) return 'short';
  if (t.includes('extended') || t.includes('long')) return 'extended';
  return 'other';
}

/** ATA self-test status byte: upper nibble = outcome (ACS-3, SMART self-test log / execution status). */
function ataSelfTestPassed(statusByte: number): boolean | null {
  const outcome = statusByte >> 4;
  if (outcome === 0) return true;
  if (outcome >= 3 && outcome <= 8) return false;
  // 1 aborted by host, 2 interrupted by reset, 15 still running, others reserved.
  return null;
}

/** For text outputs, where only the status words survive. */
function selfTestPassedFromWords(status: string): boolean | null {
  const s = status.toLowerCase();
  if (/in progress|aborted|interrupted/.test(s)) return null;
  if (/without error/.test(s) || s === 'completed') return true;
  if (/fail|error|damage|unknown/.test(s)) return false;
  return null;
}

const NO_SELF_TEST_SUPPORT: SmartSelfTestSupport = {
  short: null,
  extended: null,
  conveyance: null,
  shortMinutes: null,
  extendedMinutes: null,
  conveyanceMinutes: null,
};

function decodeNvmeCriticalWarning(v: number): NvmeCriticalWarningBits {
  return {
    spareBelowThreshold: (v & 0x01) !== 0,
    temperature: (v & 0x02) !== 0,
    reliabilityDegraded: (v & 0x04) !== 0,
    readOnly: (v & 0x08) !== 0,
    volatileBackupFailed: (v & 0x10) !== 0,
    persistentMemoryUnreliable: (v & 0x20) !== 0,
  };
}

const FLAG_BITS = {
  prefailure: 0x01,
  updatedOnline: 0x02,
  performance: 0x04,
  errorRate: 0x08,
  eventCount: 0x10,
  autoKeep: 0x20,
} as const;

function attributeFlags(value: number): AtaAttribute['flags'] {
  return {
    value,
    prefailure: (value & FLAG_BITS.prefailure) !== 0,
    updatedOnline: (value & FLAG_BITS.updatedOnline) !== 0,
    performance: (value & FLAG_BITS.performance) !== 0,
    errorRate: (value & FLAG_BITS.errorRate) !== 0,
    eventCount: (value & FLAG_BITS.eventCount) !== 0,
    autoKeep: (value & FLAG_BITS.autoKeep) !== 0,
  };
}

/** Known failure texts, shared by the JSON `messages` and the text output. Order matters: first match wins. */
const FAILURE_PATTERNS: { re: RegExp; reason: SmartUnavailableReason }[] = [
  { re: /open device: .* failed: Permission denied/i, reason: 'permission-denied' },
  { re: /Permission denied/i, reason: 'permission-denied' },
  { re: /open device: .* failed/i, reason: 'open-failed' },
  { re: /Unable to detect device type|Unknown USB bridge|Unsupported USB bridge/i, reason: 'unsupported-device' },
  { re: /Read Device Identity failed|Identify Controller failed|A mandatory SMART command failed|INQUIRY failed/i, reason: 'identify-failed' },
  { re: /Device is in (STANDBY|SLEEP|IDLE[_A-Z]*) mode/i, reason: 'standby' },
  { re: /UNRECOGNIZED OPTION|requires a device name|Invalid argument to -d|unknown device type|Please specify device type/i, reason: 'command-line-error' },
];

function classifyFailure(messages: string[], bits: SmartctlExitBits | null, deviceOpened: boolean): SmartUnavailableReason {
  for (const { re, reason } of FAILURE_PATTERNS) {
    if (messages.some((m) => re.test(m))) return reason;
  }
  if (bits?.openFailed) return deviceOpened ? 'identify-failed' : 'open-failed';
  if (bits?.commandLineError) return 'command-line-error';
  return 'unknown';
}

function unavailable(
  reason: SmartUnavailableReason,
  rest: Partial<Omit<SmartUnavailable, 'protocol' | 'reason'>>,
): SmartUnavailable {
  return {
    protocol: 'unavailable',
    reason,
    messages: rest.messages ?? [],
    smartctlVersion: rest.smartctlVersion ?? null,
    exitStatus: rest.exitStatus ?? null,
    exit: rest.exit ?? null,
    device: rest.device ?? null,
    scannedDevices: rest.scannedDevices ?? [],
  };
}

/** Every result leaves through the contract: a mapping slip here is a bug to surface, not to ship. */
function checked(report: SmartReport, kind: string): SmartReport {
  const result = SmartReport.safeParse(report);
  if (!result.success) {
    throw new ParseError(kind, `internal model check failed: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

// ---- JSON input (only the parts we read; unknown keys are dropped) -----------------------------

const num = z.number();
const str = z.string();
/** NVMe counters are 128-bit; smartctl may print the ones beyond 2^64 as strings. */
const bigCount = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const valueString = z.object({ value: num, string: str.optional() });

const JsonDevice = z.object({
  name: str.optional(),
  info_name: str.optional(),
  type: str.optional(),
  protocol: str.optional(),
});

const JsonAtaAttribute = z.object({
  id: num.int(),
  name: str,
  value: num,
  worst: num,
  thresh: num.optional(),
  when_failed: str.optional(),
  flags: z.object({ value: num }),
  raw: z.object({ value: num, string: str }),
});

const JsonAtaSelfTestEntry = z.object({
  type: valueString,
  status: z.object({ value: num, string: str.optional(), remaining_percent: num.optional(), passed: z.boolean().optional() }),
  lifetime_hours: num.optional(),
  lba: num.optional(),
});
const JsonAtaSelfTestLog = z.object({ table: z.array(JsonAtaSelfTestEntry).optional(), count: num.optional() });

const JsonScsiCounter = z.object({
  total_errors_corrected: num.optional(),
  total_uncorrected_errors: num.optional(),
  gigabytes_processed: z.union([str, num]).optional(),
});

const JsonScsiSelfTest = z.object({
  code: valueString,
  result: valueString,
  power_on_time: z.object({ hours: num.optional() }).optional(),
  lba_first_failure: z.object({ value: num }).optional(),
  self_test_in_progress: z.boolean().optional(),
});

const JsonSmartctl = z.object({
  json_format_version: z.array(num).optional(),
  smartctl: z
    .object({
      version: z.array(num).optional(),
      argv: z.array(str).optional(),
      messages: z.array(z.object({ string: str, severity: str.optional() })).optional(),
      exit_status: num.int().optional(),
    })
    .optional(),
  device: JsonDevice.optional(),
  devices: z.array(JsonDevice).optional(),
  model_name: str.optional(),
  scsi_model_name: str.optional(),
  model_family: str.optional(),
  vendor: str.optional(),
  product: str.optional(),
  scsi_vendor: str.optional(),
  scsi_product: str.optional(),
  serial_number: str.optional(),
  firmware_version: str.optional(),
  revision: str.optional(),
  scsi_revision: str.optional(),
  wwn: z.object({ naa: num, oui: num, id: num }).optional(),
  logical_unit_id: str.optional(),
  user_capacity: z.object({ bytes: num.optional() }).optional(),
  nvme_total_capacity: num.optional(),
  nvme_namespaces: z.array(z.object({ eui64: z.object({ oui: num, ext_id: num }).optional() })).optional(),
  rotation_rate: num.optional(),
  smart_support: z.object({ available: z.boolean().optional(), enabled: z.boolean().optional() }).optional(),
  smart_status: z.object({ passed: z.boolean().optional() }).optional(),
  temperature: z.object({ current: num.optional(), drive_trip: num.optional() }).optional(),
  power_on_time: z.object({ hours: num.optional() }).optional(),
  power_cycle_count: num.optional(),
  ata_smart_attributes: z.object({ table: z.array(JsonAtaAttribute) }).optional(),
  ata_smart_data: z
    .object({
      self_test: z
        .object({
          status: z.object({ value: num, string: str.optional(), remaining_percent: num.optional() }).optional(),
          polling_minutes: z.object({ short: num.optional(), extended: num.optional(), conveyance: num.optional() }).optional(),
        })
        .optional(),
      capabilities: z
        .object({ self_tests_supported: z.boolean().optional(), conveyance_self_test_supported: z.boolean().optional() })
        .optional(),
    })
    .optional(),
  ata_smart_error_log: z
    .object({ summary: z.object({ count: num.optional() }).optional(), extended: z.object({ count: num.optional() }).optional() })
    .optional(),
  ata_smart_self_test_log: z.object({ standard: JsonAtaSelfTestLog.optional(), extended: JsonAtaSelfTestLog.optional() }).optional(),
  ata_sct_capabilities: z.object({ error_recovery_control_supported: z.boolean().optional() }).optional(),
  ata_sct_erc: z
    .object({
      read: z.object({ enabled: z.boolean(), deciseconds: num.optional() }),
      write: z.object({ enabled: z.boolean(), deciseconds: num.optional() }),
    })
    .optional(),
  nvme_smart_health_information_log: z
    .object({
      critical_warning: num.optional(),
      temperature: num.optional(),
      available_spare: num.optional(),
      available_spare_threshold: num.optional(),
      percentage_used: num.optional(),
      data_units_read: bigCount.optional(),
      data_units_written: bigCount.optional(),
      power_cycles: bigCount.optional(),
      power_on_hours: bigCount.optional(),
      unsafe_shutdowns: bigCount.optional(),
      media_errors: bigCount.optional(),
      num_err_log_entries: bigCount.optional(),
      warning_temp_time: num.optional(),
      critical_comp_time: num.optional(),
    })
    .optional(),
  nvme_self_test_log: z
    .object({
      current_self_test_operation: valueString.optional(),
      current_self_test_completion_percent: num.optional(),
      table: z
        .array(
          z.object({
            self_test_code: valueString,
            self_test_result: valueString,
            power_on_hours: num.optional(),
            lba: num.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  scsi_grown_defect_list: num.optional(),
  scsi_error_counter_log: z
    .object({ read: JsonScsiCounter.optional(), write: JsonScsiCounter.optional(), verify: JsonScsiCounter.optional() })
    .optional(),
  scsi_percentage_used_endurance_indicator: num.optional(),
});
type JsonSmartctl = z.infer<typeof JsonSmartctl>;

function jsonParseError(text: string, err: unknown): ParseError {
  const message = err instanceof Error ? err.message : String(err);
  const position = /position (\d+)/.exec(message);
  if (position?.[1]) {
    const offset = Number(position[1]);
    const lineNumber = text.slice(0, offset).split('\n').length;
    return new ParseError(KIND, `not valid JSON: ${message}`, lineNumber, text.split('\n')[lineNumber - 1] ?? '');
  }
  return new ParseError(KIND, `not valid JSON: ${message}`, 1, text.split('\n')[0] ?? '');
}

/**
 * Parses `smartctl -j …` output. `exitCode` is the process exit status, used only when the JSON
 * lacks `smartctl.exit_status` (some captures were trimmed).
 */
export function parseSmartctlJson(text: string, exitCode?: number): SmartReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw jsonParseError(text, err);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ParseError(KIND, 'expected a JSON object from smartctl -j', 1, text.split('\n')[0] ?? '');
  }
  const looksLikeSmartctl = 'smartctl' in raw || 'json_format_version' in raw || 'device' in raw;
  if (!looksLikeSmartctl) {
    throw new ParseError(KIND, 'JSON object has none of smartctl, json_format_version or device: not smartctl -j output', 1, text.split('\n')[0] ?? '');
  }
  const parsed = JsonSmartctl.safeParse(raw);
  if (!parsed.success) {
    throw new ParseError(KIND, `unexpected smartctl JSON shape: ${z.prettifyError(parsed.error)}`);
  }
  return checked(fromJson(parsed.data, raw as Record<string, unknown>, exitCode), KIND);
}

function fromJson(j: JsonSmartctl, raw: Record<string, unknown>, exitCode: number | undefined): SmartReport {
  const messages = (j.smartctl?.messages ?? []).map((m) => m.string);
  const smartctlVersion = j.smartctl?.version ? j.smartctl.version.join('.') : null;
  const { exitStatus, exit } = exitFields(j.smartctl?.exit_status ?? exitCode);
  const dev = j.device
    ? device(j.device.name ?? null, j.device.info_name ?? null, j.device.type ?? null, j.device.protocol ?? null)
    : null;

  // A scan that found nothing has no `devices` key at all: recognise it by its argv.
  const isScan = j.devices !== undefined || (j.smartctl?.argv ?? []).some((a) => a === '--scan' || a === '--scan-open');
  if (isScan) {
    return unavailable('scan', {
      messages,
      smartctlVersion,
      exitStatus,
      exit,
      scannedDevices: (j.devices ?? []).map((d) => device(d.name ?? null, d.info_name ?? null, d.type ?? null, d.protocol ?? null)),
    });
  }

  const hasIdentity = Boolean(j.model_name ?? j.scsi_model_name ?? j.serial_number ?? j.product ?? j.scsi_product);
  const hasHealthData = [
    j.smart_status,
    j.ata_smart_attributes,
    j.nvme_smart_health_information_log,
    j.scsi_error_counter_log,
    j.scsi_grown_defect_list,
  ].some((x) => x !== undefined);
  if (!dev || (!hasIdentity && !hasHealthData)) {
    return unavailable(classifyFailure(messages, exit, dev !== null), { messages, smartctlVersion, exitStatus, exit, device: dev });
  }

  const protocol = (dev.protocol ?? '').toLowerCase();
  const base = {
    smartctlVersion,
    exitStatus,
    exit,
    messages,
    device: dev,
    identity: jsonIdentity(j),
    smartSupport: { available: j.smart_support?.available ?? null, enabled: j.smart_support?.enabled ?? null },
    passed: j.smart_status?.passed ?? null,
    temperatureCelsius: temperatureOrNull(j.temperature?.current),
    powerOnHours: j.power_on_time?.hours ?? null,
    powerCycleCount: j.power_cycle_count ?? null,
  };

  if (protocol === 'ata') {
    const log = j.ata_smart_self_test_log;
    const table = log?.extended?.table ?? log?.standard?.table ?? [];
    const running = j.ata_smart_data?.self_test?.status;
    const polling = j.ata_smart_data?.self_test?.polling_minutes;
    const caps = j.ata_smart_data?.capabilities;
    return {
      protocol: 'ata',
      ...base,
      errorLogCount: j.ata_smart_error_log?.extended?.count ?? j.ata_smart_error_log?.summary?.count ?? null,
      selfTests: table.map((e) => ({
        kind: selfTestKindOf(e.type.string ?? ''),
        type: e.type.string ?? `type ${e.type.value}`,
        status: e.status.string ?? `status ${e.status.value}`,
        passed: ataSelfTestPassed(e.status.value),
        lifetimeHours: e.lifetime_hours ?? null,
        remainingPercent: e.status.remaining_percent ?? null,
        firstErrorLba: e.lba ?? null,
      })),
      selfTestInProgress:
        running && running.value >> 4 === 0xf
          ? {
              kind: null,
              // ATA counts what is left, in tenths: (status & 0x0f) * 10.
              percentDone: 100 - (running.remaining_percent ?? (running.value & 0x0f) * 10),
              status: running.string ?? null,
            }
          : null,
      selfTestSupport: {
        short: caps?.self_tests_supported ?? null,
        extended: caps?.self_tests_supported ?? null,
        conveyance: caps?.conveyance_self_test_supported ?? null,
        shortMinutes: polling?.short ?? null,
        extendedMinutes: polling?.extended ?? null,
        conveyanceMinutes: polling?.conveyance ?? null,
      },
      attributes: (j.ata_smart_attributes?.table ?? []).map(jsonAttribute),
      erc: jsonErc(j),
    };
  }

  if (protocol === 'nvme') {
    const h = j.nvme_smart_health_information_log;
    const st = j.nvme_self_test_log;
    const op = st?.current_self_test_operation;
    const health: NvmeHealth | null = h
      ? {
          criticalWarning: h.critical_warning ?? null,
          criticalWarningBits: h.critical_warning === undefined ? null : decodeNvmeCriticalWarning(h.critical_warning),
          availableSparePercent: h.available_spare ?? null,
          availableSpareThresholdPercent: h.available_spare_threshold ?? null,
          percentageUsed: h.percentage_used ?? null,
          mediaErrors: h.media_errors ?? null,
          errorLogEntries: h.num_err_log_entries ?? null,
          unsafeShutdowns: h.unsafe_shutdowns ?? null,
          powerOnHours: h.power_on_hours ?? null,
          powerCycles: h.power_cycles ?? null,
          temperatureCelsius: temperatureOrNull(h.temperature),
          dataUnitsRead: h.data_units_read ?? null,
          dataUnitsWritten: h.data_units_written ?? null,
          warningTempTimeMinutes: h.warning_temp_time ?? null,
          criticalTempTimeMinutes: h.critical_comp_time ?? null,
        }
      : null;
    const ns = j.nvme_namespaces?.[0]?.eui64;
    return {
      protocol: 'nvme',
      ...base,
      identity: { ...base.identity, eui64: ns ? `${hex(ns.oui, 6)}${hex(ns.ext_id, 10)}` : null },
      temperatureCelsius: base.temperatureCelsius ?? health?.temperatureCelsius ?? null,
      powerOnHours: base.powerOnHours ?? health?.powerOnHours ?? null,
      errorLogCount: health?.errorLogEntries ?? null,
      selfTests: (st?.table ?? []).map((e) => ({
        kind: selfTestKindOf(e.self_test_code.string ?? ''),
        type: e.self_test_code.string ?? `code ${e.self_test_code.value}`,
        status: e.self_test_result.string ?? `result ${e.self_test_result.value}`,
        passed: nvmeSelfTestPassed(e.self_test_result.value),
        lifetimeHours: e.power_on_hours ?? null,
        remainingPercent: null,
        firstErrorLba: e.lba ?? null,
      })),
      // NVMe counts what is done; the field is only emitted while a test runs.
      selfTestInProgress:
        op && op.value !== 0
          ? { kind: selfTestKindOf(op.string ?? ''), percentDone: st?.current_self_test_completion_percent ?? null, status: op.string ?? null }
          : null,
      selfTestSupport: st ? { ...NO_SELF_TEST_SUPPORT, short: true, extended: true, conveyance: false } : NO_SELF_TEST_SUPPORT,
      health,
    };
  }

  if (protocol === 'scsi') {
    // The numbered keys are not in the schema (zod drops unknown keys), so read them from the raw object.
    const entries = Object.entries(raw)
      .map(([k, v]) => ({ m: /^scsi_self_test_(\d+)$/.exec(k), v }))
      .filter((x): x is { m: RegExpExecArray; v: unknown } => x.m !== null)
      .sort((a, b) => Number(a.m[1]) - Number(b.m[1]))
      .map(({ m, v }) => {
        const e = JsonScsiSelfTest.safeParse(v);
        if (!e.success) throw new ParseError(KIND, `unexpected shape of ${m[0]}: ${z.prettifyError(e.error)}`);
        return e.data;
      });
    const first = entries[0];
    const c = j.scsi_error_counter_log;
    return {
      protocol: 'scsi',
      ...base,
      errorLogCount: null,
      selfTests: entries.map((e) => ({
        kind: selfTestKindOf(e.code.string ?? ''),
        type: e.code.string ?? `code ${e.code.value}`,
        status: e.result.string ?? `result ${e.result.value}`,
        passed: scsiSelfTestPassed(e.result.value),
        lifetimeHours: e.power_on_time?.hours ?? null,
        remainingPercent: null,
        firstErrorLba: e.lba_first_failure?.value ?? null,
      })),
      selfTestInProgress:
        first && (first.self_test_in_progress === true || first.result.value === 0xf)
          ? { kind: selfTestKindOf(first.code.string ?? ''), percentDone: null, status: first.result.string ?? null }
          : null,
      selfTestSupport: NO_SELF_TEST_SUPPORT,
      scsi: {
        grownDefects: j.scsi_grown_defect_list ?? null,
        errorCounters: { read: jsonScsiCounter(c?.read), write: jsonScsiCounter(c?.write), verify: jsonScsiCounter(c?.verify) },
        percentageUsedEndurance: j.scsi_percentage_used_endurance_indicator ?? null,
        driveTripCelsius: temperatureOrNull(j.temperature?.drive_trip),
        nonMediumErrors: null,
      },
    };
  }

  throw new ParseError(KIND, `unknown device protocol ${JSON.stringify(dev.protocol)} (expected ATA, NVMe or SCSI)`);
}

function jsonIdentity(j: JsonSmartctl): SmartIdentity {
  const vendorProduct = [j.vendor ?? j.scsi_vendor, j.product ?? j.scsi_product].filter(Boolean).join(' ');
  const wwn = j.wwn ? wwnFromParts(j.wwn.naa, j.wwn.oui, j.wwn.id) : wwnFromLogicalUnitId(j.logical_unit_id ?? null);
  return {
    model: j.model_name ?? j.scsi_model_name ?? (vendorProduct || null),
    family: j.model_family ?? null,
    serial: j.serial_number ?? null,
    wwn: wwn.wwn,
    wwnHex: wwn.wwnHex,
    eui64: null,
    firmware: j.firmware_version ?? j.revision ?? j.scsi_revision ?? null,
    capacityBytes: j.user_capacity?.bytes ?? j.nvme_total_capacity ?? null,
    rotationRateRpm: j.rotation_rate ?? null,
  };
}

function jsonAttribute(a: z.infer<typeof JsonAtaAttribute>): AtaAttribute {
  const wf = a.when_failed ?? '';
  if (wf !== '' && wf !== 'now' && wf !== 'past') {
    throw new ParseError(KIND, `attribute ${a.id} has unknown when_failed ${JSON.stringify(wf)}`);
  }
  return {
    id: a.id,
    name: a.name,
    value: a.value,
    worst: a.worst,
    thresh: a.thresh ?? null,
    whenFailed: wf,
    flags: attributeFlags(a.flags.value),
    raw: { value: a.raw.value, string: a.raw.string },
  };
}

function jsonErc(j: JsonSmartctl): SmartErc | null {
  if (j.ata_sct_erc) {
    const t = (x: { enabled: boolean; deciseconds?: number | undefined }) => ({
      enabled: x.enabled,
      deciseconds: x.enabled ? (x.deciseconds ?? null) : null,
    });
    return { state: 'supported', read: t(j.ata_sct_erc.read), write: t(j.ata_sct_erc.write) };
  }
  if (j.ata_sct_capabilities?.error_recovery_control_supported === false) return { state: 'unsupported' };
  return null;
}

function jsonScsiCounter(c: z.infer<typeof JsonScsiCounter> | undefined): ScsiErrorCounter | null {
  if (!c || c.total_uncorrected_errors === undefined) return null;
  const gb = c.gigabytes_processed === undefined ? null : Number(String(c.gigabytes_processed).replace(',', '.'));
  return {
    correctedTotal: c.total_errors_corrected ?? null,
    uncorrected: c.total_uncorrected_errors,
    gigabytesProcessed: gb !== null && Number.isFinite(gb) ? gb : null,
  };
}

/** NVMe self-test result nibble (NVMe base spec, Device Self-test log). */
function nvmeSelfTestPassed(result: number): boolean | null {
  if (result === 0) return true;
  if (result >= 5 && result <= 7) return false;
  return null; // 1-4, 8, 9: aborted for a reason outside the drive
}

/** SCSI self-test result (SPC, self-test results log page). */
function scsiSelfTestPassed(result: number): boolean | null {
  if (result === 0) return true;
  if (result >= 3 && result <= 7) return false;
  return null; // 1, 2 aborted; 15 running
}

// ---- text output ------------------------------------------------------------------------------

type Line = { n: number; text: string };

const BANNER = /^smartctl (\S+) \d{4}-\d{2}-\d{2}/;
const SCAN_LINE = /^(\S+) -d (\S+) # (\S+?),? (.*)$/;
const TYPE_PROBE = /^(\S+)(?: \[(\w+)\])?: Device of type '([^']+)' \[(\w+)\] opened$/;

/** `key: value` lines; smartctl pads keys with spaces, some captures collapse the padding. */
function keyValues(lines: Line[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { text } of lines) {
    const m = /^([A-Za-z][^:]*?)\s*:\s*(.*?)\s*$/.exec(text);
    if (m?.[1] && m[2] !== undefined && !out.has(m[1])) out.set(m[1], m[2]);
  }
  return out;
}

/** "4,000,787,030,016 bytes [4.00 TB]", "12 000 138 625 024 bytes", "3,441" → the integer, whatever the locale's separator. */
function localeInt(s: string | undefined): number | null {
  if (s === undefined) return null;
  const head = s.split(/\[|bytes/)[0] ?? '';
  const digits = head.replace(/[^0-9]/g, '');
  return digits ? Number(digits) : null;
}

function leadingInt(s: string | undefined): number | null {
  const m = s === undefined ? null : /^\s*(\d+)/.exec(s);
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * Parses the plain-text report of `smartctl -a/-x/-H/-i …` (any smartmontools 6.x/7.x). Failed
 * invocations, `--scan` lists and `-d test` probes come back as `protocol: 'unavailable'`.
 */
export function parseSmartctlText(text: string, exitCode?: number): SmartReport {
  const lines = numberedLines(text);
  const bannerAt = lines.findIndex((l) => BANNER.test(l.text));
  const { exitStatus, exit } = exitFields(exitCode);
  const body = bannerAt >= 0 ? lines.slice(bannerAt + 1) : lines;
  const version = bannerAt >= 0 ? (BANNER.exec(lines[bannerAt]?.text ?? '')?.[1] ?? null) : null;
  const meaningful = body.filter((l) => l.text.trim() !== '' && !/^Copyright \(C\)/.test(l.text));

  if (meaningful.length > 0 && meaningful.every((l) => SCAN_LINE.test(l.text))) {
    return checked(
      unavailable('scan', {
        smartctlVersion: version,
        exitStatus,
        exit,
        scannedDevices: meaningful.map((l) => {
          const m = SCAN_LINE.exec(l.text);
          // "# /dev/sda, SCSI device": the word before "device" is the protocol.
          return device(m?.[1] ?? null, m?.[3] ?? null, m?.[2] ?? null, /^(\S+) device/.exec(m?.[4] ?? '')?.[1] ?? null);
        }),
      }),
      KIND,
    );
  }
  if (bannerAt < 0) {
    throw new ParseError(KIND, 'no "smartctl <version> <date>" banner: not smartctl output', 1, lines[0]?.text ?? '');
  }

  const hasSection = body.some((l) => /^=== START OF /.test(l.text));
  if (!hasSection) {
    const messages = meaningful.map((l) => l.text.trim());
    const probe = meaningful
      .map((l) => TYPE_PROBE.exec(l.text))
      .filter((m): m is RegExpExecArray => m !== null)
      .pop();
    if (probe) {
      const dev = device(probe[1] ?? null, probe[2] ? `${probe[1]} [${probe[2]}]` : (probe[1] ?? null), probe[3] ?? null, probe[4] ?? null);
      return checked(unavailable('type-probe', { messages, smartctlVersion: version, exitStatus, exit, device: dev }), KIND);
    }
    if (messages.length === 0 && exitStatus === null) {
      throw new ParseError(KIND, 'smartctl banner but nothing after it', lines[bannerAt]?.n, lines[bannerAt]?.text);
    }
    return checked(unavailable(classifyFailure(messages, exit, false), { messages, smartctlVersion: version, exitStatus, exit }), KIND);
  }

  return checked(textReport(body, version, exitStatus, exit), KIND);
}

function textReport(body: Line[], smartctlVersion: string | null, exitStatus: number | null, exit: SmartctlExitBits | null): SmartReport {
  const kv = keyValues(body);
  const has = (re: RegExp) => body.some((l) => re.test(l.text));
  const isNvme = kv.has('Model Number') || has(/^SMART\/Health Information \(NVMe/);
  const isScsi = !isNvme && (kv.has('Vendor') || kv.has('Product') || has(/^SMART Health Status:/));
  const isAta = !isNvme && !isScsi && (kv.has('Device Model') || has(/^SMART overall-health self-assessment/));
  if (!isNvme && !isScsi && !isAta) {
    const at = body.find((l) => /^=== START OF /.test(l.text));
    throw new ParseError(KIND, 'report has no ATA, NVMe or SCSI identity or health section', at?.n, at?.text);
  }

  const verdictLine = kv.get('SMART overall-health self-assessment test result') ?? kv.get('SMART Health Status');
  const passed = verdictLine === undefined ? null : /^(PASSED|OK)\b/.test(verdictLine);
  const supportValues = body.filter((l) => /^SMART support is:/.test(l.text)).map((l) => l.text);
  const smartSupport = {
    available: supportValues.some((s) => /Available/.test(s)) ? true : supportValues.some((s) => /Unavailable/.test(s)) ? false : null,
    enabled: supportValues.some((s) => /Enabled/.test(s)) ? true : supportValues.some((s) => /Disabled/.test(s)) ? false : null,
  };
  const rotation = kv.get('Rotation Rate');
  const identityBase = {
    family: kv.get('Model Family') ?? null,
    serial: kv.get('Serial Number') ?? kv.get('Serial number') ?? null,
    eui64: null,
    firmware: kv.get('Firmware Version') ?? kv.get('Revision') ?? null,
    capacityBytes: localeInt(kv.get('User Capacity') ?? kv.get('Total NVM Capacity')),
    rotationRateRpm: rotation === undefined ? null : /Solid State/i.test(rotation) ? 0 : leadingInt(rotation),
  };
  const messages = body
    .filter((l) => /^(Warning|WARNING|Error|ERROR)[:!]|^Read .* failed|^SMART Status not supported/.test(l.text))
    .map((l) => l.text.trim());
  const common = { smartctlVersion, exitStatus, exit, messages, device: null, smartSupport, passed };

  if (isAta) {
    const attributes = textAtaAttributes(body);
    const attr = (id: number) => attributes.find((a) => a.id === id);
    const lu = /^([0-9a-f]) ([0-9a-f]{6}) ([0-9a-f]{9})$/i.exec(kv.get('LU WWN Device Id') ?? '');
    const wwn = lu ? wwnFromParts(parseInt(lu[1] ?? '', 16), parseInt(lu[2] ?? '', 16), parseInt(lu[3] ?? '', 16)) : null;
    const execStatus = body.findIndex((l) => /^Self-test execution status:\s*\(\s*(\d+)\)/.test(l.text));
    const statusByte = execStatus >= 0 ? Number(/\(\s*(\d+)\)/.exec(body[execStatus]?.text ?? '')?.[1]) : null;
    const errorCount = /^ATA Error Count:\s*(\d+)/;
    const errLine = body.find((l) => errorCount.test(l.text));
    const sctTemp = leadingInt(kv.get('Current Temperature'));
    const poll = (re: RegExp) => {
      const at = body.findIndex((l) => re.test(l.text));
      return at >= 0 ? leadingInt(/\(\s*(\d+)\)\s*minutes/.exec(`${body[at]?.text ?? ''} ${body[at + 1]?.text ?? ''}`)?.[1]) : null;
    };
    const offered = (re: RegExp) => (has(re) ? true : null);
    return {
      protocol: 'ata',
      ...common,
      identity: { ...identityBase, model: kv.get('Device Model') ?? null, wwn: wwn?.wwn ?? null, wwnHex: wwn?.wwnHex ?? null },
      temperatureCelsius: temperatureOrNull(leadingInt(attr(194)?.raw.string) ?? leadingInt(attr(190)?.raw.string) ?? sctTemp),
      powerOnHours: leadingInt(attr(9)?.raw.string),
      powerCycleCount: leadingInt(attr(12)?.raw.string),
      errorLogCount: errLine ? Number(errorCount.exec(errLine.text)?.[1]) : has(/^No Errors Logged/) ? 0 : null,
      selfTests: textAtaSelfTests(body),
      selfTestInProgress:
        statusByte !== null && statusByte >> 4 === 0xf
          ? { kind: null, percentDone: 100 - (statusByte & 0x0f) * 10, status: 'Self-test routine in progress' }
          : null,
      selfTestSupport: {
        short: has(/^\s+Self-test supported\./) ? true : has(/No Self-test supported/) ? false : null,
        extended: has(/^\s+Self-test supported\./) ? true : has(/No Self-test supported/) ? false : null,
        conveyance: has(/No Conveyance Self-test supported/) ? false : offered(/^\s+Conveyance Self-test supported/),
        shortMinutes: poll(/^Short self-test routine/),
        extendedMinutes: poll(/^Extended self-test routine/),
        conveyanceMinutes: poll(/^Conveyance self-test routine/),
      },
      attributes,
      erc: textErc(body),
    };
  }

  if (isNvme) {
    const countOf = (k: string) => localeInt(kv.get(k));
    const cw = kv.get('Critical Warning');
    const criticalWarning = cw !== undefined && /^0x[0-9a-f]+$/i.test(cw) ? parseInt(cw, 16) : null;
    const health: NvmeHealth | null = has(/^SMART\/Health Information/)
      ? {
          criticalWarning,
          criticalWarningBits: criticalWarning === null ? null : decodeNvmeCriticalWarning(criticalWarning),
          availableSparePercent: countOf('Available Spare'),
          availableSpareThresholdPercent: countOf('Available Spare Threshold'),
          percentageUsed: countOf('Percentage Used'),
          mediaErrors: countOf('Media and Data Integrity Errors'),
          errorLogEntries: countOf('Error Information Log Entries'),
          unsafeShutdowns: countOf('Unsafe Shutdowns'),
          powerOnHours: countOf('Power On Hours'),
          powerCycles: countOf('Power Cycles'),
          temperatureCelsius: temperatureOrNull(leadingInt(kv.get('Temperature'))),
          dataUnitsRead: countOf('Data Units Read'),
          dataUnitsWritten: countOf('Data Units Written'),
          warningTempTimeMinutes: countOf('Warning  Comp. Temperature Time'),
          criticalTempTimeMinutes: countOf('Critical Comp. Temperature Time'),
        }
      : null;
    const running = /^(.*self-test) in progress \((\d+)% completed\)/i.exec(kv.get('Self-test status') ?? '');
    const eui = /^([0-9a-f]{6}) ([0-9a-f]{10})$/i.exec(kv.get('Namespace 1 IEEE EUI-64') ?? '');
    const noTests = has(/^Self-tests not supported/);
    const adminCommands = [...kv.entries()].find(([k]) => k.startsWith('Optional Admin Commands'))?.[1];
    const testsOffered = noTests ? false : adminCommands !== undefined ? /Self_Test/.test(adminCommands) : null;
    return {
      protocol: 'nvme',
      ...common,
      identity: {
        ...identityBase,
        model: kv.get('Model Number') ?? null,
        wwn: null,
        wwnHex: null,
        eui64: eui ? `${eui[1]}${eui[2]}`.toLowerCase() : null,
      },
      temperatureCelsius: health?.temperatureCelsius ?? null,
      powerOnHours: health?.powerOnHours ?? null,
      powerCycleCount: health?.powerCycles ?? null,
      errorLogCount: health?.errorLogEntries ?? null,
      selfTests: textNvmeSelfTests(body),
      selfTestInProgress: running
        ? { kind: selfTestKindOf(running[1] ?? ''), percentDone: Number(running[2]), status: `${running[1]} in progress` }
        : null,
      selfTestSupport: { ...NO_SELF_TEST_SUPPORT, short: testsOffered, extended: testsOffered, conveyance: testsOffered === null ? null : false },
      health,
    };
  }

  // SCSI
  const vendor = kv.get('Vendor');
  const product = kv.get('Product');
  const lu = wwnFromLogicalUnitId(kv.get('Logical Unit id') ?? null);
  const remaining = /(\d+)% of test remaining/.exec(kv.get('Self-test execution status') ?? '');
  const selfTests = textScsiSelfTests(body);
  const running = selfTests[0]?.status.toLowerCase().includes('in progress') ? selfTests[0] : undefined;
  const powerOn =
    /hours:minutes (\d+):\d+/.exec(body.find((l) => /Accumulated power on time, hours:minutes/.test(l.text))?.text ?? '')?.[1] ??
    /= ([\d.]+)/.exec(kv.get('number of hours powered up') ?? '')?.[1];
  const temperature = leadingInt(kv.get('Current Drive Temperature')) ?? leadingInt(/= (\d+)/.exec(body.find((l) => /^Current temperature =/.test(l.text))?.text ?? '')?.[1]);
  return {
    protocol: 'scsi',
    ...common,
    identity: { ...identityBase, model: [vendor, product].filter(Boolean).join(' ') || null, wwn: lu.wwn, wwnHex: lu.wwnHex },
    temperatureCelsius: temperatureOrNull(temperature),
    powerOnHours: powerOn === undefined ? null : Math.floor(Number(powerOn)),
    powerCycleCount: null,
    errorLogCount: null,
    selfTests,
    selfTestInProgress:
      remaining || running
        ? { kind: running ? running.kind : null, percentDone: remaining ? 100 - Number(remaining[1]) : null, status: running?.status ?? null }
        : null,
    selfTestSupport: NO_SELF_TEST_SUPPORT,
    scsi: textScsiHealth(body, kv),
  };
}

const ATA_ATTRIBUTE_ROW =
  /^\s*(\d{1,3})\s+(\S+)\s+0x([0-9a-f]{4})\s+(\d+)\s+(\d+)\s+(\d+|---)\s+(Pre-fail|Old_age)\s+(Always|Offline)\s+(-|FAILING_NOW|In_the_past)\s+(.*?)\s*$/;

function textAtaAttributes(body: Line[]): AtaAttribute[] {
  const header = body.findIndex((l) => /^ID#\s+ATTRIBUTE_NAME\s+FLAG/.test(l.text));
  if (header < 0) return [];
  const out: AtaAttribute[] = [];
  for (const line of body.slice(header + 1)) {
    if (line.text.trim() === '' || /^\s+\|/.test(line.text)) break; // blank line or the `-x` legend ends the table
    const m = ATA_ATTRIBUTE_ROW.exec(line.text);
    if (!m) throw new ParseError(KIND, 'unrecognised row in the SMART attribute table', line.n, line.text);
    const rawString = m[10] ?? '';
    out.push({
      id: Number(m[1]),
      name: m[2] ?? '',
      value: Number(m[4]),
      worst: Number(m[5]),
      thresh: m[6] === '---' ? null : Number(m[6]),
      whenFailed: m[9] === 'FAILING_NOW' ? 'now' : m[9] === 'In_the_past' ? 'past' : '',
      flags: attributeFlags(parseInt(m[3] ?? '0', 16)),
      raw: { value: leadingInt(rawString) ?? 0, string: rawString },
    });
  }
  return out;
}

/** The rows under `header` up to the first blank line; a row `row` does not match is a ParseError. */
function tableRows(body: Line[], header: RegExp, row: RegExp, what: string): RegExpExecArray[] {
  const at = body.findIndex((l) => header.test(l.text));
  if (at < 0) return [];
  const out: RegExpExecArray[] = [];
  for (const line of body.slice(at + 1)) {
    if (line.text.trim() === '') break;
    if (/^\s+Description\s/.test(line.text)) continue; // second header line of the SCSI log
    const m = row.exec(line.text);
    if (!m) throw new ParseError(KIND, `unrecognised row in the ${what}`, line.n, line.text);
    out.push(m);
  }
  return out;
}

function textAtaSelfTests(body: Line[]): SmartSelfTestEntry[] {
  const header = /^Num\s+Test_Description\s+Status\s+Remaining\s+LifeTime/;
  const row = /^#\s*(\d+)\s+(\S.*?)\s{2,}(\S.*?)\s+(\d+)%\s+(\d+)\s+(\S+)\s*$/;
  return tableRows(body, header, row, 'ATA self-test log').map((m) => ({
    kind: selfTestKindOf(m[2] ?? ''),
    type: m[2] ?? '',
    status: m[3] ?? '',
    passed: selfTestPassedFromWords(m[3] ?? ''),
    lifetimeHours: Number(m[5]),
    remainingPercent: Number(m[4]),
    firstErrorLba: m[6] === '-' ? null : leadingInt(m[6]),
  }));
}

function textNvmeSelfTests(body: Line[]): SmartSelfTestEntry[] {
  const header = /^Num\s+Test_Description\s+Status\s+Power_on_Hours/;
  const row = /^\s*(\d+)\s+(\S.*?)\s{2,}(\S.*?)\s{2,}(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/;
  return tableRows(body, header, row, 'NVMe self-test log').map((m) => ({
    kind: selfTestKindOf(m[2] ?? ''),
    type: m[2] ?? '',
    status: m[3] ?? '',
    passed: selfTestPassedFromWords(m[3] ?? ''),
    lifetimeHours: Number(m[4]),
    remainingPercent: null,
    firstErrorLba: m[5] === '-' ? null : leadingInt(m[5]),
  }));
}

function textScsiSelfTests(body: Line[]): SmartSelfTestEntry[] {
  const header = /^Num\s+Test\s+Status\s+segment/;
  const row = /^#\s*(\d+)\s+(\S.*?)\s{2,}(\S.*?)\s{2,}(\S+)\s+(\d+|NOW)\s+(\S+)\s+\[.*\]\s*$/;
  return tableRows(body, header, row, 'SCSI self-test log').map((m) => ({
    kind: selfTestKindOf(m[2] ?? ''),
    type: m[2] ?? '',
    status: m[3] ?? '',
    passed: selfTestPassedFromWords(m[3] ?? ''),
    lifetimeHours: m[5] === 'NOW' ? null : Number(m[5]),
    remainingPercent: null,
    firstErrorLba: m[6] === '-' ? null : leadingInt(m[6]),
  }));
}

function textScsiHealth(body: Line[], kv: Map<string, string>): ScsiHealth {
  const counter = (name: string): ScsiErrorCounter | null => {
    const re = new RegExp(`^${name}:\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.,]+)\\s+(\\d+)\\s*$`);
    const m = body.map((l) => re.exec(l.text)).find((x) => x !== null);
    if (!m) return null;
    // Gigabytes are printed with the locale's decimal mark ("38280,029").
    const gb = Number((m[6] ?? '').replace(',', '.'));
    return { correctedTotal: Number(m[4]), uncorrected: Number(m[7]), gigabytesProcessed: Number.isFinite(gb) ? gb : null };
  };
  const endurance = /^Percentage used endurance indicator:\s*(\d+)%/;
  return {
    grownDefects: leadingInt(kv.get('Elements in grown defect list')),
    errorCounters: { read: counter('read'), write: counter('write'), verify: counter('verify') },
    percentageUsedEndurance: leadingInt(endurance.exec(body.find((l) => endurance.test(l.text))?.text ?? '')?.[1]),
    driveTripCelsius: temperatureOrNull(leadingInt(kv.get('Drive Trip Temperature'))),
    nonMediumErrors: leadingInt(kv.get('Non-medium error count')),
  };
}

// ---- SCT Error Recovery Control (text) ---------------------------------------------------------

const ERC_HEADER = /^SCT Error Recovery Control( set to)?:/;
const ERC_TIMER = /^\s+(Read|Write):\s+(?:(Disabled)|(\d+) \([\d.,]+ seconds\))\s*$/;

/** Reads ERC from report lines; null when the output has no ERC statement. */
function textErc(body: Line[]): SmartErc | null {
  if (body.some((l) => /^SCT Error Recovery Control command not supported/.test(l.text))) return { state: 'unsupported' };
  const failed = body.filter((l) => /^SCT \((Get|Set)\) Error Recovery Control command failed/.test(l.text));
  // After a successful set, smartctl prints the new values under "set to:"; prefer the last block.
  const headers = body.map((l, i) => (ERC_HEADER.test(l.text) ? i : -1)).filter((i) => i >= 0);
  const at = headers.pop();
  if (at !== undefined) {
    const timers: Partial<Record<'read' | 'write', { enabled: boolean; deciseconds: number | null }>> = {};
    for (const line of body.slice(at + 1, at + 3)) {
      const m = ERC_TIMER.exec(line.text);
      if (!m) throw new ParseError(SCTERC_KIND, 'expected a "Read:" or "Write:" ERC timer line', line.n, line.text);
      const key = m[1] === 'Read' ? 'read' : 'write';
      timers[key] = m[2] ? { enabled: false, deciseconds: null } : { enabled: true, deciseconds: Number(m[3]) };
    }
    if (!timers.read || !timers.write) {
      const line = body[at];
      throw new ParseError(SCTERC_KIND, 'ERC block without both Read and Write timers', line?.n, line?.text);
    }
    return { state: 'supported', read: timers.read, write: timers.write };
  }
  if (failed.length > 0) return { state: 'failed', messages: failed.map((l) => l.text.trim()) };
  return null;
}

/**
 * Parses the text of `smartctl -l scterc <dev>` (or `-l scterc,R,W`, or with `-H -i` added). One
 * invocation's output: split concatenated captures first.
 */
export function parseScterc(text: string, exitCode?: number): SmartErc {
  const lines = numberedLines(text);
  const bannerAt = lines.findIndex((l) => BANNER.test(l.text));
  if (bannerAt < 0) {
    throw new ParseError(SCTERC_KIND, 'no "smartctl <version> <date>" banner: not smartctl output', 1, lines[0]?.text ?? '');
  }
  const body = lines.slice(bannerAt + 1);
  const erc = textErc(body);
  if (erc) return erc;
  const messages = body.map((l) => l.text.trim()).filter((t) => t !== '' && !/^Copyright \(C\)/.test(t));
  const { exit } = exitFields(exitCode);
  const reason = classifyFailure(messages, exit, false);
  if (reason === 'unknown' && exit === null) {
    const line = body.find((l) => l.text.trim() !== '') ?? lines[bannerAt];
    throw new ParseError(SCTERC_KIND, 'no SCT Error Recovery Control statement in the output', line?.n, line?.text);
  }
  return { state: 'unavailable', reason, messages };
}
