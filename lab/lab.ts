/**
 * The scenario lab: real btrfs pools on loop-backed sparse files, for integration and e2e tests
 * and for admins who want to see poolwatch react to a failure without risking a real disk.
 *
 * Ownership rule: the lab owns exactly the loop devices whose backing file lies under its own
 * folder, the mounts under that folder, and the bind mounts whose source lies in it (how a disk of
 * a mounted pool is pulled, see Lab.pull). `down` tears down only those — never any other loop
 * device or mount on the machine.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const DEFAULT_LAB_DIR = resolve(process.env.POOLWATCH_LAB_DIR ?? join(import.meta.dirname, '..', '.lab'));
const MIB = 1024 * 1024;
/** Small enough to be quick and sparse, big enough for raid5/raid10 chunk allocation. */
export const DEFAULT_DISK_MIB = 512;

export interface LabDisk {
  name: string;
  file: string;
  sizeBytes: number;
  /** Current loop device, null while pulled. */
  loop: string | null;
  /**
   * Pulled from a mounted pool: the loop device the kernel still holds (btrfs keeps it open while
   * mounted) and whose /dev node is hidden; `attach` shows it again.
   */
  hidden?: string | null;
}

export interface LabPool {
  label: string;
  uuid: string;
  profile: { data: string; metadata: string };
  disks: string[];
  mountPoint: string;
  /** sha256 of files written by the lab, for checking data survives a recovery. */
  files: Record<string, string>;
}

export interface LabState {
  scenario: string;
  dir: string;
  disks: Record<string, LabDisk>;
  pools: Record<string, LabPool>;
  notes: string[];
}

export class LabError extends Error {
  override readonly name = 'LabError';
}

export async function sh(file: string, args: string[], opts: { okExitCodes?: number[] } = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const r = await execa(file, args, { reject: false, env: { LC_ALL: 'C' }, stdin: 'ignore', timeout: 300_000 });
  const exitCode = r.exitCode ?? -1;
  if (exitCode !== 0 && !(opts.okExitCodes ?? []).includes(exitCode)) {
    throw new LabError(`\`${[file, ...args].join(' ')}\` exited ${exitCode}: ${String(r.stderr).trim() || String(r.stdout).trim()}`);
  }
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode };
}

