import { describe, expect, it } from 'vitest';
import { makePool } from '../test-support/pools.ts';
import { mountPointsFor, safeLabelComponent } from './mount-points.ts';

const uuid = (n: number) => `${String(n).repeat(8)}-aaaa-4bbb-8ccc-${String(n).repeat(12)}`;
const pool = (n: number, label: string | null, mountPoint: string | null = null) =>
  makePool({ uuid: uuid(n), label, mounted: mountPoint !== null, mountPoint });

describe('a label as one safe path component', () => {
  it.each<[string | null, string | null]>([
    ['tank', 'tank'],
    ['my data 2', 'my_data_2'],
    ['../../etc', 'etc'],
    ['a/b', 'a_b'],
    ['-rf', 'rf'],
    ['--', null],
    ['.', null],
    ['..', null],
    ['.hidden', 'hidden'],
    ['pw-new\nline\tpool', 'pw-new_line_pool'],
    [' pw-edge\n', 'pw-edge'],
    ['données', 'donn_es'],
    ["x'  uuid: 38e467b1\n\tdevid 1 path -U38e4", 'x_uuid_38e467b1_devid_1_path_-U38e4'],
    ['', null],
    [null, null],
  ])('%j → %j', (label, want) => {
    expect(safeLabelComponent(label)).toBe(want);
  });

  it('stays short', () => {
    expect(safeLabelComponent('x'.repeat(300))).toHaveLength(64);
  });
});

describe('mount points for unmounted pools', () => {
  const inputs = { mountRoot: '/mnt2/', inUse: ['/', '/proc'] };

  it('gives a unique, free label its own folder, and mounted pools keep theirs', () => {
    const got = mountPointsFor([pool(1, 'tank'), pool(2, 'backup', '/srv/backup')], inputs);
    expect(got).toEqual(new Map([[uuid(2), '/srv/backup'], [uuid(1), '/mnt2/tank']]));
  });

  it('gives pools that share a label distinct folders, none of them one in use', () => {
    const twins = [pool(1, 'pw-twin', '/mnt2/pw-twin'), pool(2, 'pw-twin'), pool(3, 'pw-twin')];
    const got = mountPointsFor(twins, inputs);
    expect(got.get(uuid(1))).toBe('/mnt2/pw-twin');
    expect(got.get(uuid(2))).toBe(`/mnt2/pw-twin-${uuid(2).slice(0, 8)}`);
    expect(got.get(uuid(3))).toBe(`/mnt2/pw-twin-${uuid(3).slice(0, 8)}`);
    // Labels that differ only in what the safe form drops share a folder name too.
    const alike = mountPointsFor([pool(1, 'a b'), pool(2, 'a_b')], inputs);
    expect(new Set(alike.values()).size).toBe(2);
  });

  it('never proposes a mount point in use, even the one a unique label would get', () => {
    const got = mountPointsFor([pool(1, 'tank')], { mountRoot: '/mnt2', inUse: ['/mnt2/tank', `/mnt2/tank-${uuid(1).slice(0, 8)}`] });
    expect(got.get(uuid(1))).toBe(`/mnt2/${uuid(1)}`);
  });

  it('keeps `<root>/<label>` for the pool whose label it is, whatever the order of the pools', () => {
    // Pool 1 is labelled "tank-22222222", which is also pool 2's suffixed name.
    const a = [pool(1, `tank-${uuid(2).slice(0, 8)}`), pool(2, 'tank'), pool(3, 'tank')];
    for (const pools of [a, [...a].reverse()]) {
      const got = mountPointsFor(pools, inputs);
      expect(got.get(uuid(1))).toBe(`/mnt2/tank-${uuid(2).slice(0, 8)}`);
      expect(got.get(uuid(2))).toBe(`/mnt2/${uuid(2)}`);
      expect(new Set(got.values()).size).toBe(3);
    }
  });

  it('never leaves the root, whatever the label', () => {
    const labels = ['../../..', '/etc/passwd', '-o', '\n', '..', 'a/../../b'];
    const got = mountPointsFor(labels.map((l, i) => pool(i + 1, l)), inputs);
    for (const path of got.values()) expect(path).toMatch(/^\/mnt2\/[A-Za-z0-9+][A-Za-z0-9._+-]*$/);
    expect(new Set(got.values()).size).toBe(labels.length);
  });
});
