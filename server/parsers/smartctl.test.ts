import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SmartErc, SmartReport } from '../../contracts/smart.ts';
import { SmartReport as SmartReportSchema } from '../../contracts/smart.ts';
import { expectParseError, itEachCapture, labCases } from '../test-support/fixture-cases.ts';
import { ParseError } from './parse-error.ts';
import { decodeSmartctlExit, parseScterc, parseSmartctlJson, parseSmartctlText } from './smartctl.ts';

// fixtures/smartctl has its own layout (one EXPECTED.json for all captures), so it is read here.
const CORPUS = new URL('../../fixtures/smartctl/', import.meta.url);
const read = (dir: URL, name: string) => readFileSync(new URL(name, dir), 'utf8');

type Expected = Record<string, unknown> & { parser?: string; sections?: Record<string, unknown>[]; split?: string };
const EXPECTED = JSON.parse(read(CORPUS, 'EXPECTED.json')) as Record<string, Expected>;
const NOT_CHECKED = new Set(['parser', 'note', 'assessment', 'split', 'sections']);

/** The report seen through the keys EXPECTED.json uses; only the keys the expectation names. */
function facts(report: SmartReport | null, scterc: SmartErc | null, want: Record<string, unknown>): Record<string, unknown> {
  const all: Record<string, () => unknown> = {
    protocol: () => report?.protocol,
    reason: () => (report?.protocol === 'unavailable' ? report.reason : undefined),
    exitStatus: () => report?.exitStatus,
    deviceType: () => report?.device?.type ?? null,
    connection: () => report?.device?.connection ?? null,
    scannedDeviceTypes: () => (report?.protocol === 'unavailable' ? report.scannedDevices.map((d) => d.type) : undefined),
    scterc: () => scterc,
  };
  if (report && report.protocol !== 'unavailable') {
    const r = report;
    Object.assign(all, {
      model: () => r.identity.model,
      family: () => r.identity.family,
      serial: () => r.identity.serial,
      wwn: () => r.identity.wwn,
      wwnHex: () => r.identity.wwnHex,
      eui64: () => r.identity.eui64,
      firmware: () => r.identity.firmware,
      capacityBytes: () => r.identity.capacityBytes,
      rotationRateRpm: () => r.identity.rotationRateRpm,
      passed: () => r.passed,
      temperatureCelsius: () => r.temperatureCelsius,
      powerOnHours: () => r.powerOnHours,
      errorLogCount: () => r.errorLogCount,
      selfTestCount: () => r.selfTests.length,
      latestSelfTest: () => (r.selfTests[0] ? { kind: r.selfTests[0].kind, passed: r.selfTests[0].passed } : null),
      selfTestPercentDone: () => r.selfTestInProgress?.percentDone ?? null,
      selfTestSupported: () => r.selfTestSupport.short,
      keyAttributes: () =>
        r.protocol === 'ata'
          ? Object.fromEntries(r.attributes.filter((a) => [5, 187, 188, 197, 198].includes(a.id)).map((a) => [String(a.id), a.raw.value]))
          : undefined,
      attributesFailed: () =>
        r.protocol === 'ata' ? Object.fromEntries(r.attributes.filter((a) => a.whenFailed !== '').map((a) => [String(a.id), a.whenFailed])) : undefined,
      erc: () => (r.protocol === 'ata' ? r.erc : undefined),
      nvme: () => {
        if (r.protocol !== 'nvme' || !r.health) return undefined;
        const h = r.health;
        const wantN = want.nvme as Record<string, unknown>;
        const source: Record<string, unknown> = { ...h, volatileBackupFailed: h.criticalWarningBits?.volatileBackupFailed };
        return Object.fromEntries(Object.keys(wantN).map((k) => [k, source[k]]));
      },
      scsi: () => {
        if (r.protocol !== 'scsi') return undefined;
        const s = r.scsi;
        const wantS = want.scsi as Record<string, unknown>;
        const source: Record<string, unknown> = {
          ...s,
          uncorrected: {
            read: s.errorCounters.read?.uncorrected ?? null,
            write: s.errorCounters.write?.uncorrected ?? null,
            verify: s.errorCounters.verify?.uncorrected ?? null,
          },
        };
        return Object.fromEntries(Object.keys(wantS).map((k) => [k, source[k]]));
      },
    });
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(want)) {
    if (NOT_CHECKED.has(key)) continue;
    const get = all[key];
    out[key] = get ? get() : `<no projection for ${key}>`;
  }
  return out;
}