/** Why the lab cannot run here, or null when it can (root, btrfs-progs, loop devices, btrfs in the kernel). */
export async function labUnavailableReason(): Promise<string | null> {
  if (process.platform !== 'linux') return `the lab needs Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the lab needs root (it creates loop devices and mounts)';
  for (const tool of ['mkfs.btrfs', 'btrfs', 'losetup', 'mount']) {
    const r = await execa('sh', ['-c', `command -v ${tool}`], { reject: false, env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
    if (r.exitCode !== 0) return `${tool} is not installed (apt-get install btrfs-progs)`;
  }
  const fs = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  if (!/\bbtrfs\b/.test(fs)) {
    await execa('modprobe', ['btrfs'], { reject: false });
    const again = await readFile('/proc/filesystems', 'utf8').catch(() => '');
    if (!/\bbtrfs\b/.test(again)) return 'the kernel has no btrfs support (modprobe btrfs failed)';
  }
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control: loop devices are not available';
  return null;
}

export class Lab {
  readonly state: LabState;
  private constructor(state: LabState) {
    this.state = state;
  }

  static stateFile(root: string, scenario: string): string {
    return join(root, scenario, 'state.json');
  }

  static async create(root: string, scenario: string): Promise<Lab> {
    const dir = join(root, scenario);
    if (existsSync(Lab.stateFile(root, scenario))) {
      throw new LabError(`scenario ${scenario} is already up in ${dir}; run \`npm run lab -- down ${scenario}\` first`);
    }
    await mkdir(join(dir, 'mnt'), { recursive: true });
    return new Lab({ scenario, dir, disks: {}, pools: {}, notes: [] });
  }

  static async load(root: string, scenario: string): Promise<Lab | null> {
    try {
      return new Lab(JSON.parse(await readFile(Lab.stateFile(root, scenario), 'utf8')) as LabState);
    } catch {
      return null;
    }
  }

  async save(): Promise<void> {
    await writeFile(join(this.state.dir, 'state.json'), JSON.stringify(this.state, null, 2));
  }

  /** A sparse backing file attached to a fresh loop device. */
  async disk(name: string, sizeMiB = DEFAULT_DISK_MIB): Promise<LabDisk> {
    const file = join(this.state.dir, `${name}.img`);
    const fh = await open(file, 'w');
    await fh.truncate(sizeMiB * MIB);
    await fh.close();
    const disk: LabDisk = { name, file, sizeBytes: sizeMiB * MIB, loop: null };
    this.state.disks[name] = disk;
    await this.save();
    disk.loop = (await sh('losetup', ['--find', '--show', file])).stdout.trim();
    await this.save();
    return disk;
  }

  loopOf(name: string): string {
    const d = this.state.disks[name];
    if (!d?.loop) throw new LabError(`lab disk ${name} is not attached`);
    return d.loop;
  }

  /** `opts.label`: any label (hostile ones included); default `pw-<poolName>`. */
  /** `opts.mountName`: the folder under `<lab>/mnt/` it mounts on (default: the pool name). */
  async mkfs(poolName: string, diskNames: string[], data: string, metadata: string, opts: { label?: string; mountName?: string } = {}): Promise<LabPool> {
    const label = opts.label ?? `pw-${poolName}`;
    const devs = diskNames.map((n) => this.loopOf(n));
    await sh('mkfs.btrfs', ['-f', '-q', '-L', label, '-d', data, '-m', metadata, '--', ...devs]);
    const uuid = (await sh('blkid', ['-p', '-s', 'UUID', '-o', 'value', devs[0]!])).stdout.trim();
    const pool: LabPool = { label, uuid, profile: { data, metadata }, disks: diskNames, mountPoint: join(this.state.dir, 'mnt', opts.mountName ?? poolName), files: {} };
    this.state.pools[poolName] = pool;
    await mkdir(pool.mountPoint, { recursive: true });
    await this.save();
    return pool;
  }

  /**
   * Relabels a pool (`btrfs filesystem label`): on its mount point when mounted, else on an
   * attached member. btrfs accepts almost any bytes, newlines and tabs included.
   */
  async relabel(poolName: string, label: string, opts: { mounted?: boolean } = {}): Promise<void> {
    const p = this.pool(poolName);
    const target = opts.mounted ? p.mountPoint : p.disks.map((n) => this.state.disks[n]?.loop).find((l): l is string => Boolean(l));
    if (!target) throw new LabError(`pool ${poolName} has no attached disk to relabel`);
    await sh('btrfs', ['filesystem', 'label', '--', target, label]);
    p.label = label;
    await this.save();
  }

  pool(poolName: string): LabPool {
    const p = this.state.pools[poolName];
    if (!p) throw new LabError(`no lab pool ${poolName}`);
    return p;
  }

  async mount(poolName: string, options: string[] = []): Promise<void> {
    const p = this.pool(poolName);
    const dev = p.disks.map((n) => this.state.disks[n]?.loop).find((l): l is string => Boolean(l));
    if (!dev) throw new LabError(`pool ${poolName} has no attached disk to mount`);
    await sh('btrfs', ['device', 'scan']);
    await sh('mount', ['-t', 'btrfs', ...(options.length ? ['-o', options.join(',')] : []), dev, p.mountPoint]);
  }

  async umount(poolName: string): Promise<void> {
    const target = this.pool(poolName).mountPoint;
    // A running poolwatch reads a new mount at once (fi usage, device stats): busy for a moment.
    const until = Date.now() + 10_000;
    for (;;) {
      try {
        await sh('umount', [target]);
        return;
      } catch (err) {
        if (Date.now() > until || !/target is busy/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Writes a file of pseudo-random bytes (seeded, so reproducible) and records its sha256. */
  async writeFile(poolName: string, fileName: string, sizeMiB: number, fill?: Buffer): Promise<string> {
    const p = this.pool(poolName);
    const path = join(p.mountPoint, fileName);
    const hash = createHash('sha256');
    const fh = await open(path, 'w');
    let seed = 0x9e3779b9 ^ fileName.length;
    for (let i = 0; i < sizeMiB; i++) {
      let chunk: Buffer;
      if (fill) {
        chunk = Buffer.alloc(MIB);
        for (let o = 0; o < MIB; o += fill.length) fill.copy(chunk, o);
      } else {
        chunk = Buffer.allocUnsafe(MIB);
        for (let o = 0; o < MIB; o += 4) {
          seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
          chunk.writeUInt32LE(seed, o);
        }
      }
      hash.update(chunk);
      await fh.write(chunk);
    }
    await fh.sync();
    await fh.close();
    const digest = hash.digest('hex');
    p.files[fileName] = digest;
    await this.save();
    return digest;
  }

  /**
   * Pulls a disk as if its cable came out.
   *
   * Its pool unmounted: the loop device goes away (btrfs is told to forget it first, so a later
   * loop device that reuses the number is not mistaken for it).
   *
   * Its pool mounted: the kernel cannot detach a loop device that btrfs holds open (`losetup -d`
   * only marks it to go when the pool is unmounted), so the lab does what a pulled SATA disk does
   * to user space instead: its /dev node disappears. A Unix socket file from the lab's folder is
   * bind-mounted over /dev/loopN; opening it then fails (ENXIO), and `btrfs filesystem show` lists
   * the member as MISSING, as it does for a yanked disk. The kernel itself still reads and writes
   * the device (a real yanked disk would answer with I/O errors), and the loop stays attached, so
   * the number is never handed to anyone else while hidden. `attach` removes the bind mount.
   */
  async pull(diskName: string): Promise<void> {
    const d = this.state.disks[diskName];
    if (!d?.loop) throw new LabError(`lab disk ${diskName} is not attached`);
    const pool = Object.values(this.state.pools).find((p) => p.disks.includes(diskName)) ?? null;
    if (pool && (await mountedUuids()).has(pool.uuid)) {
      const sock = join(this.state.dir, `${diskName}.pulled.sock`);
      await unixSocketFile(sock);
      await sh('mount', ['--bind', sock, d.loop]);
      d.hidden = d.loop;
      d.loop = null;
      await this.save();
      return;
    }
    await sh('btrfs', ['device', 'scan', '--forget', d.loop], { okExitCodes: [1] });
    await sh('losetup', ['-d', d.loop]);
    await waitFor(async () => !(await loopsOwnedBy(d.file)).length, `${d.loop} to detach`);
    d.loop = null;
    await this.save();
  }

  /** Plugs a pulled disk back in (on whatever loop device is free, or the one it was hidden on) and rescans. */
  async attach(diskName: string): Promise<string> {
    const d = this.state.disks[diskName];
    if (!d) throw new LabError(`no lab disk ${diskName}`);
    if (d.loop) return d.loop;
    if (d.hidden) {
      await sh('umount', [d.hidden]);
      d.loop = d.hidden;
      d.hidden = null;
      await this.save();
      await sh('btrfs', ['device', 'scan', d.loop], { okExitCodes: [1] });
      return d.loop;
    }
    d.loop = (await sh('losetup', ['--find', '--show', d.file])).stdout.trim();
    await this.save();
    await sh('btrfs', ['device', 'scan', d.loop], { okExitCodes: [1] });
    return d.loop;
  }

  /** Overwrites every copy-sized run of `pattern` found in one disk's backing file (one mirror only). */
  async corrupt(diskName: string, pattern: Buffer, maxHits = 4): Promise<number> {
    const d = this.state.disks[diskName];
    if (!d) throw new LabError(`no lab disk ${diskName}`);
    const fh = await open(d.file, 'r+');
    const step = 8 * MIB;
    const buf = Buffer.alloc(step + pattern.length);
    let hits = 0;
    try {
      for (let pos = 0; pos < d.sizeBytes && hits < maxHits; pos += step) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        let at = buf.subarray(0, bytesRead).indexOf(pattern);
        while (at >= 0 && at < step && hits < maxHits) {
          // Zero one 4 KiB block: enough for a checksum mismatch, small enough to keep the rest.
          const blockStart = pos + at - ((pos + at) % 4096);
          await fh.write(Buffer.alloc(4096, 0xa5), 0, 4096, blockStart);
          hits++;
          at = buf.indexOf(pattern, at + 65536);
        }
      }
    } finally {
      await fh.close();
    }
    if (hits === 0) throw new LabError(`pattern not found in ${d.file}`);
    return hits;
  }

  /**
   * Damages the primary superblock of one disk: flips the first byte of its checksum. blkid still
   * sees the btrfs signature (it does not verify the checksum); btrfs-progs refuses the superblock,
   * so `btrfs filesystem show -- <uuid>` fails: what a pool poolwatch cannot read looks like.
   */
  async damageSuperblock(diskName: string): Promise<void> {
    const d = this.state.disks[diskName];
    if (!d) throw new LabError(`no lab disk ${diskName}`);
    const SUPERBLOCK = 64 * 1024;
    const fh = await open(d.file, 'r+');
    try {
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, SUPERBLOCK);
      b[0] = b[0]! ^ 0xff;
      await fh.write(b, 0, 1, SUPERBLOCK);
      await fh.sync();
    } finally {
      await fh.close();
    }
    // The loop device may have the old block cached: drop its page cache.
    if (d.loop) await sh('blockdev', ['--flushbufs', d.loop]);
  }

  note(text: string): void {
    this.state.notes.push(text);
  }
}

/** Loop devices whose backing file is `file` (or lies under the folder `file`). */
export async function loopsOwnedBy(fileOrDir: string): Promise<string[]> {
  const r = await sh('losetup', ['--list', '--json', '--output', 'NAME,BACK-FILE']);
  if (!r.stdout.trim()) return [];
  const rows = (JSON.parse(r.stdout) as { loopdevices?: { name: string; 'back-file': string | null }[] }).loopdevices ?? [];
  const prefix = fileOrDir.endsWith('.img') ? null : `${fileOrDir.replace(/\/$/, '')}/`;
  return rows
    .filter((row) => {
      // losetup appends " (deleted)" when the backing file was removed.
      const back = (row['back-file'] ?? '').replace(/ \(deleted\)$/, '');
      return prefix ? back.startsWith(prefix) : back === fileOrDir;
    })
    .map((row) => row.name);
}

async function mountsUnder(dir: string): Promise<string[]> {
  const r = await sh('findmnt', ['-J', '-l', '-o', 'TARGET'], { okExitCodes: [1] });
  if (!r.stdout.trim()) return [];
  const rows = (JSON.parse(r.stdout) as { filesystems: { target: string }[] }).filesystems;
  const prefix = `${dir.replace(/\/$/, '')}/`;
  // Deepest first, so nested mounts come off before their parents.
  return rows.map((x) => x.target).filter((t) => t.startsWith(prefix)).sort((a, b) => b.length - a.length);
}

/** uuids of the btrfs filesystems mounted anywhere on the machine. */
export async function mountedUuids(): Promise<Set<string>> {
  const r = await sh('findmnt', ['-n', '-l', '-t', 'btrfs', '-o', 'UUID'], { okExitCodes: [1] });
  return new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** A Unix socket file at `path` that outlives its (closed) listener: nothing can open() it. */
async function unixSocketFile(path: string): Promise<void> {
  await rm(path, { force: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(tmp, resolve));
  // Node unlinks its socket file on close: a second name keeps the inode.
  await link(tmp, path);
  await new Promise((r) => server.close(r));
}

/** Bind mounts whose source file lies under `dir` (a pulled disk's hidden /dev node). */
async function bindsFrom(dir: string): Promise<string[]> {
  const prefix = `${dir.replace(/\/$/, '')}/`;
  const out: string[] = [];
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
    // mountinfo fields: id parent major:minor root mountpoint … (octal escapes for spaces).
    const f = line.split(' ');
    const root = (f[3] ?? '').replace(/\\040/g, ' ');
    if (root.startsWith(prefix) && f[4]) out.push(f[4].replace(/\\040/g, ' '));
  }
  return out;
}

/** Tears down one scenario's folder: its hidden disks, its mounts, its loop devices, its files. Nothing else. */
export async function teardown(dir: string): Promise<string[]> {
  const done: string[] = [];
  // First: a hidden /dev/loopN must be visible again before anything can free that loop.
  for (const target of await bindsFrom(dir)) {
    await sh('umount', [target]).catch(async () => sh('umount', ['-l', target]));
    done.push(`showed ${target} again`);
  }
  for (const m of await mountsUnder(dir)) {
    // A scrub or balance keeps the mount busy: cancel what we can before unmounting.
    await sh('btrfs', ['scrub', 'cancel', m], { okExitCodes: [1, 2] }).catch(() => undefined);
    await sh('btrfs', ['balance', 'cancel', m], { okExitCodes: [1, 2] }).catch(() => undefined);
    await sh('btrfs', ['replace', 'cancel', m], { okExitCodes: [1, 2] }).catch(() => undefined);
    await sh('umount', [m]).catch(async () => sh('umount', ['-l', m]));
    done.push(`unmounted ${m}`);
  }
  for (const loop of await loopsOwnedBy(dir)) {
    await sh('btrfs', ['device', 'scan', '--forget', loop], { okExitCodes: [1] }).catch(() => undefined);
    await sh('losetup', ['-d', loop]);
    done.push(`detached ${loop}`);
  }
  await rm(dir, { recursive: true, force: true });
  return done;
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LabError(`timed out waiting for ${what}`);
}
