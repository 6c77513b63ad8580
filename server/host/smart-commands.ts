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
export const DEVICE_TYPE_PATTERN = /^[a-z][a-z0-9_+,-]{0,39}$/;

function devArgs(devicePath: string, deviceType: string | null): string[] {
  // A path that starts with "-" would be read as an option: only absolute device paths go on the command line.
  if (!devicePath.startsWith('/')) throw new Error(`refusing non-absolute device path ${JSON.stringify(devicePath)}`);
  if (deviceType !== null && !DEVICE_TYPE_PATTERN.test(deviceType)) throw new Error(`refusing device type ${JSON.stringify(deviceType)}`);
  return [...(deviceType ? ['-d', deviceType] : []), devicePath];
}

function deciseconds(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`ERC time must be an integer number of deciseconds, got ${n}`);
  return String(n);
}

/** smartctl builders for one binary (POOLWATCH_SMARTCTL in tests points at fixtures/bin/smartctl). */
export function smartctlCommands(binary = 'smartctl') {
  const spec = (args: string[], timeoutMs: number): CommandSpec => ({ file: binary, args, timeoutMs, okExitCodes: 'any' });
  return {
    /**
     * Everything smartctl knows about the disk, as JSON. `skipIfStandby` adds `-n standby`: the
     * periodic refresh must not spin up a sleeping disk (smartctl then exits with bit 1 set).
     */
    report: (devicePath: string, deviceType: string | null, opts: { skipIfStandby?: boolean } = {}): CommandSpec =>
      spec(['-j', '-x', ...(opts.skipIfStandby ? ['-n', 'standby'] : []), ...devArgs(devicePath, deviceType)], SMARTCTL_REPORT_TIMEOUT_MS),
    /** The lighter read used while a self-test runs: health, capabilities (ATA test status) and logs. */
    selfTestStatus: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-j', '-a', ...devArgs(devicePath, deviceType)], SMARTCTL_REPORT_TIMEOUT_MS),
    /** SCT Error Recovery Control, as text (parseScterc). */
    ercRead: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-l', 'scterc', ...devArgs(devicePath, deviceType)], SMARTCTL_QUICK_TIMEOUT_MS),
    /** Sets ERC read/write limits in deciseconds (70 = 7.0 s; 0 disables). Lost on power cycle by many drives. */
    ercSet: (devicePath: string, deviceType: string | null, readDs: number, writeDs: number): CommandSpec =>
      spec(['-l', `scterc,${deciseconds(readDs)},${deciseconds(writeDs)}`, ...devArgs(devicePath, deviceType)], SMARTCTL_QUICK_TIMEOUT_MS),
    selfTestStart: (devicePath: string, deviceType: string | null, type: SmartSelfTestType): CommandSpec =>
      spec(['-t', type, ...devArgs(devicePath, deviceType)], SMARTCTL_QUICK_TIMEOUT_MS),
    selfTestAbort: (devicePath: string, deviceType: string | null): CommandSpec =>
      spec(['-X', ...devArgs(devicePath, deviceType)], SMARTCTL_QUICK_TIMEOUT_MS),
    /** Opens every device it finds and names the `-d` type that works (sat, nvme, megaraid,N, usb bridges). */
    scanOpen: (): CommandSpec => spec(['--scan-open', '-j'], SMARTCTL_REPORT_TIMEOUT_MS),
  } as const;
}

export type SmartctlCommands = ReturnType<typeof smartctlCommands>;

/** smartd and the service manager around it. */
export const smartdCmd = {
  /** Exit 0 and a version banner when installed; ENOENT (HostError) when not. */
  version: (binary = 'smartd'): CommandSpec => ({ file: binary, args: ['-V'], timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** `enabled`, `disabled`, `alias`, `masked`, `not-found`…; non-zero for anything but enabled. */
  isEnabled: (unit: string): CommandSpec => ({ file: 'systemctl', args: ['is-enabled', unit], timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** `active`, `inactive`, `failed`…; without systemd as init it prints to stderr and exits non-zero. */
  isActive: (unit: string): CommandSpec => ({ file: 'systemctl', args: ['is-active', unit], timeoutMs: SERVICE_QUERY_TIMEOUT_MS, okExitCodes: 'any' }),
  /** smartd re-reads smartd.conf on reload (SIGHUP). */
  reload: (unit: string): CommandSpec => ({ file: 'systemctl', args: ['reload', unit], timeoutMs: SMARTCTL_QUICK_TIMEOUT_MS }),
  /** Without systemd: SIGHUP makes a running smartd re-read its configuration. */
  hangUp: (pid: number): CommandSpec => ({ file: 'kill', args: ['-HUP', String(pid)], timeoutMs: SERVICE_QUERY_TIMEOUT_MS }),
} as const;
