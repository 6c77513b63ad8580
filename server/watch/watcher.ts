/**
 * The one reader of the machine (issue 13, docs/decisions/021). Every second it reads cheap kernel
 * facts — no process — for the pools it knows (server/host/watch-facts.ts) and compares them with
 * what the last scan saw:
 *
 * - a pool mounted or unmounted, a btrfs mount's options, a member missing, added or removed, an
 *   exclusive operation starting or ending, a relabel, a pool member's device leaving or changing
 *   size, a new disk, or a new loop device that carries btrfs (or nothing yet: a spare candidate)
 *   → a full scan (server/inventory/inventory-service.ts);
 * - error counters and allocation profiles of mounted pools, and disks that left the machine → the
 *   snapshot is updated from the facts themselves, without a process;
 * - anything else on the host (other filesystems' mounts, loop devices holding other filesystems)
 *   → nothing.
 * A full scan also runs every `fullScanMs` as a safety net for what the kernel does not show (a
 * signature written on a disk that belongs to no pool).
 *
 * Everything else reads the snapshot the watcher holds (`snapshot()`), never the machine; the HTTP
 * views are rendered from it once per change (server/http/view-cache.ts). A scan that does not end
 * is reported (`status()`: running since, the command it is stuck on), the last snapshot keeps
 * being served with its age, and the watcher keeps checking.
 */
import { EventEmitter } from 'node:events';
import { labelText } from '../../contracts/label.ts';
import type { Staleness } from '../../contracts/views.ts';
import type { Clock } from '../clock.ts';
import type { Host } from '../host/host.ts';
import { deviceSignature, readWatchFacts, type DeviceSignature, type WatchFacts } from '../host/watch-facts.ts';
import type { Snapshot, SnapshotSource, WatchIndex } from '../inventory/inventory-service.ts';

/** Fast enough that a pulled disk shows within two seconds; the facts cost microseconds. */
export const QUICK_CHECK_MS = 1000;
/** A scan running longer than this is reported as stuck on the command it waits for. */
export const STUCK_AFTER_MS = 2000;

/** What changed in a published snapshot: the pools (by uuid: changed, added or gone) and whether the disks did. */
export interface WatchChange {
  pools: string[];
  disks: boolean;
}

export interface WatchEvent {
  version: number;
  scannedAt: string | null;
  changed: WatchChange;
}

/** What the watcher needs of the inventory (InventoryService; `scannerOf` adapts a plain snapshot source). */
export interface Scanner {
  scan(previous: Snapshot | null): Promise<Snapshot>;
  applyFacts(snap: Snapshot, facts: WatchFacts, vanished: ReadonlySet<string>): Snapshot | null;
  /** Commands the scan runs now, oldest first; `startedAt` in milliseconds of the injected clock. */
  running(): { argv: readonly string[]; startedAt: number; pool: string | null }[];
  /** A pool's read that outlived its scan ended: a scan can take its result. */
  on(event: 'pool-read', fn: (uuid: string) => void): unknown;
}

/** A snapshot source as a scanner (tests that hand the graph a made-up machine): no facts, no commands. */
export function scannerOf(source: SnapshotSource): Scanner {
  return {
    scan: () => source.snapshot(),
    applyFacts: () => null,
    running: () => [],
    on: () => undefined,
  };
}

export interface WatcherOptions {
  scanner: Scanner;
  host: Host;
  clock: Clock;
  /** A full scan at least this often (the safety net). 0, in tests only: every snapshot() read scans. */
  fullScanMs: number;
  intervalMs?: number;
  stuckAfterMs?: number;
  /** The mount table to watch (the host's when commands run in its mount namespace). */
  mountInfoPath?: string;
}

export interface ScanState {
  runningSince: string;
  /** The command the scan has waited on longest, once it waited more than STUCK_AFTER_MS. */
  stuckOn: { command: string[]; since: string } | null;
}

