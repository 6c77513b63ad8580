import type { CommandSpec } from './host.ts';

/**
 * The commands of the support bundle, in the human form a support engineer reads (not the
 * --raw / JSON forms poolwatch parses). Every exit status is data: the bundle records it.
 */
const QUICK_MS = 15_000;
const SMART_MS = 90_000;

const spec = (file: string, args: string[], timeoutMs = QUICK_MS): CommandSpec => ({ file, args, timeoutMs, okExitCodes: 'any' });

export const bundleCmd = {
  uname: () => spec('uname', ['-a']),
  btrfsVersion: () => spec('btrfs', ['--version']),
  fiShow: () => spec('btrfs', ['filesystem', 'show'], 60_000),
  fiDf: (mountPoint: string) => spec('btrfs', ['filesystem', 'df', mountPoint]),
  fiUsage: (mountPoint: string) => spec('btrfs', ['filesystem', 'usage', '-T', mountPoint]),
  deviceStats: (mountPoint: string) => spec('btrfs', ['device', 'stats', mountPoint]),
  dmesg: () => spec('dmesg', ['--time-format', 'iso']),
  lsblk: () => spec('lsblk', ['-o', 'NAME,KNAME,TYPE,SIZE,FSTYPE,LABEL,UUID,MOUNTPOINTS,MODEL,SERIAL,WWN,TRAN,ROTA,STATE']),
  findmnt: () => spec('findmnt', ['--real']),
  smartctl: (binary: string, devicePath: string) => spec(binary, ['-x', devicePath], SMART_MS),
};
