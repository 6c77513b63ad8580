import { SMART_DEVICE_TYPE_PATTERN } from '../../contracts/smart.ts';
import { ArgvError, command, deviceOperand, integerText, optionValue, wordOperand, type Operand } from './argv.ts';
import type { CommandSpec } from './host.ts';

/**
 * Typed builders for the smartctl and smartd commands poolwatch runs. Every smartctl command
 * accepts any exit status: smartctl's status is a bit mask (failing disk, logged errors, …) that
 * the parser decodes, so a non-zero exit is data, never a HostError.
 */

/** `smartctl -x` on a disk spinning up from standby, or behind a slow USB bridge, can take tens of seconds. */
export const SMARTCTL_REPORT_TIMEOUT_MS = 90_000;
/** One command to the drive (ERC get/set, start or abort a test, scan): quick unless the bus hangs. */
export const SMARTCTL_QUICK_TIMEOUT_MS = 30_000;
/** `systemctl`, `smartd -V`: local and fast; a hung D-Bus must not hang the page. */
const SERVICE_QUERY_TIMEOUT_MS = 10_000;

export const SMART_SELF_TEST_TYPES = ['short', 'long', 'conveyance'] as const;
export type SmartSelfTestType = (typeof SMART_SELF_TEST_TYPES)[number];

/** smartctl `-d` values: letters, digits and `+ , _ -` (`sat`, `sat+megaraid,1`, `usbjmicron,0`). */
const DEVICE_TYPE_PATTERN = SMART_DEVICE_TYPE_PATTERN;

/** `-d <type>` (checked against DEVICE_TYPE_PATTERN) before the `--`, the device after it. */
function typeOption(deviceType: string | null): string[] {
  return deviceType === null ? [] : ['-d', optionValue(deviceType, DEVICE_TYPE_PATTERN, 'smartctl device type')];
}

function deciseconds(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ArgvError(String(n), 'ERC time must be an integer number of deciseconds (0–65535)');
  return String(n);
}

const SELF_TEST = new RegExp(`^(${SMART_SELF_TEST_TYPES.join('|')})$`);

/** smartctl builders for one binary (POOLWATCH_SMARTCTL in tests points at fixtures/bin/smartctl). */
export function smartctlCommands(binary = 'smartctl') {
  const spec = (options: string[], operands: Operand[], timeoutMs: number): CommandSpec =>
    command(binary, options, operands, { timeoutMs, okExitCodes: 'any' });
  return {
    /**
     * Everything smartctl knows about the disk, as JSON. `skipIfStandby` adds `-n standby`: the
     * periodic refresh must not spin up a sleeping disk (smartctl then exits with bit 1 set).
     */
    report: (devicePath: string, deviceType: string | null, opts: { skipIfStandby?: boolean } = {}): CommandSpec =>
      spec(['-j', '-x', ...(opts.skipIfStandby ? ['-n', 'standby'] : []), ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_REPORT_TIMEOUT_MS),
    /** The lighter read used while a self-test runs: health, capabilities (ATA test status) and logs. */
    selfTestStatus: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-j', '-a', ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_REPORT_TIMEOUT_MS),
    /** SCT Error Recovery Control, as text (parseScterc). */
    ercRead: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-l', 'scterc', ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_QUICK_TIMEOUT_MS),
    /** Sets ERC read/write limits in deciseconds (70 = 7.0 s; 0 disables). Lost on power cycle by many drives. */
    ercSet: (devicePath: string, deviceType: string | null, readDs: number, writeDs: number): CommandSpec =>
      spec(['-l', `scterc,${deciseconds(readDs)},${deciseconds(writeDs)}`, ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_QUICK_TIMEOUT_MS),
    selfTestStart: (devicePath: string, deviceType: string | null, type: SmartSelfTestType): CommandSpec =>
      spec(['-t', optionValue(type, SELF_TEST, 'self-test type'), ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_QUICK_TIMEOUT_MS),
    selfTestAbort: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-X', ...typeOption(deviceType)], [deviceOperand(devicePath)], SMARTCTL_QUICK_TIMEOUT_MS),
    /** Opens every device it finds and names the `-d` type that works (sat, nvme, megaraid,N, usb bridges). */
    scanOpen: (): CommandSpec => spec(['--scan-open', '-j'], [], SMARTCTL_REPORT_TIMEOUT_MS),
  } as const;
}

export type SmartctlCommands = ReturnType<typeof smartctlCommands>;

/** A systemd unit name: letters, digits and `@ . _ : -`, never starting with `-`. */
const UNIT = /^[A-Za-z0-9@._:][A-Za-z0-9@._:-]{0,255}$/;
const unitOperand = (unit: string): Operand => wordOperand(optionValue(unit, UNIT, 'systemd unit name'));

/** smartd and the service manager around it. */
export const smartdCmd = {
  /** Exit 0 and a version banner when installed; ENOENT (HostError) when not. */
  version: (binary = 'smartd'): CommandSpec => command(binary, ['-V'], [], { timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** `enabled`, `disabled`, `alias`, `masked`, `not-found`…; non-zero for anything but enabled. */
  isEnabled: (unit: string): CommandSpec => command('systemctl', ['is-enabled'], [unitOperand(unit)], { timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** `active`, `inactive`, `failed`…; without systemd as init it prints to stderr and exits non-zero. */
  isActive: (unit: string): CommandSpec => command('systemctl', ['is-active'], [unitOperand(unit)], { timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** smartd re-reads smartd.conf on reload (SIGHUP). */
  reload: (unit: string): CommandSpec => command('systemctl', ['reload'], [unitOperand(unit)], { timeoutMs: SMARTCTL_QUICK_TIMEOUT_MS }),
  /** Without systemd: SIGHUP makes a running smartd re-read its configuration. */
  hangUp: (pid: number): CommandSpec => command('kill', ['-HUP'], [wordOperand(integerText(pid, 'pid'))], { timeoutMs: SERVICE_QUERY_TIMEOUT_MS }),
} as const;
