/**
 * One snapshot of every pool and disk on the machine.
 *
 * Cost model: a cheap fingerprint of sysfs (mounted pools' devinfo, counters, allocation,
 * exclusive op), /proc/self/mountinfo and the kernel's block device list is read without
 * spawning anything. Only when it changes, or the full-scan interval has passed, does a full
 * scan run `btrfs filesystem show`, `lsblk`, `findmnt` (one process each for all pools) and,
 * per unmounted pool, a chunk-tree read.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { DetachedDisk, Disk, DiskIdentity, Pool, PoolDevice, ProfileSet, ReadProblem } from '../../contracts/api.ts';
import { cmd } from '../host/commands.ts';
import type { Host } from '../host/host.ts';
import { BtrfsSysfs, type BtrfsSysfsRaw, blockDeviceSizes, byIdLinks, loopBackingFile } from '../host/sysfs.ts';
import { parseChunkTreeProfiles } from '../parsers/chunk-tree.ts';
import { parseDeviceUsage } from '../parsers/device-usage.ts';
import { parseFiShow, type FiShowPool } from '../parsers/fi-show.ts';
import { parseFindmntJson } from '../parsers/findmnt.ts';
import { parseLsblkJson, type LsblkDevice } from '../parsers/lsblk.ts';
import { profilesFromSysfsAllocation } from '../parsers/sysfs-profiles.ts';
import { parseSysfsErrorStats } from '../parsers/sysfs-error-stats.ts';
import type { InventoryStore } from '../store/inventory-store.ts';
import { type AttachedDisk, attachedDisks } from './disks.ts';
import { readProblem } from './read-problem.ts';

export interface Snapshot {
  scannedAt: string;
  pools: Pool[];
  disks: Disk[];
  /** Slack per member of mounted pools (a replaced member still at the old, smaller size). */
  slack: Record<string, { devid: number; slackBytes: number }[]>;
}

export interface InventoryOptions {
  clock: Clock;
  /** A full scan runs at least this often even when the fingerprint is unchanged. */
  fullScanMs: number;
}

/** What readers of the inventory need: the current snapshot (SMART, actions, the watcher, routes). */
export interface SnapshotSource {
  snapshot(opts?: { force?: boolean }): Promise<Snapshot>;
}

const EMPTY_PROFILES: ProfileSet = { data: [], metadata: [], system: [] };

export class InventoryService implements SnapshotSource {
  private last: { snapshot: Snapshot; fingerprint: string; at: number } | null = null;
  private inflight: Promise<Snapshot> | null = null;
  /** Per mounted pool: its sysfs state when `device usage` last ran, and the slack it found. */
  private slackCache = new Map<string, { key: string; slack: { devid: number; slackBytes: number }[] }>();
  private readonly sysfs: BtrfsSysfs;
  private readonly now: () => Date;
  private readonly fullScanMs: number;
  /** Per pool, the devids the last `btrfs fi show` listed as present: the only devinfo entries safe to read. */
  private presentDevids = new Map<string, Set<number>>();
  /** Full scans run so far; lets tests and the benchmark see that cached reads spawn nothing. */
  fullScans = 0;

  constructor(private readonly host: Host, private readonly store: InventoryStore, opts: InventoryOptions) {
    this.sysfs = new BtrfsSysfs(host);
    this.now = () => opts.clock.now();
    this.fullScanMs = opts.fullScanMs;
  }

