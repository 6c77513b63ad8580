import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SMART_REASON_CODES,
  SmartAssessment,
  type AtaAttribute,
  type SmartAtaReport,
  type SmartNvmeReport,
  type SmartReasonCode,
  type SmartReport,
  type SmartScsiReport,
  type SmartSelfTestEntry,
} from '../../contracts/smart.ts';
import { parseSmartctlJson, parseSmartctlText } from '../parsers/smartctl.ts';
import {
  HDD_TEMPERATURE_CRITICAL_CELSIUS,
  HDD_TEMPERATURE_WARNING_CELSIUS,
  NVME_PERCENTAGE_USED_CRITICAL,
  NVME_PERCENTAGE_USED_WARNING,
  OFFLINE_UNCORRECTABLE_CRITICAL,
  PENDING_SECTORS_CRITICAL,
  REALLOCATED_SECTORS_CRITICAL,
  REPORTED_UNCORRECTABLE_CRITICAL,
  SCSI_GROWN_DEFECTS_CRITICAL,
  SCSI_UNCORRECTED_ERRORS_CRITICAL,
  SSD_TEMPERATURE_CRITICAL_CELSIUS,
  SSD_TEMPERATURE_WARNING_CELSIUS,
  assessSmart,
  attributeRawCount,
  type AssessSmartOptions,
} from './smart-assessment.ts';

const CORPUS = new URL('../../fixtures/smartctl/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, CORPUS), 'utf8');

type WantAssessment = { status: string; reasons: string[] };
type Entry = { parser: string; assessment?: WantAssessment; split?: string; sections?: { assessment?: WantAssessment }[] };
const EXPECTED = JSON.parse(read('EXPECTED.json')) as Record<string, Entry>;

const sorted = (codes: string[]) => [...codes].sort();
const codesOf = (r: SmartReport) => sorted(assess(r).reasons.map((x) => x.code));

/** Every codes seen across all tests, to prove each closed-enum code is reachable. */
const seen = new Set<SmartReasonCode>();
function assess(r: SmartReport, opts: AssessSmartOptions = {}) {
  const a = assessSmart(r, opts);
  expect(SmartAssessment.safeParse(a).success).toBe(true);
  a.reasons.forEach((x) => seen.add(x.code));
  return a;
}

describe('assessSmart over the corpus (expected status and reasons from EXPECTED.json)', () => {
  const files = readdirSync(CORPUS).filter((f) => f !== 'SOURCES.md' && f !== 'EXPECTED.json').sort();
  const cases: [string, SmartReport, WantAssessment][] = [];
  for (const file of files) {
    const e = EXPECTED[file];
    if (!e) throw new Error(`no EXPECTED.json entry for ${file}`);
    if (e.parser === 'json' && e.assessment) cases.push([file, parseSmartctlJson(read(file)), e.assessment]);
    if (e.parser === 'text' && e.assessment) cases.push([file, parseSmartctlText(read(file)), e.assessment]);
    if (e.parser === 'text-sections') {
      const re = new RegExp(e.split ?? '^$');
      const chunks: string[][] = [];
      for (const line of read(file).split('\n')) {
        if (re.test(line)) chunks.push([]);
        chunks[chunks.length - 1]?.push(line);
      }
      chunks.forEach((c, i) => {
        const want = e.sections?.[i]?.assessment;
        if (want) cases.push([`${file} section ${i + 1}`, parseSmartctlText(c.join('\n')), want]);
      });
    }
  }

  it('judges every disk report in the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(38);
  });

  it.each(cases)('%s', (_name, report, want) => {
    const a = assess(report);
    expect({ status: a.status, reasons: sorted(a.reasons.map((r) => r.code)) }).toEqual({ status: want.status, reasons: sorted(want.reasons) });
    for (const r of a.reasons) expect(r.message.length).toBeGreaterThan(20);
  });

  it('lists the most severe reasons first', () => {
    const report = parseSmartctlJson(read('usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json'));
    const severities = assess(report).reasons.map((r) => r.severity);
    expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'critical' ? -1 : 1)));
    expect(severities[0]).toBe('critical');
  });

  it('names the attribute and its value in the message', () => {
    const report = parseSmartctlJson(read('sata-hdd-seagate-st3500418as-reallocated-304.json'));
    const reason = assess(report).reasons.find((r) => r.code === 'reallocated-sectors');
    expect(reason?.severity).toBe('critical');
    expect(reason?.message).toMatch(/Reallocated_Sector_Ct \(ID 5\)/);
    expect(reason?.message).toMatch(/304/);
  });
});