export class PoolWatcher extends EventEmitter<{ change: [WatchEvent]; error: [Error] }> implements SnapshotSource {
  private loop: AbortController | null = null;
  private current: Snapshot | null = null;
  /** Content of each pool and of the disk list as last published (to tell what changed). */
  private published = new Map<string, string>();
  private publishedDisks = '';
  private chain: Promise<unknown> = Promise.resolve();
  private scanStartedAt: number | null = null;
  private stuckAnnounced = false;
  /** The facts of the previous check (counters and profiles are applied when they move). */
  private previousFacts: WatchFacts | null = null;
  private lastScanAt = 0;
  /** After a failed scan, the next one waits (1 s, 2 s, 4 s … 60 s): a machine without btrfs-progs is not asked every second. */
  private retryAt = 0;
  private failures = 0;
  private rescanWanted: string | null = null;
  /** Loop devices whose signature was read and that hold something other than btrfs: name → size then. */
  private readonly unrelated = new Map<string, number>();
  private readonly probing = new Map<string, Promise<void>>();
  private readonly probed = new Map<string, { kib: number; signature: DeviceSignature }>();
  private readonly intervalMs: number;
  private readonly stuckAfterMs: number;
  version = 0;
  lastError: Error | null = null;
  lastScannedAt: string | null = null;
  /** Checks that failed since start (poolwatch_scan_errors_total). */
  scanErrors = 0;
  /** Checks run (each reads the facts once). */
  checks = 0;
  /** Why the last scan ran (the benchmark and the logs say why processes were spawned). */
  lastScanReason: string | null = null;

  constructor(private readonly opts: WatcherOptions) {
    super();
    // One listener per open page (server-sent events): no fixed cap.
    this.setMaxListeners(0);
    this.intervalMs = opts.intervalMs ?? QUICK_CHECK_MS;
    this.stuckAfterMs = opts.stuckAfterMs ?? STUCK_AFTER_MS;
    opts.scanner.on('pool-read', () => {
      this.rescanWanted ??= 'a pool that was not answering answered';
    });
  }

  start(): void {
    if (this.loop) return;
    const loop = new AbortController();
    this.loop = loop;
    void (async () => {
      try {
        // The first check right after start, then one every interval. The loop never waits for a
        // scan: while one runs, ticks only watch whether it is stuck.
        for (let wait = 0; ; wait = this.intervalMs) {
          await this.opts.clock.sleep(wait, loop.signal);
          if (this.scanStartedAt !== null) this.noteStuck();
          else void this.check();
        }
      } catch {
        // stop() aborted the wait
      }
    })();
  }

  stop(): void {
    this.loop?.abort();
    this.loop = null;
  }

  /** The current snapshot (the first one is read on demand); `force`: scan now, for an action about to act on it. */
  async snapshot(opts: { force?: boolean } = {}): Promise<Snapshot> {
    if (opts.force || this.opts.fullScanMs === 0) {
      await this.enqueue(() => this.scan('asked for'));
    } else if (!this.current) {
      await this.check();
    }
    if (!this.current) throw this.lastError ?? new Error('no scan has completed yet');
    return this.current;
  }

  /** The snapshot now, without waiting (null before the first scan). */
  peek(): Snapshot | null {
    return this.current;
  }

  /** One check: read the facts, and scan or update when they say so. Resolves when done; true when the pages changed. */
  check(): Promise<boolean> {
    return this.enqueue(() => this.checkOnce());
  }

  /** The scan now, or null; and what it is stuck on. */
  scanState(): ScanState | null {
    if (this.scanStartedAt === null) return null;
    const now = this.opts.clock.now().getTime();
    const oldest = this.opts.scanner.running()[0];
    const stuck = oldest && now - oldest.startedAt > this.stuckAfterMs ? oldest : null;
    return {
      runningSince: new Date(this.scanStartedAt).toISOString(),
      stuckOn: stuck ? { command: [...stuck.argv], since: new Date(stuck.startedAt).toISOString() } : null,
    };
  }

  private nowMs(): number {
    return this.opts.clock.now().getTime();
  }

  /** Seconds since the data served was read; null before the first scan. */
  ageSeconds(): number | null {
    if (!this.current) return null;
    return Math.max(0, Math.round((this.opts.clock.now().getTime() - Date.parse(this.current.scannedAt)) / 100) / 10);
  }

