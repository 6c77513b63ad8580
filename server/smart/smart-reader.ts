/**
 * SMART reads and their cache: one `smartctl -j -x` per disk at a time, the last result per disk
 * in memory (and in the SMART store, with a history row per change), standby-aware (the periodic
 * refresh leaves a sleeping disk asleep; a read the admin asks for wakes it), the `-d` device type
 * (override, `--scan-open`, auto). The other SMART parts (self-tests, ERC, the pages) read through it.
 */
import type { Disk } from '../../contracts/api.ts';
import type { SmartDeviceTypeInfo, SmartDiskReport, SmartDiskStatus } from '../../contracts/smart.ts';
import type { Clock } from '../clock.ts';
import type { SmartConfig } from '../config.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { assessSmart } from '../health/smart-assessment.ts';
import { trendBaselineCutoff } from '../health/smart-trend.ts';
import type { Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { smartctlCommands, type SmartctlCommands } from '../host/smart-commands.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import { ParseError } from '../parsers/parse-error.ts';
import { parseSmartctlJson } from '../parsers/smartctl.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import type { SmartCheck, SmartStore } from '../store/smart-store.ts';
import { diskReport, isAttached, type AttachedDisk } from './smart-common.ts';
import { diskStatusOf, keyValuesOf } from './smart-result.ts';

export interface SmartReaderDeps {
  host: Host;
  inventory: SnapshotSource;
  store: SmartStore;
  writes: DataDirHealth;
  config: SmartConfig;
  clock: Clock;
}

export class SmartReader {
  readonly cmds: SmartctlCommands;
  private readonly checks: Map<string, SmartCheck>;
  private readonly skippedStandby = new Map<string, string>();
  /** Disks a page already waited for the first SMART read of (warmUp): never waited for twice. */
  private readonly waitedFor = new Set<string>();
  private firstWait: Promise<void> | null = null;
  private readonly inflight = new Map<string, Promise<SmartCheck | null>>();
  private scanCache: { at: number; types: Map<string, string> } | null = null;
  private scanInflight: Promise<Map<string, string>> | null = null;
  private dueRun: Promise<void> | null = null;
  /** Bumped whenever a disk's SMART result changes what `verdictOf` says (cached pool views are rendered again). */
  verdictsVersion = 0;

  constructor(private readonly deps: SmartReaderDeps) {
    this.cmds = smartctlCommands(deps.config.smartctl);
    this.checks = deps.store.latest();
  }

  get refreshMinutes(): number {
    return this.deps.config.refreshMinutes;
  }

  /** The last check of a disk (null when never read). */
  check(key: string): SmartCheck | null {
    return this.checks.get(key) ?? null;
  }

  /** When the periodic refresh last left the disk asleep (null when its last read went through). */
  skippedStandbyAt(key: string): string | null {
    return this.skippedStandby.get(key) ?? null;
  }

  /** The last report read from a disk (for /metrics: power-on hours, key counters); null when none. */
  lastReport(key: string): SmartDiskReport | null {
    return diskReport(this.checks.get(key)?.report);
  }

  /** A disk's cached verdict, assessed afresh (no I/O); null when it was never read. What pool health uses. */
  verdictOf(key: string): { status: SmartDiskStatus; summary: string } | null {
    const check = this.checks.get(key);
    if (!check) return null;
    const assessment = check.report ? assessSmart(check.report, { previous: check.trendBaseline ?? null }) : null;
    return diskStatusOf({ report: check.report, assessment, error: check.error });
  }

  async findDisk(key: string): Promise<{ disk: Disk; snap: Snapshot }> {
    const snap = await this.deps.inventory.snapshot();
    const matches = snap.disks.filter((d) => d.identity.key === key);
    const disk = matches.find((d) => d.attached) ?? matches[0];
    if (!disk) throw new NotFoundError(`no disk with key ${key}`);
    return { disk, snap };
  }

  async findAttached(key: string): Promise<{ disk: AttachedDisk; snap: Snapshot }> {
    const { disk, snap } = await this.findDisk(key);
    if (!isAttached(disk)) throw new ConflictError(`disk ${key} is not attached: SMART needs the disk`);
    return { disk, snap };
  }

  /** The disk's report for an action that needs SMART (read first if never read); refuses a disk without SMART. */
  async reportForAction(disk: AttachedDisk, what: string): Promise<SmartDiskReport> {
    const key = disk.identity.key;
    if (!this.checks.has(key)) await this.read(disk, { skipIfStandby: false });
    const check = this.checks.get(key) ?? null;
    const report = diskReport(check?.report);
    const { status, summary } = diskStatusOf(check);
    if (!report || status === 'not-available') throw new ConflictError(`${what} needs SMART on the disk: ${summary}`);
    return report;
  }

  /**
   * Reads what is due, standby-aware (a sleeping disk stays asleep). The first time a disk is seen
   * its read is waited for, up to `firstReadMs`, so a pool's first view already has its SMART verdict.
   */
  async warmUp(firstReadMs: number): Promise<void> {
    const snap = await this.deps.inventory.snapshot();
    const due = this.refreshDue().catch(() => undefined);
    // Each new disk is waited for once: with many disks appearing at once (reads are sequential),
    // every request waiting again would hold each page up to firstReadMs until all were read.
    const unread = snap.disks.filter((d) => isAttached(d) && !this.checks.has(d.identity.key) && !this.skippedStandby.has(d.identity.key) && !this.waitedFor.has(d.identity.key));
    // Pages asking meanwhile join the wait in progress (it ends at its own deadline).
    if (unread.length === 0) return this.firstWait ?? undefined;
    for (const d of unread) this.waitedFor.add(d.identity.key);
    const waited = new AbortController();
    const wait = Promise.race([due, this.deps.clock.sleep(firstReadMs, waited.signal).catch(() => undefined)]).finally(() => {
      waited.abort();
      if (this.firstWait === wait) this.firstWait = null;
    });
    this.firstWait = wait;
    await wait;
  }

  /** Reads every attached disk whose result is older than the refresh interval (sequentially: one disk at a time). */
  refreshDue(): Promise<void> {
    if (this.dueRun) return this.dueRun;
    this.dueRun = (async () => {
      const snap = await this.deps.inventory.snapshot();
      const dueBefore = this.deps.clock.now().getTime() - this.refreshMinutes * 60_000;
      for (const disk of snap.disks.filter(isAttached)) {
        const key = disk.identity.key;
        const last = this.checks.get(key);
        const skipped = this.skippedStandby.get(key);
        const lastAt = Math.max(last ? Date.parse(last.checkedAt) : 0, skipped ? Date.parse(skipped) : 0);
        if (lastAt > dueBefore && (!last || last.path === disk.path)) continue;
        await this.read(disk, { skipIfStandby: true });
      }
    })().finally(() => {
      this.dueRun = null;
    });
    return this.dueRun;
  }

  /**
   * The `-d` type for a disk: the admin's override, else what `--scan-open` found for its path, else
   * auto. `allowScan: false` (building a page) uses the last scan, or the type the last read used.
   */
  async deviceTypeOf(disk: AttachedDisk, opts: { allowScan: boolean } = { allowScan: true }): Promise<SmartDeviceTypeInfo> {
    const override = this.deps.store.deviceTypes().get(disk.identity.key) ?? null;
    // Loop devices and overridden disks need no scan (scan-open opens every device on the machine).
    const scan = override !== null || disk.type === 'loop' || !opts.allowScan;
    const types = scan ? this.scanCache?.types : await this.scanTypes();
    const lastUsed = this.checks.get(disk.identity.key);
    // For the page only: after a restart (no scan yet) show the type the last read used.
    const scanned = types?.get(disk.path) ?? (!opts.allowScan && !this.scanCache && lastUsed?.path === disk.path ? lastUsed.deviceType : null);
    return { effective: override ?? scanned, source: override !== null ? 'override' : scanned !== null ? 'scan' : 'auto', override, scanned };
  }

  private scanTypes(): Promise<Map<string, string>> {
    const fresh = this.scanCache && this.deps.clock.now().getTime() - this.scanCache.at < this.refreshMinutes * 60_000;
    if (fresh) return Promise.resolve(this.scanCache!.types);
    if (this.scanInflight) return this.scanInflight;
    this.scanInflight = (async () => {
      const types = new Map<string, string>();
      try {
        const out = await this.deps.host.run(this.cmds.scanOpen());
        const report = parseSmartctlJson(out.stdout, out.exitCode);
        if (report.protocol === 'unavailable') {
          for (const d of report.scannedDevices) if (d.name && d.type) types.set(d.name, d.type);
        }
      } catch (err) {
        // Without a scan every disk is auto-detected, which is what smartctl does anyway.
        if (!(err instanceof HostError) && !(err instanceof ParseError)) throw err;
      }
      this.scanCache = { at: this.deps.clock.now().getTime(), types };
      return types;
    })().finally(() => {
      this.scanInflight = null;
    });
    return this.scanInflight;
  }

  /** One `smartctl -j -x` of one disk, deduplicated while it runs. Null when a sleeping disk was left asleep. */
  read(disk: AttachedDisk, opts: { skipIfStandby: boolean }): Promise<SmartCheck | null> {
    const key = disk.identity.key;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.readNow(disk, opts).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async readNow(disk: AttachedDisk, opts: { skipIfStandby: boolean }): Promise<SmartCheck | null> {
    const key = disk.identity.key;
    const type = await this.deviceTypeOf(disk);
    const at = this.deps.clock.now().toISOString();
    let check: SmartCheck;
    try {
      const out = await this.deps.host.run(this.cmds.report(disk.path, type.effective, { skipIfStandby: opts.skipIfStandby }));
      const report = parseSmartctlJson(out.stdout, out.exitCode);
      if (report.protocol === 'unavailable' && report.reason === 'standby') {
        this.skippedStandby.set(key, at);
        return null;
      }
      // Compared with the counters of about a week ago, so a rise stays visible past the next read (smart-trend.ts).
      const trendBaseline = report.protocol === 'unavailable' ? null : this.deps.store.trendBaseline(key, trendBaselineCutoff(at));
      check = { checkedAt: at, path: disk.path, deviceType: type.effective, report, assessment: assessSmart(report, { previous: trendBaseline }), error: null, trendBaseline };
    } catch (err) {
      if (!(err instanceof HostError) && !(err instanceof ParseError)) throw err;
      const message = err instanceof HostError && err.detail.errno === 'ENOENT'
        ? `${this.deps.config.smartctl} is not installed (install smartmontools)`
        : err.message;
      check = { checkedAt: at, path: disk.path, deviceType: type.effective, report: null, assessment: null, error: message };
    }
    this.skippedStandby.delete(key);
    this.remember(key, check);
    return check;
  }

  /** Kept in memory at once; written best-effort (a full data dir must not turn a SMART read into an error). */
  remember(key: string, check: SmartCheck): void {
    this.checks.set(key, check);
    this.verdictsVersion++;
    this.deps.writes.bestEffort('a SMART result', () => {
      this.deps.store.saveLatest(key, check);
      const report = diskReport(check.report);
      if (report && check.assessment && diskStatusOf(check).status !== 'not-available') {
        this.deps.store.recordHistory(key, {
          at: check.checkedAt,
          status: check.assessment.status,
          reasonCodes: check.assessment.reasons.map((r) => r.code),
          keyValues: keyValuesOf(report),
          temperatureCelsius: report.temperatureCelsius,
        });
      }
    });
  }
}
