import { describe, expect, it } from 'vitest';
import type { DiskIdentity } from '../../../contracts/api.ts';
import { type MemberPool, memberTable } from './members.ts';

const clean = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
const id = (key: string, serial: string | null = null): DiskIdentity => ({ key, serial, model: null, wwn: null, byId: [] });
const dev = (devid: number, p: Partial<MemberPool['devices'][number]> = {}) => ({
  devid, path: `/dev/loop${devid}`, missing: false, sizeBytes: 512, usedBytes: 100, errors: clean, disk: id(`loop:d${devid}`), ...p,
});
const base: MemberPool = { missingCount: 0, missingDevids: [], devices: [], detached: [], slack: [] };

describe('memberTable', () => {
  it('lists attached members by devid', () => {
    const t = memberTable({ ...base, devices: [dev(2), dev(1)] });
    expect(t.rows.map((r) => [r.devid, r.missing, r.path])).toEqual([[1, false, '/dev/loop1'], [2, false, '/dev/loop2']]);
    expect(t.unnamedMissing).toBe(0);
  });

  it('shows a missing member with the disk remembered for its devid and that disk\'s size', () => {
    const remembered = { devid: 3, disk: id('loop:d3', 'SER3'), lastPath: '/dev/loop3', sizeBytes: 512, lastSeenAt: '2025-01-01T00:00:00Z' };
    const t = memberTable({
      ...base,
      missingCount: 1,
      missingDevids: [3],
      devices: [dev(1), dev(2), dev(3, { missing: true, path: null, sizeBytes: 0, usedBytes: 0, errors: null, disk: null })],
      detached: [remembered],
    });
    const row = t.rows.find((r) => r.devid === 3)!;
    expect(row).toMatchObject({ missing: true, path: null, disk: remembered.disk, sizeBytes: 512 });
  });

  it('adds rows for missing devids btrfs named but did not list as devices (unmounted pools)', () => {
    const t = memberTable({ ...base, missingCount: 1, missingDevids: [2], devices: [dev(1), dev(3)] });
    expect(t.rows.map((r) => [r.devid, r.missing])).toEqual([[1, false], [2, true], [3, false]]);
    expect(t.rows[1]!.disk).toBeNull();
  });

  it('counts missing members without a devid (older btrfs-progs)', () => {
    const t = memberTable({ ...base, missingCount: 2, missingDevids: [], devices: [dev(1)] });
    expect(t.unnamedMissing).toBe(2);
  });

  it('attaches slack to its member', () => {
    const t = memberTable({ ...base, devices: [dev(1), dev(2)], slack: [{ devid: 2, slackBytes: 4096 }, { devid: 1, slackBytes: 0 }] });
    expect(t.rows.map((r) => r.slackBytes)).toEqual([null, 4096]);
  });
});