  /** Why the data served may be old, in words; null when it is current. */
  staleness(): Staleness | null {
    const since = this.current?.scannedAt ?? null;
    const scan = this.scanState();
    if (scan?.stuckOn) {
      return { since: since ?? scan.runningSince, reason: `btrfs is not answering: \`${scan.stuckOn.command.join(' ')}\` has been running since ${scan.stuckOn.since}` };
    }
    const stale = (this.current?.pools ?? []).filter((p) => p.stale);
    if (stale.length > 0) {
      const oldest = stale.map((p) => p.stale!.since).sort()[0]!;
      const names = stale.map((p) => (p.label === null ? p.uuid : labelText(p.label))).join(', ');
      return { since: oldest, reason: `btrfs is not answering about ${stale.length === 1 ? 'pool' : 'pools'} ${names}` };
    }
    if (this.lastError && since) return { since, reason: `the last scan failed: ${this.lastError.message}` };
    return null;
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async checkOnce(): Promise<boolean> {
    this.checks++;
    if (!this.current || this.lastError) {
      if (this.nowMs() < this.retryAt) return false;
      return this.scan(this.current ? 'the last scan failed' : 'first scan');
    }
    const index = this.current.watch;
    if (this.nowMs() - this.lastScanAt >= this.opts.fullScanMs) return this.scan('safety interval');
    if (!index) return false;
    const facts = readWatchFacts(this.opts.host, index.known, this.opts.mountInfoPath);
    const wanted = this.rescanWanted;
    const verdict = wanted ? { scan: wanted, vanished: [] } : this.compare(index.basis, facts, index);
    if (verdict.scan) return this.scan(verdict.scan, facts);
    const before = this.previousFacts;
    this.previousFacts = facts;
    if (before && !valuesMoved(before, facts)) return false;
    const vanished = new Set(verdict.vanished.map((n) => index.diskPaths.get(n)).filter((p): p is string => Boolean(p)));
    const updated = this.opts.scanner.applyFacts(this.current, facts, vanished);
    return updated ? this.publish(updated) : false;
  }

  /**
   * Whether what the scan saw (`basis`) and the facts now differ in a way only a scan can tell:
   * the reason, or null; and the listed disks that left the machine (a pure update).
   */
  private compare(basis: WatchFacts | null, facts: WatchFacts, index: WatchIndex): { scan: string | null; vanished: string[] } {
    if (!basis) return { scan: 'nothing to compare with', vanished: [] };
    const structural = structuralChange(basis, facts);
    if (structural) return { scan: structural, vanished: [] };
    const vanished: string[] = [];
    for (const [name, kib] of basis.partitions) {
      const now = facts.partitions.get(name);
      if (now === kib) continue;
      if (index.members.has(name)) return { scan: `pool member ${name} ${now === undefined ? 'left' : 'changed size'}`, vanished: [] };
      if (now === undefined) vanished.push(name);
    }
    for (const [name, kib] of facts.partitions) {
      if (basis.partitions.get(name) === kib) continue;
      const why = this.newDevice(name, kib, index);
      if (why) return { scan: why, vanished: [] };
    }
    return { scan: null, vanished };
  }

  /**
   * A block device that appeared (or changed size) and belongs to no pool: a disk is scanned for
   * (a spare candidate on the disks page); a loop device only when it holds btrfs or nothing yet,
   * which its first 68 KiB tell without a process — a loop device of another filesystem (a snap,
   * an image) costs nothing.
   */
  private newDevice(name: string, kib: number, index: WatchIndex): string | null {
    if (index.listed.get(name) === kib) return null;
    if (!name.startsWith('loop')) return `block device ${name} appeared`;
    if (this.unrelated.get(name) === kib) return null;
    const probed = this.probed.get(name);
    if (probed && probed.kib === kib) {
      this.probed.delete(name);
      if (probed.signature === 'other') {
        this.unrelated.set(name, kib);
        return null;
      }
      return `loop device ${name} appeared (${probed.signature === 'btrfs' ? 'btrfs' : probed.signature === 'blank' ? 'blank' : 'signature unreadable'})`;
    }
    if (!this.probing.has(name)) {
      this.probing.set(name, deviceSignature(this.opts.host, name).then((signature) => {
        this.probed.set(name, { kib, signature });
        this.probing.delete(name);
      }));
    }
    return null;
  }

  private async scan(reason: string, pre?: WatchFacts): Promise<boolean> {
    this.rescanWanted = null;
    this.scanStartedAt = this.nowMs();
    this.stuckAnnounced = false;
    const known = this.current?.watch?.known ?? [];
    const before = pre ?? (this.current?.watch ? readWatchFacts(this.opts.host, known, this.opts.mountInfoPath) : null);
    try {
      const snap = await this.opts.scanner.scan(this.current);
      this.lastScanAt = this.nowMs();
      const hadError = this.lastError !== null;
      this.lastError = null;
      this.failures = 0;
      if (snap.watch) {
        // The facts as the scan left the machine: later checks compare against these. What moved
        // while it ran (compared on what both reads saw) is scanned again at the next check.
        const after = readWatchFacts(this.opts.host, snap.watch.known, this.opts.mountInfoPath);
        snap.watch.basis = after;
        this.previousFacts = after;
        if (before) {
          const moved = structuralChange(before, after, true);
          if (moved) this.rescanWanted = `changed during the scan: ${moved}`;
        }
        this.unrelated.clear();
      }
      const changed = this.publish(snap);
      if (!changed && (hadError || this.stuckAnnounced)) this.announce({ pools: [], disks: false });
      return changed || hadError;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.scanErrors++;
      this.failures++;
      this.retryAt = this.nowMs() + Math.min(60_000, 1000 * 2 ** (this.failures - 1));
      const changed = this.lastError?.message !== e.message;
      this.lastError = e;
      if (changed) {
        // 'error' throws when nobody listens (EventEmitter); the status carries it anyway.
        if (this.listenerCount('error') > 0) this.emit('error', e);
        this.announce({ pools: [], disks: false });
      }
      return changed;
    } finally {
      this.scanStartedAt = null;
      this.lastScanReason = reason;
    }
  }

  /** Tells the pages once that the scan is stuck (and again when it ends: scan()). */
  private noteStuck(): void {
    if (this.stuckAnnounced || !this.scanState()?.stuckOn) return;
    this.stuckAnnounced = true;
    this.announce({ pools: [], disks: false });
  }

  /** Makes `snap` the current snapshot; emits a change naming what the pages show differently. */
  private publish(snap: Snapshot): boolean {
    this.current = snap;
    this.lastScannedAt = snap.scannedAt;
    const pools = new Map(snap.pools.map((p) => [p.uuid, JSON.stringify(p)]));
    const changedPools: string[] = [];
    for (const [uuid, json] of pools) if (this.published.get(uuid) !== json) changedPools.push(uuid);
    for (const uuid of this.published.keys()) if (!pools.has(uuid)) changedPools.push(uuid);
    const disks = JSON.stringify(snap.disks);
    const disksChanged = disks !== this.publishedDisks;
    this.published = pools;
    this.publishedDisks = disks;
    if (changedPools.length === 0 && !disksChanged) return false;
    this.announce({ pools: changedPools, disks: disksChanged });
    return true;
  }

  private announce(changed: WatchChange): void {
    this.version++;
    this.emit('change', { version: this.version, scannedAt: this.lastScannedAt, changed });
  }
}

/**
 * What differs between two fact reads in a way that needs a scan (null: nothing). `commonOnly`:
 * compare only what both reads looked at (a scan changes which pools and members are read).
 */
function structuralChange(a: WatchFacts, b: WatchFacts, commonOnly = false): string | null {
  if (a.mountedUuids.join() !== b.mountedUuids.join()) return 'the set of mounted pools changed';
  if (a.btrfsMounts !== b.btrfsMounts) return 'a btrfs mount changed';
  for (const [uuid, fb] of b.pools) {
    const fa = a.pools.get(uuid);
    if (!fa) {
      if (commonOnly) continue;
      return `pool ${uuid} is new to the watch`;
    }
    if (fa.devids !== fb.devids) return `pool ${uuid}: a member was added or removed`;
    if (fa.devices !== fb.devices) return `pool ${uuid}: its devices changed`;
    if (fa.label !== fb.label) return `pool ${uuid} was relabelled`;
    if (fa.exclusiveOperation !== fb.exclusiveOperation) return `pool ${uuid}: operation ${fb.exclusiveOperation ?? 'none'}`;
    for (const [devid, m] of Object.entries(fb.members)) {
      const before = fa.members[Number(devid)];
      if (before && before.missing !== m.missing) return `pool ${uuid}: devid ${devid} ${m.missing === '1' ? 'went missing' : 'came back'}`;
    }
  }
  if (commonOnly) {
    for (const [name, kib] of a.partitions) if (b.partitions.has(name) && b.partitions.get(name) !== kib) return `${name} changed size`;
  }
  return null;
}

/** Whether counters, profiles or the block devices moved between two checks (then the snapshot is brought up to date). */
function valuesMoved(a: WatchFacts, b: WatchFacts): boolean {
  if (a.partitions.size !== b.partitions.size) return true;
  for (const [name, kib] of b.partitions) if (a.partitions.get(name) !== kib) return true;
  for (const [uuid, fb] of b.pools) {
    const fa = a.pools.get(uuid);
    if (!fa) return true;
    const al = fa.allocation;
    const bl = fb.allocation;
    if (al.data.join() !== bl.data.join() || al.metadata.join() !== bl.metadata.join() || al.system.join() !== bl.system.join()) return true;
    for (const [devid, m] of Object.entries(fb.members)) if (fa.members[Number(devid)]?.errorStats !== m.errorStats) return true;
  }
  return false;
}