  /** The current snapshot: cached while the sysfs fingerprint is unchanged and fresh enough. */
  async snapshot(opts: { force?: boolean } = {}): Promise<Snapshot> {
    if (this.inflight) return this.inflight;
    const fingerprint = await this.fingerprint();
    const fresh = this.last && this.last.fingerprint === fingerprint && this.now().getTime() - this.last.at < this.fullScanMs;
    if (fresh && !opts.force) return this.last!.snapshot;
    this.inflight = this.fullScan(fingerprint).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** What changes when a disk vanishes, a pool mounts, a counter rises or an operation starts. */
  async fingerprint(): Promise<string> {
    const uuids = await this.sysfs.mountedUuids();
    const pools = await Promise.all(uuids.map((u) => this.sysfs.read(u, this.presentDevids.get(u) ?? null)));
    const mountinfo = (await this.host.readFile('/proc/self/mountinfo')) ?? '';
    const blocks = await blockDeviceSizes(this.host);
    return createHash('sha256').update(JSON.stringify([pools, mountinfo, blocks])).digest('hex');
  }

  private async fullScan(fingerprint: string): Promise<Snapshot> {
    this.fullScans++;
    const scannedAt = this.now().toISOString();
    const [fiShowOut, findmntOut, lsblkOut, byId, uuids] = await Promise.all([
      this.host.run(cmd.fiShow()),
      this.host.run(cmd.findmntBtrfs()),
      this.host.run(cmd.lsblk()),
      byIdLinks(this.host),
      this.sysfs.mountedUuids(),
    ]);
    const fiShow = parseFiShow(fiShowOut.stdout);
    const mounts = findmntOut.stdout.trim() ? parseFindmntJson(findmntOut.stdout).mounts : [];
    const lsblk = parseLsblkJson(lsblkOut.stdout).devices;

    const loopBacking: Record<string, string | null> = {};
    for (const d of lsblk.filter((x) => x.type === 'loop')) {
      const kname = d.kname ?? d.name;
      loopBacking[kname] = await loopBackingFile(this.host, kname);
    }
    const disks = attachedDisks(lsblk, { loopBacking, byId });
    const diskByPath = new Map<string, AttachedDisk>();
    for (const d of disks) for (const p of d.paths) diskByPath.set(p, d);

    this.presentDevids = new Map(fiShow.pools.map((p) => [p.uuid, new Set(p.devices.filter((d) => !d.missing).map((d) => d.devid))]));
    const sysfsByUuid = new Map<string, BtrfsSysfsRaw>();
    for (const u of uuids) {
      const raw = await this.sysfs.read(u, this.presentDevids.get(u) ?? null);
      if (raw) sysfsByUuid.set(u, raw);
    }

    const remembered = this.store.members();
    const attachedKeys = new Set(disks.map((d) => d.identity.key));
    const pools: Pool[] = [];
    for (const fp of fiShow.pools) {
      pools.push(await this.buildPool(fp, sysfsByUuid.get(fp.uuid) ?? null, mounts, diskByPath, remembered, attachedKeys));
    }
    pools.sort((a, b) => (a.label ?? a.uuid).localeCompare(b.label ?? b.uuid));

    const memberOf = new Map<string, { uuid: string; label: string | null; devid: number }>();
    for (const p of pools) {
      for (const dev of p.devices) {
        if (!dev.path || dev.missing) continue;
        const disk = diskByPath.get(dev.path);
        if (disk) memberOf.set(disk.identity.key, { uuid: p.uuid, label: p.label, devid: dev.devid });
      }
    }
    const diskList: Disk[] = [];
    for (const d of disks) {
      const pool = memberOf.get(d.identity.key) ?? null;
      const inUseReason = pool ? null : await this.inUseReason(d);
      diskList.push({
        path: d.path, type: d.type, sizeBytes: d.sizeBytes, identity: d.identity, transport: d.transport,
        rotational: d.rotational, attached: true, role: pool ? 'member' : inUseReason ? 'in-use' : 'unused',
        inUseReason, pool, lastSeenAt: null,
      });
    }
    for (const p of pools) {
      for (const det of p.detached) {
        diskList.push({
          path: null, type: 'disk', sizeBytes: det.sizeBytes, identity: det.disk, transport: null, rotational: null,
          attached: false, role: 'detached', inUseReason: null, pool: { uuid: p.uuid, label: p.label, devid: det.devid }, lastSeenAt: det.lastSeenAt,
        });
      }
    }

    this.store.recordScan({
      at: scannedAt,
      disks: disks.map((d) => ({ identity: d.identity, path: d.path, sizeBytes: d.sizeBytes })),
      members: pools.flatMap((p) => p.devices
        .filter((dev) => !dev.missing && dev.disk)
        .map((dev) => ({ poolUuid: p.uuid, devid: dev.devid, diskKey: dev.disk!.key, sizeBytes: dev.sizeBytes }))),
      pools: pools.map((p) => ({
        uuid: p.uuid, label: p.label, totalDevices: p.totalDevices,
        // Only profiles read from the pool itself become "last known".
        profiles: p.profilesSource === 'sysfs' || p.profilesSource === 'chunk-tree' ? p.profiles : null,
      })),
    });
    for (const p of pools) for (const dev of p.devices) if (dev.errors) this.store.recordCounters(scannedAt, p.uuid, dev.devid, dev.errors);

    const slack: Snapshot['slack'] = {};
    for (const p of pools) {
      const raw = sysfsByUuid.get(p.uuid);
      if (raw && p.mountPoint) slack[p.uuid] = await this.slackOf(p, raw);
    }

    const snapshot: Snapshot = { scannedAt, pools, disks: diskList, slack };
    // The scan may have learned which devinfo entries are safe to read, which changes what the
    // fingerprint covers: take it again so an unchanged machine is not rescanned next time.
    const after = this.presentDevids.size > 0 ? await this.fingerprint() : fingerprint;
    this.last = { snapshot, fingerprint: after, at: this.now().getTime() };
    return snapshot;
  }

  private async buildPool(
    fp: FiShowPool,
    sysfs: BtrfsSysfsRaw | null,
    mounts: { source: string; target: string; options: string[]; uuid: string | null }[],
    diskByPath: Map<string, AttachedDisk>,
    remembered: ReturnType<InventoryStore['members']>,
    attachedKeys: Set<string>,
  ): Promise<Pool> {
    const problems: ReadProblem[] = [];
    const presentPaths = new Set(fp.devices.filter((d) => !d.missing && d.path).map((d) => d.path!));
    const poolMounts = mounts.filter((m) => m.uuid === fp.uuid || presentPaths.has(m.source.replace(/\[.*\]$/, '')));
    // A pool can be mounted several times (subvolumes): the top-level mount is the pool's.
    const mount = poolMounts.find((m) => m.options.includes('subvolid=5') || m.options.includes('subvol=/'))
      ?? [...poolMounts].sort((a, b) => a.target.length - b.target.length)[0] ?? null;
    const mounted = Boolean(sysfs) || Boolean(mount);

    const devices = new Map<number, PoolDevice>();
    for (const d of fp.devices) {
      devices.set(d.devid, {
        devid: d.devid, path: d.missing ? null : d.path, missing: d.missing, sizeBytes: d.sizeBytes,
        usedBytes: d.missing ? null : d.usedBytes, errors: null,
        disk: !d.missing && d.path ? diskByPath.get(d.path)?.identity ?? null : null,
      });
    }
    const missingDevids = new Set<number>(fp.devices.filter((d) => d.missing).map((d) => d.devid));

    let profiles: ProfileSet = EMPTY_PROFILES;
    let profilesSource: Pool['profilesSource'] = 'unknown';
    if (sysfs) {
      const listed = fp.devices.length;
      for (const info of sysfs.devinfo) {
        // devid 0 is the target of a running replace, not a member yet.
        if (info.devid === 0) continue;
        if (!info.read && !devices.has(info.devid)) {
          // Not listed by fi show: a missing member that old btrfs-progs do not print (fi show
          // then counts fewer devid lines than members), else a stale entry of a removed member.
          const unlisted = fp.totalDevices - listed - (missingDevids.size - fp.devices.filter((d) => d.missing).length);
          if (unlisted <= 0) continue;
          missingDevids.add(info.devid);
          devices.set(info.devid, { devid: info.devid, path: null, missing: true, sizeBytes: 0, usedBytes: null, errors: null, disk: null });
          continue;
        }
        if (info.missing === '1') missingDevids.add(info.devid);
        const dev = devices.get(info.devid) ?? {
          devid: info.devid, path: null, missing: info.missing === '1', sizeBytes: 0, usedBytes: null, errors: null, disk: null,
        };
        if (info.missing === '1') dev.missing = true;
        if (info.errorStats !== null) {
          try {
            dev.errors = parseSysfsErrorStats(info.errorStats);
          } catch (err) {
            problems.push(readProblem(`devinfo/${info.devid}/error_stats`, err));
          }
        }
        devices.set(info.devid, dev);
      }
      profiles = profilesFromSysfsAllocation([
        { type: 'data', dirNames: sysfs.allocation.data },
        { type: 'metadata', dirNames: sysfs.allocation.metadata },
        { type: 'system', dirNames: sysfs.allocation.system },
      ]);
      profilesSource = 'sysfs';
    } else {
      const member = fp.devices.find((d) => !d.missing && d.path);
      if (member?.path) {
        try {
          const out = await this.host.run(cmd.dumpChunkTree(member.path));
          const chunk = parseChunkTreeProfiles(out.stdout);
          profiles = chunk.profiles;
          profilesSource = 'chunk-tree';
          // The chunk tree lists every member (DEV_ITEM): those btrfs cannot find are the missing ones.
          for (const item of chunk.devices ?? []) {
            if (!devices.has(item.devid)) {
              missingDevids.add(item.devid);
              devices.set(item.devid, { devid: item.devid, path: null, missing: true, sizeBytes: item.totalBytes, usedBytes: null, errors: null, disk: null });
            }
          }
        } catch (err) {
          problems.push(readProblem('chunk-tree', err));
        }
      }
      if (profilesSource === 'unknown') {
        const known = this.store.lastKnownProfiles(fp.uuid);
        if (known) {
          profiles = known;
          profilesSource = 'inventory';
        }
      }
    }

    const present = [...devices.values()].filter((d) => !d.missing).length;
    const missingCount = Math.max(fp.totalDevices - present, missingDevids.size, fp.someDevicesMissing ? 1 : 0);
    if (missingDevids.size < missingCount) {
      // Older btrfs-progs and unreadable chunk trees (raid0 system chunks) do not name the missing
      // devid. What fi show warned about, then what poolwatch remembers of this pool, fill the gap.
      const candidates = [
        ...fp.missingDevids,
        ...remembered.filter((m) => m.poolUuid === fp.uuid).map((m) => m.devid),
      ].filter((id) => !devices.has(id) || devices.get(id)?.missing);
      for (const devid of candidates) {
        if (missingDevids.size >= missingCount) break;
        if (missingDevids.has(devid)) continue;
        missingDevids.add(devid);
        const mem = remembered.find((m) => m.poolUuid === fp.uuid && m.devid === devid);
        devices.set(devid, { devid, path: null, missing: true, sizeBytes: mem?.sizeBytes ?? 0, usedBytes: null, errors: null, disk: null });
      }
    }

    const detached: DetachedDisk[] = remembered
      .filter((m) => m.poolUuid === fp.uuid && !attachedKeys.has(m.disk.key))
      .filter((m) => missingDevids.has(m.devid) || !devices.has(m.devid) || devices.get(m.devid)?.missing)
      .map((m) => ({ devid: m.devid, disk: m.disk as DiskIdentity, lastPath: m.lastPath, sizeBytes: m.sizeBytes, lastSeenAt: m.lastSeen }));
    for (const det of detached) {
      const dev = det.devid !== null ? devices.get(det.devid) : undefined;
      if (dev && dev.missing) {
        dev.disk = det.disk;
        if (!dev.sizeBytes && det.sizeBytes) dev.sizeBytes = det.sizeBytes;
      }
    }

    const deviceList = [...devices.values()].sort((a, b) => a.devid - b.devid);
    return {
      uuid: fp.uuid,
      label: fp.label ?? sysfs?.label ?? null,
      mounted,
      mountPoint: mount?.target ?? null,
      mountOptions: mount?.options ?? [],
      profiles,
      profilesSource,
      totalDevices: fp.totalDevices,
      missingCount,
      missingDevids: [...missingDevids].sort((a, b) => a - b),
      // The pool's size includes missing members whose size is known: a pulled disk does not shrink the pool.
      sizeBytes: deviceList.reduce((s, d) => s + d.sizeBytes, 0),
      usedBytes: fp.fsBytesUsed ?? null,
      exclusiveOperation: sysfs?.exclusiveOperation ?? null,
      devices: deviceList,
      detached,
      problems,
    };
  }

  /** `btrfs device usage` only when the pool's sysfs state changed since it last ran. */
  private async slackOf(p: Pool, raw: BtrfsSysfsRaw): Promise<{ devid: number; slackBytes: number }[]> {
    const key = JSON.stringify([raw.deviceNames, raw.devinfo.map((d) => [d.devid, d.missing]), p.devices.map((d) => d.sizeBytes)]);
    const cached = this.slackCache.get(p.uuid);
    if (cached?.key === key) return cached.slack;
    // While balance/replace/remove runs, `device usage` waits on the same lock and would stall
    // the watcher for every pool: keep the last answer until the operation ends.
    if (raw.exclusiveOperation && raw.exclusiveOperation !== 'none') return cached?.slack ?? [];
    try {
      const out = await this.host.run(cmd.deviceUsage(p.mountPoint!));
      const slack = parseDeviceUsage(out.stdout).devices
        .filter((d) => !d.missing && (d.deviceSlackBytes ?? 0) > 0)
        .map((d) => ({ devid: d.devid, slackBytes: d.deviceSlackBytes! }));
      this.slackCache.set(p.uuid, { key, slack });
      return slack;
    } catch (err) {
      p.problems.push(readProblem('device-usage', err));
      return [];
    }
  }

  /** Why a non-member disk is not a spare candidate, or null when it is blank and free. */
  private async inUseReason(d: AttachedDisk): Promise<string | null> {
    if (!d.sizeBytes) return 'no medium (size 0)';
    if (d.mounted) return 'mounted';
    if (d.hasChildren) return 'has partitions or holders';
    if (d.fsType) return `${d.fsType} signature`;
    try {
      const out = await this.host.run(cmd.blkidProbe(d.path));
      const type = /^TYPE=(.*)$/m.exec(out.stdout)?.[1] ?? /^PTTYPE=(.*)$/m.exec(out.stdout)?.[1];
      if (type) return `${type} signature`;
      return out.exitCode === 2 ? null : 'unclear signature probe';
    } catch (err) {
      return `could not probe: ${(err as Error).message}`;
    }
  }
}

export type { LsblkDevice };
