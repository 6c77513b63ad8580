import { describe, expect, it } from 'vitest';
import { btrfsMountLines, parsePartitions } from './watch-facts.ts';

const PARTITIONS = parsePartitions('major minor  #blocks  name\n\n   7        3     524288 loop3\n 254        0  264241152 vda\n');
const MOUNTINFO = [
  '24 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '25 24 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=10240k',
  '26 25 0:24 / /dev/pts rw,nosuid shared:3 - devpts devpts rw',
  '90 24 0:51 / /mnt/pool rw,relatime shared:40 - btrfs /dev/loop3 rw,space_cache=v2,subvolid=5,subvol=/',
].join('\n');
const HIDDEN = '91 25 0:60 /tmp/x.sock /dev/loop3 rw,relatime shared:41 - tmpfs tmpfs rw';

describe('btrfsMountLines', () => {
  it('keeps the btrfs mounts and nothing else of an ordinary mount table', () => {
    expect(btrfsMountLines(MOUNTINFO, PARTITIONS)).toBe(MOUNTINFO.split('\n')[3]);
  });

  it('also keeps a mount over a block device node: the device is hidden from btrfs, so the facts change', () => {
    const before = btrfsMountLines(MOUNTINFO, PARTITIONS);
    const after = btrfsMountLines(`${MOUNTINFO}\n${HIDDEN}`, PARTITIONS);
    expect(after).not.toBe(before);
    expect(after.split('\n')).toContain(HIDDEN);
    // A mount over a /dev path that is not a block device (e.g. /dev/pts) is not a fact.
    expect(btrfsMountLines(`${MOUNTINFO}\n27 25 0:25 / /dev/shm rw - tmpfs tmpfs rw`, PARTITIONS)).toBe(before);
  });
});