function checkedKeys(want: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(want).filter(([k]) => !NOT_CHECKED.has(k)));
}

/** Splits a file holding several pasted invocations at the prompt lines. */
function splitSections(text: string, prompt: string): string[] {
  const re = new RegExp(prompt);
  const chunks: string[][] = [];
  for (const line of text.split('\n')) {
    if (re.test(line)) chunks.push([]);
    chunks[chunks.length - 1]?.push(line);
  }
  return chunks.map((c) => c.join('\n'));
}

const corpusFiles = readdirSync(CORPUS)
  .filter((f) => f !== 'SOURCES.md' && f !== 'EXPECTED.json')
  .sort();

describe('smartctl corpus (fixtures/smartctl): every capture against EXPECTED.json', () => {
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(Object.keys(EXPECTED).filter((k) => !k.startsWith('_')).sort()).toEqual(corpusFiles);
  });

  it.each(corpusFiles)('%s', (file) => {
    const want = EXPECTED[file];
    expect(want, `no EXPECTED.json entry for ${file}`).toBeDefined();
    if (!want) return;
    const text = read(CORPUS, file);
    switch (want.parser) {
      case 'json': {
        const report = parseSmartctlJson(text);
        expect(SmartReportSchema.safeParse(report).success).toBe(true);
        expect(facts(report, null, want)).toEqual(checkedKeys(want));
        break;
      }
      case 'text': {
        const report = parseSmartctlText(text);
        expect(facts(report, null, want)).toEqual(checkedKeys(want));
        break;
      }
      case 'scterc': {
        expect(facts(null, parseScterc(text), want)).toEqual(checkedKeys(want));
        break;
      }
      case 'text-sections': {
        const sections = splitSections(text, want.split ?? '^$');
        expect(sections).toHaveLength(want.sections?.length ?? -1);
        sections.forEach((section, i) => {
          const w = want.sections?.[i] ?? {};
          expect(facts(parseSmartctlText(section), parseScterc(section), w), `section ${i + 1}`).toEqual(checkedKeys(w));
        });
        break;
      }
      default:
        throw new Error(`EXPECTED.json: unknown parser ${String(want.parser)} for ${file}`);
    }
  });
});

/** Captures from this machine (fixtures/lab/smartctl-*): smartctl against a loop device. */
const LAB_CASES: Record<string, { parser: 'json' | 'text' | 'scterc'; want: Record<string, unknown> }> = {
  'smartctl-json-x__loop-device': { parser: 'json', want: { protocol: 'unavailable', reason: 'unsupported-device', exitStatus: 1, deviceType: null } },
  'smartctl-json-d-sat-x__loop-device': { parser: 'json', want: { protocol: 'unavailable', reason: 'identify-failed', exitStatus: 2, deviceType: 'sat' } },
  'smartctl-d-sat-x__loop-device': { parser: 'text', want: { protocol: 'unavailable', reason: 'identify-failed', exitStatus: 2 } },
  'smartctl-json-scan__no-disks': { parser: 'json', want: { protocol: 'unavailable', reason: 'scan', exitStatus: 0, scannedDeviceTypes: [] } },
  'smartctl-l-scterc__loop-device': {
    parser: 'scterc',
    want: {
      scterc: {
        state: 'unavailable',
        reason: 'unsupported-device',
        messages: ['/dev/loop2: Unable to detect device type', 'Please specify device type with the -d option.', 'Use smartctl -h to get a usage summary'],
      },
    },
  },
};

describe('smartctl on a loop device (fixtures/lab): "no SMART" is a typed result, not an error', () => {
  // LAB_CASES names captures without the .txt.
  const captures = labCases<{ exitCode: number }>(/^smartctl/).map((f) => ({ ...f, name: f.name.replace(/\.txt$/, '') }));
  itEachCapture(captures, LAB_CASES, ({ name, text, meta }, c) => {
    if (!meta) throw new Error(`no .meta.json for ${name}`);
    const report = c.parser === 'json' ? parseSmartctlJson(text, meta.exitCode) : c.parser === 'text' ? parseSmartctlText(text, meta.exitCode) : null;
    const scterc = c.parser === 'scterc' ? parseScterc(text, meta.exitCode) : null;
    expect(facts(report, scterc, c.want)).toEqual(c.want);
  });
});

