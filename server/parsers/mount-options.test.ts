import { describe, expect, it } from 'vitest';
import { hasMountOption, mountOptionValue, parseMountOptions } from './mount-options.ts';

describe('parseMountOptions', () => {
  const cases: { input: string; want: string[]; why: string }[] = [
    { input: 'rw,relatime,degraded,discard=async,space_cache=v2,subvolid=5,subvol=/', want: ['rw', 'relatime', 'degraded', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'], why: 'a degraded btrfs mount (captured)' },
    { input: 'rw', want: ['rw'], why: 'one option' },
    { input: '', want: [], why: 'nothing' },
    { input: 'rw,,noatime,', want: ['rw', 'noatime'], why: 'empty items are dropped' },
    { input: 'ro,errors=remount-ro', want: ['ro', 'errors=remount-ro'], why: 'key=value kept whole' },
    { input: 'compress=zstd:3,ssd', want: ['compress=zstd:3', 'ssd'], why: 'a value with a colon' },
    { input: 'rw,device=/dev/sdb,device=/dev/sdc', want: ['rw', 'device=/dev/sdb', 'device=/dev/sdc'], why: 'a repeated option stays repeated' },
    { input: 'rw,subvolid=256,subvol=/a,b c', want: ['rw', 'subvolid=256', 'subvol=/a,b c'], why: 'findmnt unescapes \\054: a subvolume named "a,b c" (captured)' },
    { input: 'rw,subvolid=256,subvol=/x,degraded', want: ['rw', 'subvolid=256', 'subvol=/x,degraded'], why: 'a subvolume named "x,degraded" must not fake the degraded option' },
    { input: 'rw,subvol=/data,X-mount.mkdir', want: ['rw', 'subvol=/data', 'X-mount.mkdir'], why: 'libmount appends utab X-* options after the kernel ones' },
    { input: 'subvol=/', want: ['subvol=/'], why: 'subvol alone' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.input)}: ${c.why}`, () => expect(parseMountOptions(c.input)).toEqual(c.want));
  }
});

describe('hasMountOption', () => {
  const options = ['rw', 'norecovery', 'errors=remount-ro', 'degraded', 'compress=zstd:3', 'subvol=/ro'];
  const cases: [name: string, want: boolean][] = [
    ['rw', true],
    ['ro', false], // not errors=remount-ro, not subvol=/ro
    ['recovery', false], // not norecovery
    ['norecovery', true],
    ['degraded', true],
    ['degrade', false],
    ['compress', true], // by name, whatever the value
    ['compress=zstd:3', false], // a name, not an option string
    ['errors', true],
    ['', false],
  ];
  for (const [name, want] of cases) {
    it(`${JSON.stringify(name)} → ${String(want)}`, () => expect(hasMountOption(options, name)).toBe(want));
  }
  it('`degraded` matches only `degraded`', () => {
    expect(hasMountOption(['rw', 'nodegraded', 'degraded=1', 'x-degraded'], 'degraded')).toBe(true); // degraded=1: name is degraded
    expect(hasMountOption(['rw', 'nodegraded', 'x-degraded'], 'degraded')).toBe(false);
  });
});

describe('mountOptionValue', () => {
  const options = ['rw', 'space_cache=v2', 'subvolid=256', 'subvol=/a,b c', 'device=/dev/sdb', 'device=/dev/sdc', 'empty='];
  const cases: [name: string, want: string | null][] = [
    ['subvol', '/a,b c'],
    ['subvolid', '256'],
    ['space_cache', 'v2'],
    ['rw', null], // a flag has no value
    ['cache', null], // not space_cache
    ['device', '/dev/sdc'], // the last wins, as with mount(8)
    ['empty', ''],
    ['missing', null],
  ];
  for (const [name, want] of cases) {
    it(`${name} → ${JSON.stringify(want)}`, () => expect(mountOptionValue(options, name)).toBe(want));
  }
});
