/**
 * `scrub_speed_max` (kernel 5.14+): a per-member scrub speed limit in bytes per second, in
 * /sys/fs/btrfs/<uuid>/devinfo/<devid>/. The only sysfs file poolwatch writes. Callers pass only
 * devids btrfs lists as present: a removed member's stale devinfo entry must never be touched
 * (docs/decisions/009-stale-devinfo-entries.md).
 */
import { access, writeFile } from 'node:fs/promises';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ScrubSpeed {
  /** Sets the limit (0: none) on each listed member; resolves false where the kernel has no such file. */
  set(poolUuid: string, devids: readonly number[], bytesPerSecond: number): Promise<boolean>;
}

export class SysfsScrubSpeed implements ScrubSpeed {
  constructor(private readonly root = '/sys/fs/btrfs') {}

  async set(poolUuid: string, devids: readonly number[], bytesPerSecond: number): Promise<boolean> {
    if (!UUID.test(poolUuid)) throw new Error(`not a pool uuid: ${poolUuid}`);
    if (!Number.isSafeInteger(bytesPerSecond) || bytesPerSecond < 0) throw new Error(`not a speed: ${bytesPerSecond}`);
    const files = devids.map((devid) => {
      if (!Number.isSafeInteger(devid) || devid < 1) throw new Error(`not a devid: ${devid}`);
      return `${this.root}/${poolUuid}/devinfo/${devid}/scrub_speed_max`;
    });
    if (files.length === 0) return false;
    try {
      await access(files[0]!);
    } catch {
      return false;
    }
    // 'r+': sysfs attributes exist or not; never create a file.
    for (const f of files) await writeFile(f, `${bytesPerSecond}\n`, { flag: 'r+' });
    return true;
  }
}