describe('decodeSmartctlExit', () => {
  it.each([
    [0, []],
    [1, ['commandLineError']],
    [2, ['openFailed']],
    [4, ['smartCommandFailed']],
    [8, ['diskFailing']],
    [96, ['attributesBelowThresholdPast', 'errorLog']],
    [216, ['diskFailing', 'prefailBelowThreshold', 'errorLog', 'selfTestErrors']],
    [255, ['commandLineError', 'openFailed', 'smartCommandFailed', 'diskFailing', 'prefailBelowThreshold', 'attributesBelowThresholdPast', 'errorLog', 'selfTestErrors']],
  ])('%i sets %j', (status, set) => {
    const bits = decodeSmartctlExit(status);
    expect(Object.entries(bits).filter(([, v]) => v).map(([k]) => k)).toEqual(set);
  });
});

describe('parseSmartctlJson edge cases', () => {
  it('throws ParseError(smartctl) with the line for invalid JSON', () => {
    const err = expectParseError(() => parseSmartctlJson('{\n  "smartctl": {\n    "exit_status": 0,\n  }\n'), { kind: 'smartctl' });
    expect(err.lineNumber).toBeGreaterThan(1);
  });

  it('throws ParseError(smartctl) for JSON that is not smartctl output', () => {
    expect(() => parseSmartctlJson('{"pools": []}')).toThrow(ParseError);
    expect(() => parseSmartctlJson('[1, 2]')).toThrow(/expected a JSON object/);
    expect(() => parseSmartctlJson('')).toThrow(ParseError);
  });

  it('throws ParseError(smartctl) when a field has the wrong type', () => {
    const text = JSON.stringify({ smartctl: { exit_status: 0 }, device: { name: '/dev/sda', protocol: 'ATA' }, smart_status: { passed: 'yes' } });
    expectParseError(() => parseSmartctlJson(text), { kind: 'smartctl', reason: /smart_status/ });
  });

  it('throws on an unknown device protocol rather than guessing', () => {
    const text = JSON.stringify({ device: { name: '/dev/x', protocol: 'Floppy' }, model_name: 'X', smart_status: { passed: true } });
    expect(() => parseSmartctlJson(text)).toThrow(/unknown device protocol/);
  });

  it('takes the exit status from the JSON first and from the process only when the JSON lacks it', () => {
    const withStatus = parseSmartctlJson(JSON.stringify({ smartctl: { exit_status: 4, messages: [{ string: 'x' }] } }), 2);
    expect(withStatus.exitStatus).toBe(4);
    const without = parseSmartctlJson(read(CORPUS, 'sas-hdd-seagate-st4000nm0043.json'), 64);
    expect(without.exitStatus).toBe(64);
    expect(without.protocol !== 'unavailable' && without.exit?.errorLog).toBe(true);
  });

  it('reads an NVMe self-test log (smartctl >= 7.4 shape): percent DONE, results decoded', () => {
    const report = parseSmartctlJson(
      JSON.stringify({
        smartctl: { version: [7, 4], exit_status: 0 },
        device: { name: '/dev/nvme0', type: 'nvme', protocol: 'NVMe' },
        model_name: 'Test NVMe',
        smart_status: { passed: true },
        nvme_smart_health_information_log: { critical_warning: 0, available_spare: 100, available_spare_threshold: 10, percentage_used: 1, media_errors: 0, num_err_log_entries: 0 },
        nvme_self_test_log: {
          current_self_test_operation: { value: 1, string: 'Short self-test in progress' },
          current_self_test_completion_percent: 30,
          table: [
            { self_test_code: { value: 2, string: 'Extended' }, self_test_result: { value: 7, string: 'Completed: failed segments' }, power_on_hours: 90, lba: 1234 },
            { self_test_code: { value: 1, string: 'Short' }, self_test_result: { value: 1, string: 'Aborted: Self-test command' }, power_on_hours: 80 },
            { self_test_code: { value: 1, string: 'Short' }, self_test_result: { value: 0, string: 'Completed without error' }, power_on_hours: 70 },
          ],
        },
      }),
    );
    expect(report.protocol).toBe('nvme');
    if (report.protocol !== 'nvme') return;
    expect(report.selfTestInProgress).toEqual({ kind: 'short', percentDone: 30, status: 'Short self-test in progress' });
    expect(report.selfTests.map((t) => [t.kind, t.passed, t.lifetimeHours, t.firstErrorLba])).toEqual([
      ['extended', false, 90, 1234],
      ['short', null, 80, null],
      ['short', true, 70, null],
    ]);
  });

  it('reads SCSI scsi_self_test_N entries in order, with the running one', () => {
    const report = parseSmartctlJson(
      JSON.stringify({
        smartctl: { exit_status: 0 },
        device: { name: '/dev/sdb', type: 'scsi', protocol: 'SCSI' },
        model_name: 'SEAGATE X',
        smart_status: { passed: true },
        scsi_grown_defect_list: 0,
        scsi_self_test_1: { code: { value: 2, string: 'Background long' }, result: { value: 5, string: 'Failed in first segment' }, power_on_time: { hours: 10 }, lba_first_failure: { value: 99 } },
        scsi_self_test_0: { code: { value: 1, string: 'Background short' }, result: { value: 15, string: 'Self test in progress ...' }, self_test_in_progress: true },
      }),
    );
    expect(report.protocol).toBe('scsi');
    if (report.protocol !== 'scsi') return;
    expect(report.selfTests.map((t) => [t.kind, t.passed, t.lifetimeHours, t.firstErrorLba])).toEqual([
      ['short', null, null, null],
      ['extended', false, 10, 99],
    ]);
    expect(report.selfTestInProgress).toEqual({ kind: 'short', percentDone: null, status: 'Self test in progress ...' });
  });

  it('keeps the ATA percent-remaining → percent-done conversion when remaining_percent is absent', () => {
    const report = parseSmartctlJson(
      JSON.stringify({
        device: { name: '/dev/sda', type: 'sat', protocol: 'ATA' },
        model_name: 'X',
        smart_status: { passed: true },
        ata_smart_data: { self_test: { status: { value: 0xf4, string: 'in progress' } } },
      }),
    );
    expect(report.protocol === 'ata' && report.selfTestInProgress?.percentDone).toBe(60);
  });

  it('maps device types to how the disk is connected', () => {
    const connection = (type: string) => {
      const r = parseSmartctlJson(JSON.stringify({ device: { name: '/dev/sda', type, protocol: 'ATA' }, model_name: 'X' }));
      return r.protocol === 'unavailable' ? null : r.device?.connection;
    };
    expect(connection('sat')).toBe('direct');
    expect(connection('sat+megaraid,3')).toBe('raid-controller');
    expect(connection('megaraid,0')).toBe('raid-controller');
    expect(connection('usbjmicron')).toBe('usb-bridge');
    expect(connection('sntasmedia')).toBe('usb-bridge');
  });

  it('classifies a sleeping disk skipped by --nocheck=standby', () => {
    const r = parseSmartctlJson(JSON.stringify({ smartctl: { exit_status: 2, messages: [{ string: 'Device is in STANDBY mode, exit(2)' }] }, device: { name: '/dev/sda', type: 'sat', protocol: 'ATA' } }));
    expect(r.protocol === 'unavailable' && r.reason).toBe('standby');
  });
});

