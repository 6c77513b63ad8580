import { command, deviceOperand, mountedOperand } from './argv.ts';
import type { CommandSpec } from './host.ts';

/**
 * The commands of the support bundle, in the human form a support engineer reads (not the
 * --raw / JSON forms poolwatch parses). Every exit status is data: the bundle records it. Built
 * through argv.ts like every command (operand rules, `--`).
 */
const QUICK = { timeoutMs: 15_000, read: true, okExitCodes: 'any' } as const;
/** `smartctl -x` of a slow or busy disk takes longer than the host's read deadline. */
const SMART = { timeoutMs: 90_000, okExitCodes: 'any' } as const;
const LSBLK_COLUMNS = 'NAME,KNAME,TYPE,SIZE,FSTYPE,LABEL,UUID,MOUNTPOINTS,MODEL,SERIAL,WWN,TRAN,ROTA,STATE';
/** Without the columns that name a disk or a pool (the bundle's redaction switch). */
const LSBLK_COLUMNS_REDACTED = 'NAME,KNAME,TYPE,SIZE,FSTYPE,UUID,MOUNTPOINTS,MODEL,TRAN,ROTA,STATE';

export const bundleCmd = {
  uname: (): CommandSpec => command('uname', ['-a'], [], QUICK),
  btrfsVersion: (): CommandSpec => command('btrfs', ['--version'], [], QUICK),
  fiShow: (): CommandSpec => command('btrfs', ['filesystem', 'show'], [], { ...QUICK, timeoutMs: 60_000 }),
  fiDf: (mountPoint: string): CommandSpec => command('btrfs', ['filesystem', 'df'], [mountedOperand(mountPoint)], QUICK),
  fiUsage: (mountPoint: string): CommandSpec => command('btrfs', ['filesystem', 'usage', '-T'], [mountedOperand(mountPoint)], QUICK),
  deviceStats: (mountPoint: string): CommandSpec => command('btrfs', ['device', 'stats'], [mountedOperand(mountPoint)], QUICK),
  dmesg: (): CommandSpec => command('dmesg', ['--time-format', 'iso'], [], QUICK),
  lsblk: (redact: boolean): CommandSpec => command('lsblk', ['-o', redact ? LSBLK_COLUMNS_REDACTED : LSBLK_COLUMNS], [], QUICK),
  findmnt: (): CommandSpec => command('findmnt', ['--real'], [], QUICK),
  smartctl: (binary: string, devicePath: string): CommandSpec => command(binary, ['-x'], [deviceOperand(devicePath)], SMART),
};
