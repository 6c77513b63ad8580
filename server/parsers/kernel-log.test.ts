import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { balanceEndOf, kernelNamesOf, parseKernelLog, poolLinesSince } from './kernel-log.ts';

const LAB = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');
const fixture = (name: string): string => readFileSync(join(LAB, `${name}.txt`), 'utf8');
const T0 = new Date('2026-12-03T14:50:00Z');

describe('parseKernelLog', () => {
  it('reads time, level, device and message of btrfs lines, with or without a state flag', () => {
    const lines = parseKernelLog([
      '2026-12-03T14:51:27,397255+00:00 BTRFS info (device loop0): balance: ended with status: -28',
      '2026-12-03T14:51:27,5+01:00 BTRFS info (device sdb1 state EA): forced readonly',
      '[ 5609.397255] BTRFS warning (device nvme0n1p2): scrub: failed setting block group ro: -28',
      '2026-12-03T14:51:27,397255+00:00 EXT4-fs (vda): mounted filesystem',
      'garbage',
    ].join('\n'));
    expect(lines).toEqual([
      { at: new Date('2026-12-03T14:51:27.397Z'), level: 'info', device: 'loop0', message: 'balance: ended with status: -28' },
      { at: new Date('2026-12-03T13:51:27.500Z'), level: 'info', device: 'sdb1', message: 'forced readonly' },
      { at: null, level: 'warning', device: 'nvme0n1p2', message: 'scrub: failed setting block group ro: -28' },
    ]);
  });
});

describe('balanceEndOf', () => {
  it('a full balance the kernel aborted with ENOSPC (captured: --bg exited 0)', () => {
    const lines = parseKernelLog(fixture('kernel-log__full-balance-enospc'));
    expect(balanceEndOf(lines, ['loop0'], T0)).toEqual({ ended: 'status', status: -28, enospcErrors: 9 });
  });
  it('a full balance that finished', () => {
    expect(balanceEndOf(parseKernelLog(fixture('kernel-log__full-balance-ok')), ['loop0'], T0)).toEqual({ ended: 'status', status: 0, enospcErrors: null });
  });
  it('only the pool\'s own devices, only a start after `since`, and no end yet is null', () => {
    const lines = parseKernelLog(fixture('kernel-log__full-balance-enospc'));
    expect(balanceEndOf(lines, ['loop5'], T0)).toBeNull();
    expect(balanceEndOf(lines, ['loop0'], new Date('2026-12-03T15:00:00Z'))).toBeNull();
    expect(balanceEndOf(lines.slice(0, -1), ['loop0'], T0)).toBeNull();
  });
  it('canceled and paused', () => {
    const at = '2026-12-03T14:51:27,0+00:00 BTRFS info (device loop0): ';
    expect(balanceEndOf(parseKernelLog(`${at}balance: start -d -m -s\n${at}balance: canceled`), ['loop0'], T0)).toEqual({ ended: 'canceled' });
    expect(balanceEndOf(parseKernelLog(`${at}balance: start -d -m -s\n${at}balance: paused`), ['loop0'], T0)).toEqual({ ended: 'paused' });
  });
});

describe('poolLinesSince', () => {
  it('keeps the lines of the pool\'s devices since the time given', () => {
    const lines = parseKernelLog(fixture('kernel-log__replace-enospc'));
    const mine = poolLinesSince(lines, ['loop1'], new Date('2026-12-03T14:56:43.4Z'));
    expect(mine.map((l) => l.message)).toEqual([
      'dev_replace from <missing disk> (devid 3) to /dev/loop3 started',
      'scrub: failed setting block group ro: -28',
      'btrfs_scrub_dev(<missing disk>, 3, /dev/loop3) failed -28',
    ]);
  });
});

describe('kernelNamesOf', () => {
  it('the name a pool was mounted by and the members scanned for it', () => {
    const text = [
      '2026-12-03T14:56:43,041240+00:00 BTRFS info (device loop1): first mount of filesystem 4dc20fdb-b54e-4b33-827d-340e87dd45bc',
      '2026-12-03T14:56:44,0+00:00 BTRFS info (device loop7): first mount of filesystem 11111111-b54e-4b33-827d-340e87dd45bc',
      '2026-12-03T14:56:40,0+00:00 BTRFS: device fsid 4dc20fdb-b54e-4b33-827d-340e87dd45bc devid 2 transid 9 /dev/loop2 (7:2) scanned by mount (123)',
    ].join('\n');
    expect(kernelNamesOf(parseKernelLog(text), text, '4DC20FDB-b54e-4b33-827d-340e87dd45bc').sort()).toEqual(['loop1', 'loop2']);
  });
});