describe('parseSmartctlText edge cases', () => {
  const banner = 'smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\nCopyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n\n';

  it('throws ParseError(smartctl) for text that is not smartctl output', () => {
    expect(() => parseSmartctlText('hello\nworld\n')).toThrow(ParseError);
    expect(() => parseSmartctlText('')).toThrow(ParseError);
  });

  it('names the offending line of a broken attribute table', () => {
    const text = `${banner}=== START OF READ SMART DATA SECTION ===\nSMART overall-health self-assessment test result: PASSED\n\nID# ATTRIBUTE_NAME          FLAG     VALUE WORST THRESH TYPE      UPDATED  WHEN_FAILED RAW_VALUE\n  5 Reallocated_Sector_Ct   0x0033   100   100   010    Pre-fail  Always       -       0\n  9 Power_On_Hours garbage\n`;
    expectParseError(() => parseSmartctlText(text), { kind: 'smartctl', line: '  9 Power_On_Hours garbage' });
  });

  it('reads FAILED verdicts and FAILING_NOW / In_the_past attributes', () => {
    const text = `${banner}=== START OF INFORMATION SECTION ===\nDevice Model:     TEST\n\n=== START OF READ SMART DATA SECTION ===\nSMART overall-health self-assessment test result: FAILED!\nDrive failure expected in less than 24 hours. SAVE ALL DATA.\n\nID# ATTRIBUTE_NAME          FLAG     VALUE WORST THRESH TYPE      UPDATED  WHEN_FAILED RAW_VALUE\n  5 Reallocated_Sector_Ct   0x0033   001   001   005    Pre-fail  Always   FAILING_NOW 1975\n190 Airflow_Temperature_Cel 0x0022   073   031   040    Old_age   Always   In_the_past 27\n`;
    const r = parseSmartctlText(text, 24);
    expect(r.protocol).toBe('ata');
    if (r.protocol !== 'ata') return;
    expect(r.passed).toBe(false);
    expect(r.attributes.map((a) => [a.id, a.whenFailed, a.flags.prefailure, a.raw.value])).toEqual([
      [5, 'now', true, 1975],
      [190, 'past', false, 27],
    ]);
    expect(r.exit?.diskFailing).toBe(true);
  });

  it('reads a --scan list as the typed scan result', () => {
    const r = parseSmartctlText('/dev/sda -d scsi # /dev/sda, SCSI device\n/dev/nvme0 -d nvme # /dev/nvme0, NVMe device\n');
    expect(r.protocol === 'unavailable' && r.reason).toBe('scan');
    expect(r.protocol === 'unavailable' && r.scannedDevices.map((d) => [d.name, d.type, d.protocol])).toEqual([
      ['/dev/sda', 'scsi', 'SCSI'],
      ['/dev/nvme0', 'nvme', 'NVMe'],
    ]);
  });

  it('classifies a permission error', () => {
    const r = parseSmartctlText(`${banner}Smartctl open device: /dev/sda failed: Permission denied\n`, 2);
    expect(r.protocol === 'unavailable' && r.reason).toBe('permission-denied');
  });
});