// ---- synthetic reports ------------------------------------------------------------------------

const NO_SUPPORT = { short: null, extended: null, conveyance: null, shortMinutes: null, extendedMinutes: null, conveyanceMinutes: null };
const base = {
  smartctlVersion: '7.3',
  exitStatus: 0,
  exit: null,
  messages: [],
  device: { name: '/dev/sdz', infoName: '/dev/sdz', type: 'sat', protocol: 'ATA', connection: 'direct' as const },
  identity: { model: 'TEST', family: null, serial: 'S1', wwn: null, wwnHex: null, eui64: null, firmware: null, capacityBytes: 1e12, rotationRateRpm: 7200 },
  smartSupport: { available: true, enabled: true },
  passed: true,
  temperatureCelsius: 30,
  powerOnHours: 1000,
  powerCycleCount: 10,
  errorLogCount: 0,
  selfTests: [] as SmartSelfTestEntry[],
  selfTestInProgress: null,
  selfTestSupport: NO_SUPPORT,
};

function attr(id: number, raw: number | string, over: Partial<AtaAttribute> = {}): AtaAttribute {
  const s = String(raw);
  return {
    id,
    name: `Attr_${id}`,
    value: 100,
    worst: 100,
    thresh: 10,
    whenFailed: '',
    flags: { value: 0x33, prefailure: true, updatedOnline: true, performance: false, errorRate: false, eventCount: true, autoKeep: true },
    raw: { value: typeof raw === 'number' ? raw : Number(/^\d+/.exec(s)?.[0] ?? 0), string: s },
    ...over,
  };
}

function ata(over: Partial<SmartAtaReport> = {}): SmartAtaReport {
  return { protocol: 'ata', ...base, attributes: [], erc: null, ...over };
}

function nvme(health: Partial<NonNullable<SmartNvmeReport['health']>> = {}, over: Partial<SmartNvmeReport> = {}): SmartNvmeReport {
  return {
    protocol: 'nvme',
    ...base,
    identity: { ...base.identity, rotationRateRpm: null },
    health: {
      criticalWarning: 0,
      criticalWarningBits: null,
      availableSparePercent: 100,
      availableSpareThresholdPercent: 10,
      percentageUsed: 1,
      mediaErrors: 0,
      errorLogEntries: 0,
      unsafeShutdowns: 0,
      powerOnHours: 1000,
      powerCycles: 10,
      temperatureCelsius: 30,
      dataUnitsRead: null,
      dataUnitsWritten: null,
      warningTempTimeMinutes: null,
      criticalTempTimeMinutes: null,
      ...health,
    },
    ...over,
  };
}

function scsi(s: Partial<SmartScsiReport['scsi']> = {}, over: Partial<SmartScsiReport> = {}): SmartScsiReport {
  return {
    protocol: 'scsi',
    ...base,
    errorLogCount: null,
    scsi: { grownDefects: 0, errorCounters: { read: null, write: null, verify: null }, percentageUsedEndurance: null, driveTripCelsius: null, nonMediumErrors: null, ...s },
    ...over,
  };
}

function test(kind: SmartSelfTestEntry['kind'], passed: boolean | null, status = passed ? 'Completed without error' : 'Completed: read failure'): SmartSelfTestEntry {
  return { kind, type: `${kind} offline`, status, passed, lifetimeHours: 100, remainingPercent: null, firstErrorLba: passed === false ? 42 : null };
}

const bits = (v: number) => ({
  commandLineError: (v & 1) !== 0,
  openFailed: (v & 2) !== 0,
  smartCommandFailed: (v & 4) !== 0,
  diskFailing: (v & 8) !== 0,
  prefailBelowThreshold: (v & 16) !== 0,
  attributesBelowThresholdPast: (v & 32) !== 0,
  errorLog: (v & 64) !== 0,
  selfTestErrors: (v & 128) !== 0,
});

