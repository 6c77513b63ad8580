/**
 * One full scan of every pool and disk on the machine (docs/decisions/006, 010, 021).
 *
 * A scan runs `lsblk` and `findmnt` (one process each), `blkid -p` per block device that is not a
 * member of a mounted pool (when udev has not told lsblk its filesystem), then per pool one
 * `btrfs filesystem show -- <uuid>` and, unmounted, a chunk-tree read. The watcher
 * (server/watch/watcher.ts) decides when a scan is needed from cheap kernel facts; nothing else
 * scans, except an action checking the pool it is about to change (`snapshot({ force: true })`).
 *
 * Identity (ADR 010): a pool's uuid and label come from sysfs (mounted) or blkid (unmounted),
 * never from splitting text that holds a label; `fi show` is asked about one known uuid and read
 * from the end. A pool whose output cannot be read becomes one `unreadable` pool; the others are
 * still reported.
 *
 * Hung pools (ADR 018, 021): each pool is read on its own, and the scan waits for one pool at most
 * `poolPatienceMs` once its commands started. A pool that has not answered by then keeps the view
 * the previous scan had, marked `stale` with the command it is stuck on; its read goes on in the
 * background (until the read deadline kills it) and the next scan uses what it brought.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.ts';
import type { DetachedDisk, Disk, DiskIdentity, Pool, PoolDevice, PoolUnreadable, ProfileSet, ReadProblem } from '../../contracts/api.ts';
import { labelText } from '../../contracts/label.ts';
import { ArgvError } from '../host/argv.ts';
import { cmd } from '../host/commands.ts';
import type { CommandResult, CommandSpec, Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { BtrfsSysfs, type BtrfsSysfsRaw, blockSysDevice, byIdLinks, byPathLinks, enclosureSlots, loopBackingFile } from '../host/sysfs.ts';
import type { KnownPool, WatchFacts } from '../host/watch-facts.ts';
import { mountPointsFor } from '../health/mount-points.ts';
import { DEFAULT_MOUNT_ROOT } from '../health/pool-facts.ts';
import { parseBlkidLabel, parseBlkidUdev, type BlkidProbe } from '../parsers/blkid.ts';
import { parseChunkTreeProfiles } from '../parsers/chunk-tree.ts';
import { parseDeviceUsage, type DeviceUsage } from '../parsers/device-usage.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import { spaceFactsOf, type SpaceFacts } from '../health/space/facts.ts';
import { parseFiShowPool, type FiShowPool } from '../parsers/fi-show.ts';
import { ParseError, couldNotRead } from '../parsers/parse-error.ts';
import { parseFindmntJson } from '../parsers/findmnt.ts';
import { parseLsblkJson, type LsblkDevice } from '../parsers/lsblk.ts';
import { profilesFromSysfsAllocation } from '../parsers/sysfs-profiles.ts';
import { parseSysfsErrorStats } from '../parsers/sysfs-error-stats.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import type { InventoryStore } from '../store/inventory-store.ts';
import { DEFAULT_POOL_PATIENCE_MS } from '../config.ts';
import { type AttachedDisk, attachedDisks } from './disks.ts';
import { readProblem } from './read-problem.ts';

export interface Snapshot {
  scannedAt: string;
  pools: Pool[];
  disks: Disk[];
  /** Slack per member of mounted pools (a replaced member still at the old, smaller size). */
  slack: Record<string, { devid: number; slackBytes: number }[]>;
  /** Every mount point in use (all filesystem types): a new mount must avoid them. */
  mountTargets?: string[];
  /**
   * Per mounted pool: what the space engine reads (`fi usage -T -b` + `device usage -b`), or why
   * there is nothing (the read failed: then the pool also carries the read problem). Absent in
   * snapshots made by hand (tests): no space read at all.
   */
  space?: Record<string, PoolSpaceRead>;
  /** What the watcher compares the machine against (absent in snapshots tests make by hand). */
  watch?: WatchIndex;
}


export interface PoolSpaceRead {
  facts: SpaceFacts | null;
  /** Why `facts` is null, in words. */
  reason: string | null;
  /** When the numbers were read (they are kept while an exclusive operation runs). */
  readAt: string | null;
}