describe('parseScterc', () => {
  const banner = 'smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\nCopyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n\n';

  it('reads the values after setting them (-l scterc,70,70)', () => {
    expect(parseScterc(`${banner}SCT Error Recovery Control set to:\n           Read:     70 (7.0 seconds)\n          Write:     70 (7.0 seconds)\n`)).toEqual({
      state: 'supported',
      read: { enabled: true, deciseconds: 70 },
      write: { enabled: true, deciseconds: 70 },
    });
  });

  it('reads mixed settings', () => {
    expect(parseScterc(`${banner}SCT Error Recovery Control:\n           Read:    100 (10.0 seconds)\n          Write: Disabled\n`)).toEqual({
      state: 'supported',
      read: { enabled: true, deciseconds: 100 },
      write: { enabled: false, deciseconds: null },
    });
  });

  it('reports a failed get/set command (often a USB bridge) as failed, not unsupported', () => {
    const r = parseScterc(`${banner}SCT (Set) Error Recovery Control command failed\nRetry with: 'scterc,70,70' to enable ERC or 'scterc,0,0' to disable\n`, 4);
    expect(r).toEqual({ state: 'failed', messages: ['SCT (Set) Error Recovery Control command failed'] });
  });

  it('throws ParseError(scterc) on a truncated timer block and on unrelated text', () => {
    expectParseError(() => parseScterc(`${banner}SCT Error Recovery Control:\n           Read: Disabled\n`), { kind: 'scterc' });
    expect(() => parseScterc('not smartctl\n')).toThrow(ParseError);
    expect(() => parseScterc(`${banner}something else entirely\n`)).toThrow(/no SCT Error Recovery Control/);
  });
});
