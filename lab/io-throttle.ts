/**
 * Slows the disk reads of the processes started through it, so a test can catch a kernel
 * operation (a balance) while it still runs: a cgroup of its own with a read limit per block
 * device — cgroup v1 `blkio.throttle.read_bps_device`, or cgroup v2 `io.max` (rbps). It creates
 * and removes only its own cgroup.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFiShow } from '../server/parsers/fi-show.ts';
import { sh } from './lab.ts';

const V1_ROOT = '/sys/fs/cgroup/blkio';
const V2_ROOT = '/sys/fs/cgroup';

type Kind = 'v1' | 'v2';

async function kindHere(): Promise<{ kind: Kind } | { why: string }> {
  if (existsSync(join(V1_ROOT, 'blkio.throttle.read_bps_device'))) return { kind: 'v1' };
  const controllers = await readFile(join(V2_ROOT, 'cgroup.controllers'), 'utf8').catch(() => null);
  if (controllers?.split(/\s+/).includes('io')) return { kind: 'v2' };
  return { why: 'no cgroup-v1 blkio controller and no cgroup-v2 io controller on this machine' };
}

/** Why no read throttle can be made here, or null. */
export async function ioThrottleUnavailable(): Promise<string | null> {
  const k = await kindHere();
  return 'why' in k ? k.why : null;
}

/** major:minor of a block device node (Linux dev_t: 12-bit major, 20-bit minor split in two). */
async function majorMinor(devicePath: string): Promise<string> {
  const rdev = (await stat(devicePath)).rdev;
  const major = Math.floor(rdev / 256) & 0xfff;
  const minor = (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00);
  return `${major}:${minor}`;
}

export class IoThrottle {
  private constructor(private readonly kind: Kind, private readonly dir: string, private readonly parent: string) {}

  static async create(name: string): Promise<IoThrottle> {
    const k = await kindHere();
    if ('why' in k) throw new Error(`cannot throttle reads: ${k.why}`);
    const parent = k.kind === 'v1' ? V1_ROOT : V2_ROOT;
    // cgroup v2: a child's io.max needs the io controller enabled below the root.
    if (k.kind === 'v2') await writeFile(join(V2_ROOT, 'cgroup.subtree_control'), '+io');
    const dir = join(parent, name);
    await mkdir(dir, { recursive: true });
    return new IoThrottle(k.kind, dir, parent);
  }

  /** Reads of `devicePath` by processes in this cgroup: at most `bytesPerSecond`. */
  async limitReads(devicePath: string, bytesPerSecond: number): Promise<void> {
    const dev = await majorMinor(devicePath);
    if (this.kind === 'v1') await writeFile(join(this.dir, 'blkio.throttle.read_bps_device'), `${dev} ${bytesPerSecond}`);
    else await writeFile(join(this.dir, 'io.max'), `${dev} rbps=${bytesPerSecond}`);
  }

  /** Runs `argv` inside the cgroup (what it forks stays there). */
  async run(argv: string[]): Promise<void> {
    await sh('sh', ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', this.dir, ...argv]);
  }

  /** Moves what still runs in the cgroup back to its parent and removes the cgroup. */
  async remove(): Promise<void> {
    try {
      const pids = (await readFile(join(this.dir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean);
      for (const pid of pids) await writeFile(join(this.parent, 'cgroup.procs'), pid).catch(() => undefined); // it may have exited meanwhile
      await rmdir(this.dir);
    } catch (err) {
      console.warn(`could not remove the cgroup ${this.dir}: ${(err as Error).message}`);
    }
  }
}

/**
 * Replace/scrub throttle: sets scrub_speed_max (bytes per second, 0 lifts it; it paces a replace
 * too) on those of `devids` that btrfs lists as present; a write the kernel refuses is an error.
 * Never touches devinfo of a member fi show does not list: on kernel 6.18 the stale entry a
 * removed member leaves behind oopses the kernel when accessed.
 */
export async function throttleScrub(uuid: string, devids: number[], bytesPerSecond: number): Promise<void> {
  const show = await sh('btrfs', ['filesystem', 'show', '--raw', uuid]);
  const present = new Set(parseFiShow(show.stdout).pools.flatMap((p) => p.devices.filter((d) => !d.missing).map((d) => d.devid)));
  for (const id of devids.filter((d) => present.has(d))) {
    await writeFile(`/sys/fs/btrfs/${uuid}/devinfo/${id}/scrub_speed_max`, String(bytesPerSecond));
  }
}