/** What a scan saw, in the terms of the watcher's cheap facts (server/host/watch-facts.ts). */
export interface WatchIndex {
  /** Mounted pools and the devids btrfs listed present (the only devinfo entries safe to read). */
  known: KnownPool[];
  /** Block devices lsblk listed with a medium: kernel name → size in KiB (as /proc/partitions counts). */
  listed: Map<string, number>;
  /** Kernel names of the devices that belong to a pool (members, and the disks of unreadable pools). */
  members: Set<string>;
  /** Kernel name → path of the disks on the disks page (what a vanished device takes with it). */
  diskPaths: Map<string, string>;
  /** The facts read just before the scan started (set by the watcher). */
  basis: WatchFacts | null;
  /** Pools whose read did not finish within the patience: uuid → the command it waits on. */
  pending: Map<string, readonly string[]>;
}

export interface InventoryOptions {
  clock: Clock;
  /** The scan's memory (disk inventory, counter history) is written best-effort: a full data dir must not stop the watcher. */
  writes: DataDirHealth;
  /** POOLWATCH_MOUNT_ROOT: where unmounted pools are proposed a mount point. */
  mountRoot?: string;
  /** How long a scan waits for one pool's commands before it keeps that pool's previous view (default 3 s). */
  poolPatienceMs?: number;
}

/** What readers of the inventory need: the current snapshot (SMART, actions, the watcher, routes). */
export interface SnapshotSource {
  /** The current snapshot; `force`: read the machine now (an action about to change a pool). */
  snapshot(opts?: { force?: boolean }): Promise<Snapshot>;
}

const EMPTY_PROFILES: ProfileSet = { data: [], metadata: [], system: [] };


/** What reading one pool gave: the pool, or the command of it that timed out (the pool is not answering). */
type PoolRead = {
  pool: Pool;
  slack: { devid: number; slackBytes: number }[];
  /** What the space engine reads (mounted pools), else null. */
  space: PoolSpaceRead | null;
  /** Devids btrfs listed present (null: not known — unreadable). */
  present: Set<number> | null;
  /** Its sysfs folder, read with `present` (mounted pools). */
  sysfs: BtrfsSysfsRaw | null;
} | { timedOut: HostError };

/** What a scan shares with each pool's read. */
interface ScanContext {
  scannedAt: string;
  mounts: Mount[];
  diskByPath: Map<string, AttachedDisk>;
  listed: ListedDevices;
  remembered: ReturnType<InventoryStore['members']>;
  attachedKeys: Set<string>;
}

export class InventoryService extends EventEmitter<{ 'pool-read': [string] }> implements SnapshotSource {
  /** Per mounted pool: its sysfs state when `device usage` last ran, what it printed, and the slack it found. */
  private slackCache = new Map<string, { key: string; usage: DeviceUsage; slack: { devid: number; slackBytes: number }[] }>();
  /** Per mounted pool: the last space read (kept while an exclusive operation holds the pool). */
  private spaceCache = new Map<string, PoolSpaceRead>();
  private readonly sysfs: BtrfsSysfs;
  private readonly now: () => Date;
  private readonly patienceMs: number;
  private readonly mountRoot: string;
  private readonly writes: DataDirHealth;
  /** Per pool, the read in progress (it may outlive the scan that started it). */
  private readonly reading = new Map<string, Promise<PoolRead>>();
  /** Reads that finished after their scan stopped waiting: the next scan takes them. */
  private readonly late = new Map<string, PoolRead>();
  /** Commands the inventory is running now (what the watcher reports a scan as stuck on). */
  private readonly runningCommands = new Map<number, { argv: readonly string[]; startedAt: number; pool: string | null }>();
  private commandSeq = 0;
  private lastScan: Snapshot | null = null;
  /** Full scans run so far; lets tests and the benchmark see that the watcher's checks spawn nothing. */
  fullScans = 0;
  /** How long the last full scan took (poolwatch_scan_duration_seconds); null before the first. */
  lastFullScanMs: number | null = null;

  constructor(private readonly host: Host, private readonly store: InventoryStore, opts: InventoryOptions) {
    super();
    this.sysfs = new BtrfsSysfs(host);
    this.now = () => opts.clock.now();
    this.patienceMs = opts.poolPatienceMs ?? DEFAULT_POOL_PATIENCE_MS;
    this.mountRoot = opts.mountRoot ?? DEFAULT_MOUNT_ROOT;
    this.writes = opts.writes;
  }

  /** A full scan (the inventory keeps no cache: the watcher holds the current snapshot). */
  async snapshot(): Promise<Snapshot> {
    return this.scan(this.lastScan);
  }