describe('assessSmart: the five Backblaze attributes (non-zero → warning, large → critical)', () => {
  it.each([
    [5, 'reallocated-sectors', REALLOCATED_SECTORS_CRITICAL],
    [187, 'reported-uncorrectable', REPORTED_UNCORRECTABLE_CRITICAL],
    [197, 'pending-sectors', PENDING_SECTORS_CRITICAL],
    [198, 'offline-uncorrectable', OFFLINE_UNCORRECTABLE_CRITICAL],
  ] as const)('attribute %i → %s at 1 (warning) and %i (critical)', (id, code, critical) => {
    expect(assess(ata({ attributes: [attr(id, 0)] }))).toEqual({ status: 'passed', reasons: [] });
    const one = assess(ata({ attributes: [attr(id, 1)] }));
    expect(one.status).toBe('warning');
    expect(one.reasons.map((r) => [r.code, r.severity])).toEqual([[code, 'warning']]);
    expect(assess(ata({ attributes: [attr(id, critical - 1)] })).status).toBe('warning');
    const crit = assess(ata({ attributes: [attr(id, critical)] }));
    expect(crit.status).toBe('failing');
    expect(crit.reasons.map((r) => [r.code, r.severity])).toEqual([[code, 'critical']]);
  });

  it('keeps command timeouts (188) a warning at any count', () => {
    expect(assess(ata({ attributes: [attr(188, 5000)] })).reasons.map((r) => [r.code, r.severity])).toEqual([['command-timeout', 'warning']]);
  });

  it("reads Seagate's packed 188 (three 16-bit counters) as the largest counter", () => {
    expect(attributeRawCount(attr(188, '0 0 3'))).toBe(3);
    expect(attributeRawCount(attr(188, 4295032833))).toBe(1); // 0x0001_0001_0001
    expect(attributeRawCount(attr(188, 0))).toBe(0);
  });

  it('takes the leading count of a formatted raw value', () => {
    expect(attributeRawCount(attr(197, '8 (0 0)'))).toBe(8);
    expect(attributeRawCount(attr(5, '0/1200'))).toBe(0);
  });
});

describe('assessSmart: verdict, thresholds and exit-status bits', () => {
  it('fails a drive whose own verdict failed', () => {
    expect(assess(ata({ passed: false }))).toMatchObject({ status: 'failing', reasons: [{ code: 'smart-verdict-failed', severity: 'critical' }] });
  });

  it('takes attribute failures now (critical) and in the past (warning)', () => {
    const now = assess(ata({ attributes: [attr(3, 5000, { value: 5, worst: 5, thresh: 21, whenFailed: 'now' })] }));
    expect(now.reasons.map((r) => [r.code, r.severity])).toEqual([['attribute-failing-now', 'critical']]);
    expect(now.reasons[0]?.message).toMatch(/Attr_3 \(ID 3\) is at 5.*threshold of 21/);
    const past = assess(ata({ attributes: [attr(190, 27, { value: 73, worst: 31, thresh: 40, whenFailed: 'past' })] }));
    expect(past).toMatchObject({ status: 'warning', reasons: [{ code: 'attribute-failed-past', severity: 'warning' }] });
  });

  it('falls back on exit-status bits when the output lacks the data behind them', () => {
    const r = assess(ata({ passed: null, exitStatus: 8 | 16 | 32 | 64 | 128, exit: bits(8 | 16 | 32 | 64 | 128), errorLogCount: null, attributes: [] }));
    expect(sorted(r.reasons.map((x) => x.code))).toEqual(
      sorted(['smart-verdict-failed', 'attribute-failing-now', 'attribute-failed-past', 'error-log-entries', 'self-test-failed', 'smart-unavailable']),
    );
    expect(r.status).toBe('failing');
  });

  it('does not double-count when the data and the bits agree', () => {
    const r = assess(ata({ exit: bits(16 | 64), attributes: [attr(5, 0, { value: 1, thresh: 5, whenFailed: 'now' })], errorLogCount: 3 }));
    expect(sorted(r.reasons.map((x) => x.code))).toEqual(sorted(['attribute-failing-now', 'error-log-entries']));
    expect(r.status).toBe('failing');
  });

  it('treats other exit bits (open, command failed) as no finding', () => {
    expect(assess(ata({ exitStatus: 4, exit: bits(4) }))).toEqual({ status: 'passed', reasons: [] });
  });

  it('says unknown, not passed, without a verdict or any finding', () => {
    const r = assess(scsi({ grownDefects: null }, { passed: null, temperatureCelsius: null }));
    expect(r.status).toBe('unknown');
    expect(r.reasons.map((x) => x.code)).toEqual(['smart-unavailable']);
    expect(r.reasons[0]?.message).toMatch(/not available/);
    const aOnly = assess(ata({ passed: null, attributes: [attr(5, 0)] }));
    expect(aOnly.status).toBe('unknown');
    expect(aOnly.reasons[0]?.message).toMatch(/no overall health verdict/);
  });

  it('gives one unknown for every unavailable result', () => {
    const r = assess({ protocol: 'unavailable', reason: 'unsupported-device', messages: ['/dev/loop0: Unable to detect device type'], smartctlVersion: '7.3', exitStatus: 1, exit: bits(1), device: null, scannedDevices: [] });
    expect(r.status).toBe('unknown');
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]?.message).toMatch(/Unable to detect device type/);
  });
});

