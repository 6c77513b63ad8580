import { describe, expect, it } from 'vitest';
import type { Disk } from '../../../contracts/api.ts';
import { describeRole, roleText, sortDisks } from './role.ts';

const pool = (label: string | null, devid: number | null) => ({ uuid: 'u-1', label, devid });
type D = Pick<Disk, 'role' | 'pool' | 'inUseReason' | 'path' | 'identity'>;
const disk = (p: Partial<D>): D => ({ role: 'unused', pool: null, inUseReason: null, path: '/dev/sdz', identity: { key: `k-${Math.random()}`, serial: null, model: null, wwn: null, byId: [] }, ...p });

describe('roleText', () => {
  it.each<[Partial<D>, string]>([
    [{ role: 'member', pool: pool('tank', 2) }, 'Member of pool tank, devid 2'],
    [{ role: 'member', pool: pool(null, 1) }, 'Member of pool (no label), devid 1'],
    [{ role: 'member', pool: null }, 'Member of a btrfs pool'],
    [{ role: 'detached', pool: pool('tank', 3) }, 'Detached from pool tank (was devid 3)'],
    [{ role: 'unused' }, 'Unused: spare candidate'],
    [{ role: 'in-use', inUseReason: 'ext4 filesystem mounted at /' }, 'In use: ext4 filesystem mounted at /'],
    [{ role: 'in-use' }, 'In use: reason unknown'],
  ])('%o → %s', (p, text) => {
    expect(roleText(disk(p))).toBe(text);
  });

  it('links the pool separately from the words around it', () => {
    expect(describeRole(disk({ role: 'member', pool: pool('tank', 2) }))).toEqual({ lead: 'Member of pool ', pool: { uuid: 'u-1', name: 'tank' }, tail: ', devid 2' });
  });
});

describe('sortDisks', () => {
  it('puts members first (by devid), then detached, spares, and disks in use; by path within', () => {
    const sorted = sortDisks([
      disk({ role: 'in-use', path: '/dev/sda' }),
      disk({ role: 'unused', path: '/dev/loop10' }),
      disk({ role: 'unused', path: '/dev/loop9' }),
      disk({ role: 'detached', path: null, pool: pool('t', 3) }),
      disk({ role: 'member', path: '/dev/loop2', pool: pool('t', 2) }),
      disk({ role: 'member', path: '/dev/loop5', pool: pool('t', 1) }),
    ]);
    expect(sorted.map((d) => `${d.role}:${d.path}`)).toEqual([
      'member:/dev/loop5', 'member:/dev/loop2', 'detached:null', 'unused:/dev/loop9', 'unused:/dev/loop10', 'in-use:/dev/sda',
    ]);
  });
});