  /** Commands the inventory runs now, oldest first. */
  running(): { argv: readonly string[]; startedAt: number; pool: string | null }[] {
    return [...this.runningCommands.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  private async run(spec: CommandSpec, pool: string | null = null): Promise<CommandResult> {
    const id = ++this.commandSeq;
    this.runningCommands.set(id, { argv: [spec.file, ...spec.args], startedAt: this.now().getTime(), pool });
    try {
      return await this.host.run(spec);
    } finally {
      this.runningCommands.delete(id);
    }
  }

  /** Reads the whole machine; `previous` gives the views of pools that do not answer now. */
  async scan(previous: Snapshot | null): Promise<Snapshot> {
    // Wall time the scan's processes took (a metric of the machine), not the clock's time.
    const started = performance.now();
    try {
      const snap = await this.scanOnce(previous);
      this.lastScan = snap;
      return snap;
    } finally {
      this.lastFullScanMs = performance.now() - started;
    }
  }

  private async scanOnce(previous: Snapshot | null): Promise<Snapshot> {
    this.fullScans++;
    const scannedAt = this.now().toISOString();
    const [findmntOut, lsblkOut, byId, byPath, bays, uuids] = await Promise.all([
      this.run(cmd.findmnt()),
      this.run(cmd.lsblk()),
      byIdLinks(this.host),
      byPathLinks(this.host),
      enclosureSlots(this.host),
      this.sysfs.mountedUuids(),
    ]);
    const allMounts = findmntOut.stdout.trim() ? parseFindmntJson(findmntOut.stdout).mounts : [];
    const mounts = allMounts.filter((m) => m.fstype === 'btrfs');
    const mountTargets = [...new Set(allMounts.map((m) => m.target))];
    const lsblk = parseLsblkJson(lsblkOut.stdout).devices;

    const loopBacking: Record<string, string | null> = {};
    for (const d of lsblk.filter((x) => x.type === 'loop')) {
      const kname = d.kname ?? d.name;
      loopBacking[kname] = await loopBackingFile(this.host, kname);
    }
    // Which SCSI device each disk is, only where an enclosure lists slots to match it against.
    const sysDevice: Record<string, string | null> = {};
    if (bays.length > 0) {
      for (const d of lsblk.filter((x) => x.type === 'disk')) sysDevice[d.kname ?? d.name] = await blockSysDevice(this.host, d.kname ?? d.name);
    }
    const disks = attachedDisks(lsblk, { loopBacking, byId, byPath, enclosureSlots: bays, sysDevice });
    const diskByPath = new Map<string, AttachedDisk>();
    for (const d of disks) for (const p of d.paths) diskByPath.set(p, d);

    // Who the pools are: mounted ones from sysfs, unmounted ones from the devices' signatures.
    const identities = new Map<string, { label: string | null; mounted: boolean }>();
    const mountedNames = new Set<string>();
    for (const u of uuids) {
      // Unmounted since the folder was listed: its devices are probed below like any unmounted pool's.
      const mounted = await this.sysfs.mountedLabel(u);
      if (!mounted) continue;
      identities.set(u, { label: mounted.label, mounted: true });
      for (const n of await this.sysfs.deviceNames(u)) mountedNames.add(n);
    }
    const probes = await this.probeDevices(lsblk, mountedNames);
    for (const probe of probes.values()) {
      if (!('type' in probe) || probe.type !== 'btrfs' || !probe.uuid || identities.has(probe.uuid)) continue;
      identities.set(probe.uuid, { label: probe.label, mounted: false });
    }

    // One pool at a time, by uuid: a pool whose output cannot be read stays one unreadable pool,
    // and a pool that does not answer keeps its previous view (stale) without holding up the rest.
    const ctx: ScanContext = {
      scannedAt, mounts, diskByPath, listed: await this.listedDevices(lsblk),
      remembered: this.store.members(), attachedKeys: new Set(disks.map((d) => d.identity.key)),
    };
    const reads = new Map<string, PoolRead | { pending: readonly string[] }>();
    const slots = new Semaphore(PER_POOL_CONCURRENCY);
    await Promise.all([...identities.keys()].map(async (uuid) => {
      reads.set(uuid, await this.poolWithPatience(uuid, identities.get(uuid)!.label, ctx, slots));
    }));

    const previousPools = new Map((previous?.pools ?? []).map((p) => [p.uuid, p]));
    const pools: Pool[] = [];
    const slack: Snapshot['slack'] = {};
    const space: NonNullable<Snapshot['space']> = {};
    const pending = new Map<string, readonly string[]>();
    const known: KnownPool[] = [];
    for (const [uuid, read] of reads) {
      const before = previousPools.get(uuid);
      if ('pending' in read || 'timedOut' in read) {
        const command = 'pending' in read ? read.pending : [read.timedOut.command.file, ...read.timedOut.command.args];
        pending.set(uuid, command);
        const reason = `btrfs is not answering about this pool (\`${command.join(' ')}\`${'pending' in read ? ' is still running' : ' timed out'})`;
        if (before && !before.unreadable) {
          pools.push({ ...before, stale: { since: before.stale?.since ?? previous!.scannedAt, reason } });
          if (previous!.slack[uuid]) slack[uuid] = previous!.slack[uuid]!;
          if (previous!.space?.[uuid]) space[uuid] = previous!.space[uuid]!;
          const knownBefore = previous!.watch?.known.find((k) => k.uuid === uuid);
          if (knownBefore) known.push(knownBefore);
        } else {
          pools.push(unreadablePool(uuid, identities.get(uuid)!.label, mounts, {
            reason, details: { command: [...command], line: null, lineNumber: null, stderr: 'pending' in read ? null : read.timedOut.detail.stderr || null },
          }));
        }
        continue;
      }
      pools.push(read.pool);
      if (read.slack.length || read.pool.mountPoint) slack[uuid] = read.slack;
      if (read.space) space[uuid] = read.space;
      if (read.sysfs && read.present) known.push({ uuid, readable: read.present });
    }
    pools.sort((a, b) => (a.label ?? a.uuid).localeCompare(b.label ?? b.uuid) || a.uuid.localeCompare(b.uuid));
    // Distinct mount points for the pools that are not mounted, never one in use (issue 10).
    const proposed = mountPointsFor(pools, { mountRoot: this.mountRoot, inUse: mountTargets });
    for (const p of pools) p.proposedMountPoint = p.mounted ? null : proposed.get(p.uuid) ?? null;

    const memberOf = new Map<string, { uuid: string; label: string | null; devid: number | null }>();
    for (const p of pools) {
      for (const dev of p.devices) {
        if (!dev.path || dev.missing) continue;
        const disk = diskByPath.get(dev.path);
        if (disk) memberOf.set(disk.identity.key, { uuid: p.uuid, label: p.label, devid: dev.devid });
      }
    }
    // The disks of a pool poolwatch could not read still belong to it (their signature says so):
    // never offered as spares, and named on the disks page; which devid each is stays unknown.
    for (const [path, probe] of probes) {
      const pool = 'type' in probe && probe.type === 'btrfs' ? pools.find((p) => p.unreadable && p.uuid === probe.uuid) : undefined;
      const disk = pool ? diskByPath.get(path) : undefined;
      if (pool && disk && !memberOf.has(disk.identity.key)) memberOf.set(disk.identity.key, { uuid: pool.uuid, label: pool.label, devid: null });
    }
    const diskList: Disk[] = [];
    for (const d of disks) {
      const pool = memberOf.get(d.identity.key) ?? null;
      const stale = pool ? null : staleMemberOf(d, probes, pools);
      const inUseReason = pool ? null : stale ? `old member of pool ${stale.label && stale.label.trim() !== '' ? labelText(stale.label) : stale.uuid}: wipe before reuse` : await this.inUseReason(d, probes);
      diskList.push({
        path: d.path, type: d.type, sizeBytes: d.sizeBytes, identity: d.identity, transport: d.transport,
        rotational: d.rotational, attached: true, role: pool ? 'member' : stale ? 'stale-member' : inUseReason ? 'in-use' : 'unused',
        inUseReason, pool: pool ?? (stale ? { uuid: stale.uuid, label: stale.label, devid: null } : null), lastSeenAt: null,
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

    // Stale and unreadable pools say nothing new about their members: keep what poolwatch knew.
    const fresh = pools.filter((p) => !p.unreadable && !p.stale);
    this.writes.bestEffort('the disk inventory of a scan', () => this.store.recordScan({
      at: scannedAt,
      disks: disks.map((d) => ({ identity: d.identity, path: d.path, sizeBytes: d.sizeBytes })),
      members: fresh.flatMap((p) => p.devices
        .filter((dev) => !dev.missing && dev.disk)
        .map((dev) => ({ poolUuid: p.uuid, devid: dev.devid, diskKey: dev.disk!.key, sizeBytes: dev.sizeBytes }))),
      pools: fresh.map((p) => ({
        uuid: p.uuid, label: p.label, totalDevices: p.totalDevices,
        // Only profiles read from the pool itself become "last known".
        profiles: p.profilesSource === 'sysfs' || p.profilesSource === 'chunk-tree' ? p.profiles : null,
      })),
    }));
    this.writes.bestEffort('the counter history of a scan', () => {
      for (const p of fresh) for (const dev of p.devices) if (dev.errors) this.store.recordCounters(scannedAt, p.uuid, dev.devid, dev.errors);
    });

    return { scannedAt, pools, disks: diskList, slack, mountTargets, space, watch: watchIndex(lsblk, pools, probes, diskList, known, pending) };
  }

  /**
   * One pool's read, waited for at most the patience once its commands started. A read still in
   * progress from an earlier scan is joined, not started again; one that finished after its scan
   * gave up is used as it is.
   */
  private async poolWithPatience(uuid: string, label: string | null, ctx: ScanContext, slots: Semaphore): Promise<PoolRead | { pending: readonly string[] }> {
    const late = this.late.get(uuid);
    if (late) {
      this.late.delete(uuid);
      return late;
    }
    let read = this.reading.get(uuid);
    let startedAt: Promise<void>;
    if (read) {
      startedAt = Promise.resolve();
    } else {
      let markStarted!: () => void;
      startedAt = new Promise<void>((r) => {
        markStarted = r;
      });
      read = (async () => {
        await slots.acquire();
        markStarted();
        try {
          return await this.readPool(uuid, label, ctx);
        } finally {
          slots.release();
        }
      })();
      this.reading.set(uuid, read);
      void read.finally(() => this.reading.delete(uuid)).catch(() => undefined);
    }
    await startedAt;
    const waited = await Promise.race([read.then((r) => ({ done: r })), delay(this.patienceMs).then(() => null)]);
    if (waited) return waited.done;
    // Not answering: keep its previous view for now; when the read ends, the next scan takes it.
    // A read that timed out brings nothing: the next scan asks again.
    void read.then((r) => {
      if (!('timedOut' in r)) this.late.set(uuid, r);
      this.emit('pool-read', uuid);
    }, () => this.emit('pool-read', uuid));
    const stuck = this.running().find((c) => c.pool === uuid);
    const fiShow = cmd.fiShowPool(uuid);
    return { pending: stuck?.argv ?? [fiShow.file, ...fiShow.args] };
  }

  /** `fi show` of the pool, its sysfs folder (mounted), the pool as poolwatch reports it, and its slack. */
  private async readPool(uuid: string, label: string | null, ctx: ScanContext): Promise<PoolRead> {
    let shown: FiShowPool | PoolUnreadable;
    try {
      shown = await this.showPool(uuid, label);
    } catch (err) {
      if (err instanceof HostError && err.detail.timedOut) return { timedOut: err };
      throw err;
    }
    if ('reason' in shown) {
      return { pool: unreadablePool(uuid, label, ctx.mounts, shown), slack: [], space: null, present: null, sysfs: null };
    }
    const present = new Set(shown.devices.filter((d) => !d.missing).map((d) => d.devid));
    const sysfs = await this.sysfs.read(uuid, present);
    const pool = await this.buildPool(shown, sysfs, ctx.mounts, ctx.diskByPath, ctx.listed, ctx.remembered, ctx.attachedKeys);
    const slack = sysfs && pool.mountPoint ? await this.slackOf(pool, sysfs) : [];
    const space = sysfs && pool.mountPoint ? await this.spaceOf(pool, sysfs, ctx.scannedAt) : null;
    return { pool, slack, space, present, sysfs };
  }

  /**
   * Brings a snapshot up to date with facts that need no process (issue 13): error counters and
   * allocation profiles of mounted pools, straight from sysfs, and disks that left the machine.
   * Returns null when nothing the pages show changed. Counter changes are recorded in history.
   */
  applyFacts(snap: Snapshot, facts: WatchFacts, vanished: ReadonlySet<string>): Snapshot | null {
    let changed = false;
    const at = this.now().toISOString();
    const pools = snap.pools.map((p) => {
      const f = facts.pools.get(p.uuid);
      if (!f || p.unreadable || p.stale || p.profilesSource !== 'sysfs') return p;
      let next = p;
      const profiles = profilesFromSysfsAllocation([
        { type: 'data', dirNames: f.allocation.data },
        { type: 'metadata', dirNames: f.allocation.metadata },
        { type: 'system', dirNames: f.allocation.system },
      ]);
      if (!sameProfiles(profiles, p.profiles)) next = { ...next, profiles };
      const devices = p.devices.map((d) => {
        const raw = f.members[d.devid]?.errorStats;
        if (raw == null || d.missing) return d;
        let errors;
        try {
          errors = parseSysfsErrorStats(raw);
        } catch {
          return d;
        }
        if (d.errors && COUNTERS.every((c) => d.errors![c] === errors[c])) return d;
        this.writes.bestEffort('the counter history', () => this.store.recordCounters(at, p.uuid, d.devid, errors));
        return { ...d, errors };
      });
      if (devices.some((d, i) => d !== p.devices[i])) next = { ...next, devices };
      if (next !== p) changed = true;
      return next;
    });
    const disks = vanished.size === 0 ? snap.disks : snap.disks.filter((d) => !(d.path && d.role !== 'member' && d.attached && vanished.has(d.path)));
    if (disks.length !== snap.disks.length) changed = true;
    return changed ? { ...snap, pools, disks } : null;
  }

  private async buildPool(
    fp: FiShowPool,
    sysfs: BtrfsSysfsRaw | null,
    mounts: Mount[],
    diskByPath: Map<string, AttachedDisk>,
    listed: ListedDevices,
    remembered: ReturnType<InventoryStore['members']>,
    attachedKeys: Set<string>,
  ): Promise<Pool> {
    const problems: ReadProblem[] = [];
    // Only paths of block devices poolwatch listed reach the snapshot (and so any command).
    for (const d of fp.devices) {
      if (d.missing || d.path === null) continue;
      const path = await listed.resolve(d.path);
      if (path === null) {
        problems.push({ source: 'fi-show', message: `btrfs names devid ${d.devid} at ${JSON.stringify(d.path)}, which is not a block device poolwatch lists; it is not used` });
      }
      d.path = path;
    }
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
          const out = await this.run(cmd.dumpChunkTree(member.path), fp.uuid);
          const chunk = parseChunkTreeProfiles(out.stdout);
          if (chunk.fsUuid !== null && chunk.fsUuid.toLowerCase() !== fp.uuid) {
            throw new Error(`the chunk tree on ${member.path} belongs to filesystem ${chunk.fsUuid}, not ${fp.uuid}`);
          }
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
      label: fp.label,
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
      unreadable: null,
      proposedMountPoint: null,
    };
  }

  /** `fi show` of one pool; what went wrong, in words and with the raw line, when it cannot be read. */
  private async showPool(uuid: string, label: string | null): Promise<FiShowPool | PoolUnreadable> {
    let spec: ReturnType<typeof cmd.fiShowPool> | null = null;
    try {
      spec = cmd.fiShowPool(uuid);
      const out = await this.run(spec, uuid);
      return parseFiShowPool(out.stdout, uuid, label);
    } catch (err) {
      const command = spec ? [spec.file, ...spec.args] : null;
      if (err instanceof ParseError) {
        return { reason: `${couldNotRead(err)} (${err.reason})`, details: { command, line: err.line ?? null, lineNumber: err.lineNumber ?? null, stderr: null } };
      }
      if (err instanceof HostError) {
        // btrfs-progs not installed (or not permitted) is the machine's problem, not this pool's;
        // a timeout means btrfs is not answering now (the pool keeps its previous view).
        if (err.detail.errno === 'ENOENT' || err.detail.errno === 'EACCES' || err.detail.timedOut) throw err;
        return { reason: err.message, details: { command, line: null, lineNumber: null, stderr: err.detail.stderr || null } };
      }
      if (err instanceof ArgvError) {
        return { reason: err.message, details: { command, line: null, lineNumber: null, stderr: null } };
      }
      throw err;
    }
  }

  /**
   * The filesystem signature of every block device that is not a member of a mounted pool: from
   * lsblk when udev told it (the JSON label is exact), else `blkid -p` on the device. Devices with
   * children (partitions, holders), without a medium, or mounted are not probed.
   */
  private async probeDevices(lsblk: LsblkDevice[], mountedNames: ReadonlySet<string>): Promise<Map<string, BlkidProbe | { error: string }>> {
    const out = new Map<string, BlkidProbe | { error: string }>();
    const candidates = flattenLsblk(lsblk).filter((d) => {
      const kname = d.kname ?? d.name;
      return Boolean(d.sizeBytes) && d.children.length === 0 && !NOT_PROBED_TYPES.has(d.type) && !/^(zram|ram)\d/.test(kname)
        && !mountedNames.has(kname) && !d.mountpoints.some((m) => Boolean(m)) && (d.path ?? `/dev/${d.name}`).startsWith('/dev/');
    });
    await forEachLimit(candidates, PROBE_CONCURRENCY, async (d) => {
      const path = d.path ?? `/dev/${d.name}`;
      if (d.fstype) {
        out.set(path, { type: d.fstype, uuid: d.uuid?.toLowerCase() ?? null, uuidSub: null, label: d.label ?? null, labelCut: false, partitionTable: null });
        return;
      }
      try {
        const probe = parseBlkidUdev((await this.run(cmd.blkidProbe(path))).stdout);
        if (probe.labelCut) probe.label = parseBlkidLabel((await this.run(cmd.blkidLabel(path))).stdout);
        out.set(path, probe);
      } catch (err) {
        if (!(err instanceof HostError || err instanceof ParseError || err instanceof ArgvError)) throw err;
        out.set(path, { error: err.message });
      }
    });
    return out;
  }

  /** Every block device lsblk listed, by path and by what it resolves to (for paths btrfs names). */
  private async listedDevices(lsblk: LsblkDevice[]): Promise<ListedDevices> {
    const paths = new Set(flattenLsblk(lsblk).map((d) => d.path ?? `/dev/${d.name}`).filter((p) => p.startsWith('/dev/')));
    let byReal: Map<string, string> | null = null;
    return {
      resolve: async (path) => {
        if (paths.has(path)) return path;
        if (!path.startsWith('/dev/')) return null;
        if (byReal === null) {
          byReal = new Map();
          for (const p of paths) {
            const real = await this.host.realPath(p);
            if (real) byReal.set(real, p);
          }
        }
        const real = await this.host.realPath(path);
        return real === null ? null : byReal.get(real) ?? null;
      },
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
      const out = await this.run(cmd.deviceUsage(p.mountPoint!), p.uuid);
      const usage = parseDeviceUsage(out.stdout);
      const slack = usage.devices
        .filter((d) => !d.missing && (d.deviceSlackBytes ?? 0) > 0)
        .map((d) => ({ devid: d.devid, slackBytes: d.deviceSlackBytes! }));
      this.slackCache.set(p.uuid, { key, usage, slack });
      return slack;
    } catch (err) {
      p.problems.push(readProblem('device-usage', err));
      return [];
    }
  }

  /**
   * `btrfs filesystem usage -T -b` on every full scan (space changes with every write), with the
   * stripe counts of the last `device usage`. Kept as it was while an exclusive operation runs.
   */
  private async spaceOf(p: Pool, raw: BtrfsSysfsRaw, at: string): Promise<PoolSpaceRead> {
    const cached = this.spaceCache.get(p.uuid);
    if (raw.exclusiveOperation && raw.exclusiveOperation !== 'none') {
      return cached ?? { facts: null, reason: `a ${raw.exclusiveOperation.trim()} is running: space is read again once it ends`, readAt: null };
    }
    try {
      const out = await this.run(cmd.fiUsage(p.mountPoint!), p.uuid);
      const facts = spaceFactsOf(parseFiUsage(out.stdout), this.slackCache.get(p.uuid)?.usage ?? null);
      const read: PoolSpaceRead = facts
        ? { facts, reason: null, readAt: at }
        : { facts: null, reason: 'btrfs filesystem usage printed rounded sizes', readAt: at };
      this.spaceCache.set(p.uuid, read);
      return read;
    } catch (err) {
      const problem = readProblem('fi-usage', err);
      p.problems.push(problem);
      return { facts: null, reason: problem.message, readAt: at };
    }
  }

  /** Why a non-member disk is not a spare candidate, or null when it is blank and free. */
  private async inUseReason(d: AttachedDisk, probes: ReadonlyMap<string, BlkidProbe | { error: string }>): Promise<string | null> {
    if (!d.sizeBytes) return 'no medium (size 0)';
    if (d.mounted) return 'mounted';
    if (d.hasChildren) return 'has partitions or holders';
    if (d.fsType) return `${d.fsType} signature`;
    const probe = probes.get(d.path);
    if (!probe) return 'unclear signature probe';
    if ('error' in probe) return `could not probe: ${probe.error}`;
    const type = probe.type ?? probe.partitionTable;
    return type ? `${type} signature` : null;
  }
}

/**
 * The readable pool whose filesystem a non-member disk still carries (its btrfs signature has the
 * pool's fsid), else null: an old member — pulled and replaced, or removed while missing. The
 * kernel refuses it as a duplicate of the member that took its place.
 */
function staleMemberOf(d: AttachedDisk, probes: ReadonlyMap<string, BlkidProbe | { error: string }>, pools: readonly Pool[]): Pool | null {
  const probe = probes.get(d.path);
  if (!probe || 'error' in probe || probe.type !== 'btrfs' || !probe.uuid) return null;
  return pools.find((p) => !p.unreadable && p.uuid === probe.uuid) ?? null;
}

/** Per-pool `fi show` processes at once: a few, so one slow pool does not hold up the rest. */
const PER_POOL_CONCURRENCY = 4;
/** blkid probes at once. */
const PROBE_CONCURRENCY = 4;
/** Block devices that never hold a pool. */
const NOT_PROBED_TYPES = new Set(['rom', 'ram', 'zram']);

type Mount = { source: string; target: string; options: string[]; uuid: string | null };

interface ListedDevices {
  /** The lsblk path of the block device `path` names (itself or via symlinks), or null when poolwatch did not list it. */
  resolve(path: string): Promise<string | null>;
}

function flattenLsblk(devs: readonly LsblkDevice[]): LsblkDevice[] {
  return devs.flatMap((d) => [d, ...flattenLsblk(d.children ?? [])]);
}

/** At most `n` holders at once; the others wait in order. */
class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * A real-time wait, on purpose not the injected clock: it bounds how long a scan waits for a real
 * `btrfs` process (which runs in real time whatever a test's clock says). On a FakeClock a pool
 * would otherwise never (manual) or always (auto) be "not answering".
 */
function delay(ms: number): Promise<void> {
  return new Promise((r) => {
    setTimeout(r, ms).unref?.();
  });
}

const COUNTERS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;

function sameProfiles(a: ProfileSet, b: ProfileSet): boolean {
  const key = (p: ProfileSet) => JSON.stringify([[...p.data].sort(), [...p.metadata].sort(), [...p.system].sort()]);
  return key(a) === key(b);
}

/** What the watcher compares the machine against after this scan. */
function watchIndex(
  lsblk: readonly LsblkDevice[], pools: readonly Pool[], probes: ReadonlyMap<string, BlkidProbe | { error: string }>,
  disks: readonly Disk[], known: KnownPool[], pending: Map<string, readonly string[]>,
): WatchIndex {
  const all = flattenLsblk(lsblk);
  const knameOf = new Map(all.map((d) => [d.path ?? `/dev/${d.name}`, d.kname ?? d.name]));
  const listed = new Map<string, number>();
  for (const d of all) if (d.sizeBytes) listed.set(d.kname ?? d.name, Math.floor(d.sizeBytes / 1024));
  const members = new Set<string>();
  for (const p of pools) for (const dev of p.devices) if (dev.path && !dev.missing) members.add(knameOf.get(dev.path) ?? dev.path.replace(/^\/dev\//, ''));
  for (const [path, probe] of probes) {
    if ('type' in probe && probe.type === 'btrfs') members.add(knameOf.get(path) ?? path.replace(/^\/dev\//, ''));
  }
  const diskPaths = new Map<string, string>();
  for (const d of disks) if (d.path) diskPaths.set(knameOf.get(d.path) ?? d.path.replace(/^\/dev\//, ''), d.path);
  return { known, listed, members, diskPaths, basis: null, pending };
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A pool poolwatch could not read: listed once, with what sysfs/blkid and findmnt said about it
 * and why its members are unknown. Nothing runs on it (ActionService refuses).
 */
function unreadablePool(uuid: string, label: string | null, mounts: readonly Mount[], unreadable: PoolUnreadable): Pool {
  const mount = mounts.filter((m) => m.uuid === uuid).sort((a, b) => a.target.length - b.target.length)[0] ?? null;
  return {
    uuid, label, mounted: mount !== null, mountPoint: mount?.target ?? null, mountOptions: mount?.options ?? [],
    profiles: EMPTY_PROFILES, profilesSource: 'unknown', totalDevices: 0, missingCount: 0, missingDevids: [],
    sizeBytes: 0, usedBytes: null, exclusiveOperation: null, devices: [], detached: [],
    problems: [{ source: 'fi-show', message: unreadable.reason }],
    unreadable,
    proposedMountPoint: null,
  };
}

export type { LsblkDevice };