describe('assessSmart: self-tests', () => {
  it('flags the newest failed test', () => {
    const r = assess(ata({ selfTests: [test('short', false), test('short', true)] }));
    expect(r).toMatchObject({ status: 'failing', reasons: [{ code: 'self-test-failed', severity: 'critical' }] });
    expect(r.reasons[0]?.message).toMatch(/read failure.*LBA 42/);
  });

  it('keeps counting a failure that only short tests followed', () => {
    expect(codesOf(ata({ selfTests: [test('short', true), test('short', true), test('extended', false)] }))).toEqual(['self-test-failed']);
  });

  it('forgets a failure once a later extended test passed', () => {
    expect(codesOf(ata({ selfTests: [test('extended', true), test('extended', false)] }))).toEqual([]);
  });

  it('ignores aborted and running tests', () => {
    expect(codesOf(ata({ selfTests: [test('short', null, 'Aborted by host'), test('extended', null, 'Self-test routine in progress')] }))).toEqual([]);
  });
});

describe('assessSmart: NVMe', () => {
  it('decodes critical_warning bits; any bit is failing, the temperature one too', () => {
    const temp = assess(nvme({ criticalWarning: 0x02, criticalWarningBits: { spareBelowThreshold: false, temperature: true, reliabilityDegraded: false, readOnly: false, volatileBackupFailed: false, persistentMemoryUnreliable: false } }));
    expect(temp.reasons.map((r) => [r.code, r.severity])).toEqual([['nvme-critical-warning', 'critical']]);
    const ro = assess(nvme({ criticalWarning: 0x0c, criticalWarningBits: { spareBelowThreshold: false, temperature: false, reliabilityDegraded: true, readOnly: true, volatileBackupFailed: false, persistentMemoryUnreliable: false } }));
    expect(ro.status).toBe('failing');
    expect(ro.reasons[0]?.message).toMatch(/0x0c: reliability degraded.*read-only/);
  });

  it('flags spare below threshold', () => {
    expect(codesOf(nvme({ availableSparePercent: 9, availableSpareThresholdPercent: 10 }))).toEqual(['nvme-spare-below-threshold']);
    expect(codesOf(nvme({ availableSparePercent: 10, availableSpareThresholdPercent: 10 }))).toEqual([]);
  });

  it.each([
    [NVME_PERCENTAGE_USED_WARNING - 1, 'passed'],
    [NVME_PERCENTAGE_USED_WARNING, 'warning'],
    [NVME_PERCENTAGE_USED_CRITICAL, 'failing'],
    [255, 'failing'],
  ] as const)('percentage used %i → %s', (used, status) => {
    expect(assess(nvme({ percentageUsed: used })).status).toBe(status);
  });

  it('any media error is failing', () => {
    expect(assess(nvme({ mediaErrors: 0 })).status).toBe('passed');
    expect(assess(nvme({ mediaErrors: 1 })).status).toBe('failing');
  });

  it('does not judge the NVMe error information log', () => {
    expect(assess(nvme({ errorLogEntries: 10000 }, { errorLogCount: 10000 })).status).toBe('passed');
  });
});

describe('assessSmart: SCSI', () => {
  it('flags grown defects and uncorrected errors', () => {
    expect(assess(scsi({ grownDefects: 1 })).status).toBe('warning');
    expect(assess(scsi({ grownDefects: SCSI_GROWN_DEFECTS_CRITICAL })).status).toBe('failing');
    const counters = { read: { correctedTotal: 5, uncorrected: 2, gigabytesProcessed: 1 }, write: null, verify: { correctedTotal: 0, uncorrected: 1, gigabytesProcessed: 0 } };
    const r = assess(scsi({ errorCounters: counters }));
    expect(r.reasons.map((x) => [x.code, x.severity])).toEqual([['scsi-uncorrected-errors', 'warning']]);
    expect(r.reasons[0]?.message).toMatch(/read 2, verify 1/);
    const many = { read: { correctedTotal: 0, uncorrected: SCSI_UNCORRECTED_ERRORS_CRITICAL, gigabytesProcessed: 1 }, write: null, verify: null };
    expect(assess(scsi({ errorCounters: many })).status).toBe('failing');
  });
});

describe('assessSmart: temperature', () => {
  it.each([
    ['hdd', 7200, HDD_TEMPERATURE_WARNING_CELSIUS - 1, []],
    ['hdd', 7200, HDD_TEMPERATURE_WARNING_CELSIUS, ['warning']],
    ['hdd', 7200, HDD_TEMPERATURE_CRITICAL_CELSIUS, ['critical']],
    ['ssd', 0, HDD_TEMPERATURE_CRITICAL_CELSIUS, []],
    ['ssd', 0, SSD_TEMPERATURE_WARNING_CELSIUS, ['warning']],
    ['ssd', 0, SSD_TEMPERATURE_CRITICAL_CELSIUS, ['critical']],
  ] as const)('%s, %i rpm, at %i °C', (_kind, rpm, t, severities) => {
    const r = assess(ata({ temperatureCelsius: t, identity: { ...base.identity, rotationRateRpm: rpm } }));
    expect(r.reasons.map((x) => x.severity)).toEqual(severities);
    r.reasons.forEach((x) => expect(x.code).toBe('temperature-high'));
  });

  it("uses a SCSI drive's own trip temperature", () => {
    const r = assess(scsi({ driveTripCelsius: 50 }, { temperatureCelsius: 50 }));
    expect(r.reasons.map((x) => [x.code, x.severity])).toEqual([['temperature-high', 'critical']]);
    expect(r.reasons[0]?.message).toMatch(/trip point of 50/);
  });

  it('treats NVMe as solid state', () => {
    expect(assess(nvme({}, { temperatureCelsius: 62 })).status).toBe('passed');
  });
});

describe('assessSmart: counters rising since an earlier read', () => {
  const previous = (keyValues: Record<string, number>) => ({ previous: { at: '2026-11-25T08:30:00.000Z', keyValues } });

  it('new pending sectors make a disk with a few of them failing, and say since when', () => {
    const report = ata({ attributes: [attr(5, 3), attr(197, 2)] });
    expect(assess(report).status).toBe('warning');
    const a = assess(report, previous({ 'ata-5': 3, 'ata-197': 0 }));
    expect(a.status).toBe('failing');
    expect(a.reasons.map((r) => [r.code, r.severity])).toEqual([
      ['attribute-rising', 'critical'],
      ['reallocated-sectors', 'warning'],
      ['pending-sectors', 'warning'],
    ]);
    expect(a.reasons[0]?.message).toBe('Attr_197 (ID 197) rose from 0 to 2 since 2026-11-25 08:30 UTC: more sectors became unreadable.');
  });

  it('more remapped sectors stay a warning; the same counts as before add nothing', () => {
    const report = ata({ attributes: [attr(5, 4)] });
    expect(assess(report, previous({ 'ata-5': 1 })).reasons.map((r) => [r.code, r.severity])).toEqual([
      ['reallocated-sectors', 'warning'],
      ['attribute-rising', 'warning'],
    ]);
    expect(assess(report, previous({ 'ata-5': 4 }))).toEqual(assess(report));
    expect(assess(report, { previous: null })).toEqual(assess(report));
  });

  it('NVMe media errors rising: the rise is named besides the count', () => {
    const a = assess(nvme({ mediaErrors: 2 }), previous({ 'nvme-media-errors': 1 }));
    expect(a.status).toBe('failing');
    expect(a.reasons.map((r) => [r.code, r.severity]).sort()).toEqual([['attribute-rising', 'critical'], ['nvme-media-errors', 'critical']]);
  });

  it('an unavailable report has no counters to compare', () => {
    const unavailable = parseSmartctlJson(read('error-nvme-permission-denied_x.json'));
    expect(assess(unavailable, previous({ 'nvme-media-errors': 0 }))).toEqual(assess(unavailable));
  });
});

describe('reason codes', () => {
  it('every code in the closed enum is produced by some case above', () => {
    expect([...seen].sort()).toEqual([...SMART_REASON_CODES].sort());
  });
});
