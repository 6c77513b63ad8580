/**
 * SMART per attached disk: reads `smartctl -j -x`, assesses it, caches the result (SMART reads can
 * wake sleeping disks, so the periodic refresh runs at most every `refreshMinutes` and leaves a
 * sleeping disk asleep), keeps a history of changes, runs self-tests and ERC changes as jobs, and
 * re-applies remembered ERC values at start and when a disk comes back.
 */
import type { Disk } from '../../contracts/api.ts';
import type {
  DiskSmartResponse,
  SmartAbortResponse,
  SmartDeviceTypeInfo,
  SmartDiskReport,
  SmartDiskStatus,
  SmartDiskSummary,
  SmartErc,
  SmartErcRequest,
  SmartErcResponse,
  SmartErcSetting,
  SmartJobStartedResponse,
  SmartReport,
  SmartSelfTestRequest,
} from '../../contracts/smart.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { assessSmart } from '../health/smart-assessment.ts';
import { trendBaselineCutoff } from '../health/smart-trend.ts';
import type { Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { smartctlCommands, type SmartctlCommands } from '../host/smart-commands.ts';
import type { Clock } from '../clock.ts';
import type { SmartConfig } from '../config.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import { JobOutcomeError, type JobContext } from '../jobs/job-runner.ts';
import { ParseError } from '../parsers/parse-error.ts';
import { decodeSmartctlExit, parseScterc, parseSmartctlJson } from '../parsers/smartctl.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import type { SmartCheck, SmartStore } from '../store/smart-store.ts';
import { diskStatusOf, ercWarnings, isRedundantMember, keyValuesOf, replaceAdviceFor } from './smart-result.ts';
import type { SmartdCandidate } from './smartd.ts';

/** How often the loop looks for disks that are due; the reads themselves happen every refreshMinutes per disk. */
const TICK_MS = 60_000;
/** A self-test the drive never finishes (hung, or the log never updates) ends the job after this. */
const MAX_SELF_TEST_MS = 48 * 3600_000;
/** The drive's own estimate of a test's length, plus margin, bounds the job when the drive reports one. */
const SELF_TEST_ESTIMATE_FACTOR = 3;

/** What a job body uses of the JobRunner's context (server/jobs/job-runner.ts): commands are recorded and audited there. */
export type SmartJobContext = Pick<JobContext, 'signal' | 'exec' | 'setProgress' | 'log' | 'setResult' | 'sleep'>;

export type SmartJobKind = SmartJobStartedResponse['kind'];

/** The slice of the JobRunner this service needs (the JobRunner itself satisfies it). */
export interface SmartJobStarter {
  start(job: {
    kind: SmartJobKind;
    poolUuid: string | null;
    target: string | null;
    actor: string;
    exclusive: boolean;
    action?: string;
    run: (ctx: SmartJobContext) => Promise<void>;
    cancel?: (ctx: SmartJobContext) => Promise<void>;
  }): Promise<{ id: string }>;
  wait(id: string): Promise<{ state: string; error: string | null }>;
  cancel(id: string, actor: string): Promise<unknown>;
}

export interface SmartServiceDeps {
  host: Host;
  inventory: SnapshotSource;
  store: SmartStore;
  audit: AuditStore;
  writes: DataDirHealth;
  config: SmartConfig;
  jobs: SmartJobStarter;
  clock: Clock;
  /** POOLWATCH_MOUNT_ROOT: where replace advice proposes to mount an unmounted pool. */
  mountRoot: string;
}

type AttachedDisk = Disk & { path: string };

function isAttached(d: Disk): d is AttachedDisk {
  return d.attached && d.path !== null;
}

/** The lines smartctl printed after its banner: what it has to say about a command. */
function smartctlSays(stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^smartctl \d|^Copyright \(C\)|^===/.test(l));
  return lines.slice(0, 4).join(' ');
}

function diskReport(report: SmartReport | null | undefined): SmartDiskReport | null {
  return report && report.protocol !== 'unavailable' ? report : null;
}

export class SmartService {
  private readonly cmds: SmartctlCommands;
  private readonly now: () => Date;
  private readonly checks: Map<string, SmartCheck>;
  private readonly skippedStandby = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<SmartCheck | null>>();
  /** Self-test jobs poolwatch follows, by disk key: their id and last progress (for the summary column). */
  private readonly selfTestJobs = new Map<string, { jobId: string | null; percentDone: number | null }>();
  private scanCache: { at: number; types: Map<string, string> } | null = null;
  private scanInflight: Promise<Map<string, string>> | null = null;
  private loop: AbortController | null = null;
  private dueRun: Promise<void> | null = null;
  private lastAttached: Set<string> | null = null;
  /** Bumped whenever a disk's SMART result changes what `verdictOf` says (cached pool views are rendered again). */
  verdictsVersion = 0;

  constructor(private readonly deps: SmartServiceDeps) {
    this.cmds = smartctlCommands(deps.config.smartctl);
    this.now = () => deps.clock.now();
    this.checks = deps.store.latest();
  }

  /** The last report read from a disk (for /metrics: power-on hours, key counters); null when none. */
  lastReport(key: string): SmartDiskReport | null {
    return diskReport(this.checks.get(key)?.report);
  }

  get refreshMinutes(): number {
    return this.deps.config.refreshMinutes;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Re-applies remembered ERC values, then refreshes due disks now and every minute after. */
  start(): void {
    if (this.loop) return;
    const loop = new AbortController();
    this.loop = loop;
    void (async () => {
      await this.tick().catch((err) => console.error(`poolwatch: SMART start failed: ${(err as Error).message}`));
      for (;;) {
        try {
          await this.deps.clock.sleep(TICK_MS, loop.signal);
        } catch {
          return; // stop()
        }
        await this.tick().catch((err) => console.error(`poolwatch: SMART refresh failed: ${(err as Error).message}`));
      }
    })();
  }

  stop(): void {
    this.loop?.abort();
    this.loop = null;
  }

  /** One loop step: ERC for disks that (re)appeared, then the due refreshes. */
  async tick(): Promise<void> {
    const snap = await this.deps.inventory.snapshot();
    const attached = new Set(snap.disks.filter(isAttached).map((d) => d.identity.key));
    // At start every disk counts as appeared: it may have been power-cycled while poolwatch was down.
    const appeared = [...attached].filter((k) => !this.lastAttached?.has(k));
    this.lastAttached = attached;
    if (appeared.length > 0 && this.deps.config.ercReapplyAtStart) await this.reapplyErc(snap, appeared);
    await this.refreshDue();
  }

  // ---- reads ---------------------------------------------------------------------------------------

  private async findDisk(key: string): Promise<{ disk: Disk; snap: Snapshot }> {
    const snap = await this.deps.inventory.snapshot();
    const matches = snap.disks.filter((d) => d.identity.key === key);
    const disk = matches.find((d) => d.attached) ?? matches[0];
    if (!disk) throw new NotFoundError(`no disk with key ${key}`);
    return { disk, snap };
  }

  private async findAttached(key: string): Promise<{ disk: AttachedDisk; snap: Snapshot }> {
    const { disk, snap } = await this.findDisk(key);
    if (!isAttached(disk)) throw new ConflictError(`disk ${key} is not attached: SMART needs the disk`);
    return { disk, snap };
  }

  /** GET /api/smart: one line per disk, from the cache (never waits for a disk). */
  async summaries(): Promise<SmartDiskSummary[]> {
    const snap = await this.deps.inventory.snapshot();
    // Disks never read yet are read in the background; the page shows them as "not checked" meanwhile.
    void this.refreshDue().catch(() => undefined);
    const seen = new Set<string>();
    const out: SmartDiskSummary[] = [];
    for (const disk of snap.disks) {
      const key = disk.identity.key;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = this.view(disk, snap);
      const check = this.checks.get(key);
      const report = diskReport(check?.report);
      const reason = r.assessment?.reasons.find((x) => x.code !== 'smart-unavailable') ?? null;
      out.push({
        diskKey: key,
        path: disk.path,
        status: r.status,
        topReason: reason?.message ?? (r.status === 'passed' ? null : r.summary),
        topReasonCode: reason?.code ?? null,
        temperatureCelsius: report?.temperatureCelsius ?? null,
        lastCheckedAt: r.lastCheckedAt,
        warningCodes: r.warnings.map((w) => w.code),
        replaceAdvised: r.replaceAdvice !== null,
        selfTestPercentDone: this.selfTestJobs.get(key)?.percentDone ?? report?.selfTestInProgress?.percentDone ?? null,
      });
    }
    return out;
  }

  /** A disk's cached verdict, assessed afresh (no I/O); null when it was never read. What pool health uses. */
  verdictOf(key: string): { status: SmartDiskStatus; summary: string } | null {
    const check = this.checks.get(key);
    if (!check) return null;
    const assessment = check.report ? assessSmart(check.report, { previous: check.trendBaseline ?? null }) : null;
    return diskStatusOf({ report: check.report, assessment, error: check.error });
  }

  /**
   * Reads what is due, standby-aware (a sleeping disk stays asleep). The first time a disk is seen
   * its read is waited for, up to `firstReadMs`, so a pool's first view already has its SMART verdict.
   */
  async warmUp(firstReadMs: number): Promise<void> {
    const snap = await this.deps.inventory.snapshot();
    const due = this.refreshDue().catch(() => undefined);
    if (!snap.disks.some((d) => isAttached(d) && !this.checks.has(d.identity.key) && !this.skippedStandby.has(d.identity.key))) return;
    const waited = new AbortController();
    await Promise.race([due, this.deps.clock.sleep(firstReadMs, waited.signal).catch(() => undefined)]);
    waited.abort();
  }

  /** GET /api/disks/:key/smart. A disk never read is read now: the admin asked for it. */
  async disk(key: string): Promise<DiskSmartResponse> {
    const { disk, snap } = await this.findDisk(key);
    if (isAttached(disk) && !this.checks.has(key)) await this.read(disk, { skipIfStandby: false });
    return this.response(disk, snap);
  }

  /** POST /api/disks/:key/smart/refresh: read now, even if the disk sleeps. */
  async refresh(key: string, actor: string): Promise<DiskSmartResponse> {
    const { disk, snap } = await this.findAttached(key);
    const check = await this.read(disk, { skipIfStandby: false });
    this.deps.audit.record({
      at: this.now().toISOString(), actor, action: 'smart.refresh', poolUuid: disk.pool?.uuid ?? null, target: disk.path,
      argv: [this.deps.config.smartctl, ...this.cmds.report(disk.path, check?.deviceType ?? null).args],
      exitCode: diskReportExit(check), outcome: check?.error ? 'failed' : 'ok', stderr: check?.error ?? null,
    });
    return this.response(disk, snap);
  }

  /** Reads every attached disk whose result is older than the refresh interval (sequentially: one disk at a time). */
  refreshDue(): Promise<void> {
    if (this.dueRun) return this.dueRun;
    this.dueRun = (async () => {
      const snap = await this.deps.inventory.snapshot();
      const dueBefore = this.now().getTime() - this.refreshMinutes * 60_000;
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
  private async deviceTypeOf(disk: AttachedDisk, opts: { allowScan: boolean } = { allowScan: true }): Promise<SmartDeviceTypeInfo> {
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
    const fresh = this.scanCache && this.now().getTime() - this.scanCache.at < this.refreshMinutes * 60_000;
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
      this.scanCache = { at: this.now().getTime(), types };
      return types;
    })().finally(() => {
      this.scanInflight = null;
    });
    return this.scanInflight;
  }

  /** One `smartctl -j -x` of one disk, deduplicated while it runs. Null when a sleeping disk was left asleep. */
  private read(disk: AttachedDisk, opts: { skipIfStandby: boolean }): Promise<SmartCheck | null> {
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
    const at = this.now().toISOString();
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
  private remember(key: string, check: SmartCheck): void {
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

  /** Status, warnings and advice for a disk from its cached check (assessed afresh: the rules may be newer than the check). */
  private view(disk: Disk, snap: Snapshot) {
    const key = disk.identity.key;
    const check = this.checks.get(key) ?? null;
    const assessment = check?.report ? assessSmart(check.report, { previous: check.trendBaseline ?? null }) : null;
    const { status, summary } = diskStatusOf(check ? { report: check.report, assessment, error: check.error } : null);
    const report = diskReport(check?.report);
    const erc = report?.protocol === 'ata' ? report.erc : null;
    const judged = status !== 'not-available' && status !== 'error' && status !== 'not-checked';
    const warnings = judged ? ercWarnings(erc, isRedundantMember(disk, snap.pools), disk.path) : [];
    return {
      check,
      status,
      summary: disk.attached ? summary : `Detached; last known: ${summary}`,
      assessment,
      erc,
      warnings,
      replaceAdvice: replaceAdviceFor(disk, snap.pools, status, this.deps.mountRoot),
      lastCheckedAt: check?.checkedAt ?? null,
    };
  }

  private async response(disk: Disk, snap: Snapshot): Promise<DiskSmartResponse> {
    const key = disk.identity.key;
    const v = this.view(disk, snap);
    const override = this.deps.store.deviceTypes().get(key) ?? null;
    const deviceType: SmartDeviceTypeInfo = isAttached(disk)
      ? await this.deviceTypeOf(disk, { allowScan: false })
      : { effective: override ?? v.check?.deviceType ?? null, source: override ? 'override' : 'auto', override, scanned: null };
    return {
      diskKey: key,
      path: disk.path,
      status: v.status,
      summary: v.summary,
      lastCheckedAt: v.lastCheckedAt,
      skippedStandbyAt: this.skippedStandby.get(key) ?? null,
      report: v.check?.report ?? null,
      assessment: v.assessment,
      error: v.check?.error ? { message: v.check.error } : null,
      deviceType,
      erc: v.erc,
      ercSetting: this.deps.store.ercSettings().get(key) ?? null,
      warnings: v.warnings,
      replaceAdvice: v.replaceAdvice,
      history: this.deps.store.history(key),
      refreshMinutes: this.refreshMinutes,
    };
  }

  // ---- device type -----------------------------------------------------------------------------

  /** PUT /api/disks/:key/smart/device-type: store (or clear) the override, then read the disk with it. */
  async setDeviceType(key: string, deviceType: string | null, actor: string): Promise<DiskSmartResponse> {
    const { disk } = await this.findDisk(key);
    const at = this.now().toISOString();
    this.deps.store.setDeviceType(key, deviceType, at, actor);
    this.deps.audit.record({
      at, actor, action: 'smart.device-type', poolUuid: disk.pool?.uuid ?? null, target: key,
      argv: null, exitCode: null, outcome: 'ok', details: { deviceType },
    });
    if (isAttached(disk)) await this.read(disk, { skipIfStandby: false });
    const { snap } = await this.findDisk(key);
    return this.response(disk, snap);
  }

  /** The disk's report for an action that needs SMART (read first if never read); refuses a disk without SMART. */
  private async reportForAction(disk: AttachedDisk, what: string): Promise<SmartDiskReport> {
    const key = disk.identity.key;
    if (!this.checks.has(key)) await this.read(disk, { skipIfStandby: false });
    const check = this.checks.get(key) ?? null;
    const report = diskReport(check?.report);
    const { status, summary } = diskStatusOf(check);
    if (!report || status === 'not-available') throw new ConflictError(`${what} needs SMART on the disk: ${summary}`);
    return report;
  }

  // ---- ERC ---------------------------------------------------------------------------------------

  /**
   * GET /api/disks/:key/erc. From the last SMART report when it holds ERC (an ATA `-x` read does,
   * and a set job updates it): viewing a page never wakes a sleeping disk. `fresh` (or a report
   * without ERC) reads the drive now (`smartctl -l scterc`).
   */
  async readErc(key: string, opts: { fresh?: boolean } = {}): Promise<SmartErcResponse> {
    const { disk, snap } = await this.findAttached(key);
    const cached = this.checks.get(key)?.report;
    if (!opts.fresh && cached?.protocol === 'ata' && cached.erc !== null) return this.ercResponse(key, cached.erc, disk, snap);
    const type = await this.deviceTypeOf(disk);
    let erc: SmartErc;
    try {
      const out = await this.deps.host.run(this.cmds.ercRead(disk.path, type.effective));
      erc = parseScterc(out.stdout, out.exitCode);
    } catch (err) {
      if (!(err instanceof HostError) && !(err instanceof ParseError)) throw err;
      erc = { state: 'unavailable', reason: 'unknown', messages: [err.message] };
    }
    return this.ercResponse(key, erc, disk, snap);
  }

  private ercResponse(key: string, erc: SmartErc, disk: AttachedDisk, snap: Snapshot): SmartErcResponse {
    const redundantMember = isRedundantMember(disk, snap.pools);
    return {
      diskKey: key,
      erc,
      setting: this.deps.store.ercSettings().get(key) ?? null,
      redundantMember,
      warnings: ercWarnings(erc, redundantMember, disk.path),
      reapplyEnabled: this.deps.config.ercReapplyAtStart,
    };
  }

  /** POST /api/disks/:key/erc: sets ERC as a `smart-set-erc` job and remembers the values to re-apply. */
  async setErc(key: string, req: SmartErcRequest, actor: string): Promise<SmartJobStartedResponse> {
    const { disk } = await this.findAttached(key);
    const report = await this.reportForAction(disk, 'ERC');
    if (report.protocol !== 'ata') throw new ValidationError(`ERC (SCT Error Recovery Control) is an ATA feature; this disk speaks ${report.protocol.toUpperCase()}`);
    const setting: SmartErcSetting = {
      readDeciseconds: req.readDeciseconds, writeDeciseconds: req.writeDeciseconds, reapplyAtStart: req.reapplyAtStart,
      setAt: this.now().toISOString(), setBy: actor,
    };
    const jobId = await this.startErcJob(disk, setting, actor);
    return { jobId, kind: 'smart-set-erc' };
  }

  private async startErcJob(disk: AttachedDisk, setting: SmartErcSetting, actor: string): Promise<string> {
    const type = await this.deviceTypeOf(disk);
    const spec = this.cmds.ercSet(disk.path, type.effective, setting.readDeciseconds, setting.writeDeciseconds);
    const job = await this.deps.jobs.start({
      kind: 'smart-set-erc',
      action: 'smart.set-erc',
      poolUuid: disk.pool?.uuid ?? null,
      target: disk.path,
      actor,
      exclusive: false,
      run: async (ctx) => {
        const out = await ctx.exec(spec);
        const erc = parseScterc(out.stdout, out.exitCode);
        if (erc.state !== 'supported') {
          const why = erc.state === 'unsupported' ? 'the drive does not support SCT Error Recovery Control' : erc.messages.join(' ') || erc.state;
          throw new Error(`ERC was not set on ${disk.path}: ${why}`);
        }
        this.deps.store.saveErcSetting(disk.identity.key, setting);
        // The next -x read would show it too; until then the cached report says what the drive just confirmed.
        const check = this.checks.get(disk.identity.key);
        if (check?.report?.protocol === 'ata') this.remember(disk.identity.key, { ...check, report: { ...check.report, erc } });
        ctx.setProgress({ percent: 100, detail: describeErc(erc) });
        ctx.setResult({ summary: `ERC on ${disk.path}: ${describeErc(erc)}${setting.reapplyAtStart ? '; re-applied at every start' : ''}`, scrub: null });
      },
    });
    return job.id;
  }

  /** Re-applies remembered ERC values (asked to be kept) on disks that just appeared, as jobs of `system`. */
  private async reapplyErc(snap: Snapshot, keys: readonly string[]): Promise<void> {
    const settings = this.deps.store.ercSettings();
    const started: string[] = [];
    for (const key of keys) {
      const setting = settings.get(key);
      const disk = snap.disks.find((d): d is AttachedDisk => d.identity.key === key && isAttached(d));
      if (!setting?.reapplyAtStart || !disk) continue;
      try {
        started.push(await this.startErcJob(disk, setting, 'system'));
      } catch (err) {
        console.error(`poolwatch: re-applying ERC on ${disk.path} failed to start: ${(err as Error).message}`);
      }
    }
    // Wait, so the refresh that follows reads the disks with their ERC back in place.
    for (const id of started) await this.deps.jobs.wait(id);
  }

  // ---- self-tests --------------------------------------------------------------------------------

  /** POST /api/disks/:key/smart/self-test: starts the test and follows it as a `smart-self-test` job. */
  async startSelfTest(key: string, req: SmartSelfTestRequest, actor: string): Promise<SmartJobStartedResponse> {
    const { disk } = await this.findAttached(key);
    const known = await this.reportForAction(disk, 'a self-test');
    const support = known.selfTestSupport;
    // Conveyance (transport damage) tests exist only in ATA.
    const offered = req.type === 'long' ? support.extended : req.type === 'short' ? support.short : known.protocol !== 'ata' ? false : support.conveyance;
    if (offered === false) throw new ValidationError(`this disk does not offer a ${req.type} self-test`);
    if (this.selfTestJobs.has(key)) throw new ConflictError('poolwatch is already following a self-test on this disk; abort it first');
    if (known.selfTestInProgress) throw new ConflictError('a self-test is already running on this disk; abort it first');
    const type = await this.deviceTypeOf(disk);
    const follow = { jobId: null as string | null, percentDone: 0 as number | null, aborted: false };
    this.selfTestJobs.set(key, follow);
    try {
      const job = await this.deps.jobs.start({
        kind: 'smart-self-test',
        action: 'smart.self-test',
        poolUuid: disk.pool?.uuid ?? null,
        target: disk.path,
        actor,
        exclusive: false,
        run: async (ctx) => {
          try {
            await this.runSelfTest(disk, type.effective, req.type, ctx, known, follow);
          } finally {
            this.selfTestJobs.delete(key);
          }
        },
        // Cancelling the job aborts the test on the drive; the poll loop then sees it end.
        cancel: async (ctx) => {
          follow.aborted = true;
          await ctx.exec(this.cmds.selfTestAbort(disk.path, type.effective));
        },
      });
      follow.jobId = job.id;
      return { jobId: job.id, kind: 'smart-self-test' };
    } catch (err) {
      this.selfTestJobs.delete(key);
      throw err;
    }
  }

  private async runSelfTest(
    disk: AttachedDisk,
    deviceType: string | null,
    testType: SmartSelfTestRequest['type'],
    ctx: SmartJobContext,
    known: SmartDiskReport | null,
    follow: { percentDone: number | null; aborted: boolean },
  ): Promise<void> {
    const started = await ctx.exec(this.cmds.selfTestStart(disk.path, deviceType, testType));
    const bits = decodeSmartctlExit(started.exitCode);
    if (bits.commandLineError || bits.openFailed || bits.smartCommandFailed) {
      throw new Error(`the drive did not start the ${testType} self-test: ${smartctlSays(started.stdout) || `smartctl exit status ${started.exitCode}`}`);
    }
    ctx.setProgress({ percent: 0, detail: `${testType} self-test started` });

    const minutes = testType === 'long' ? known?.selfTestSupport.extendedMinutes : testType === 'short' ? known?.selfTestSupport.shortMinutes : known?.selfTestSupport.conveyanceMinutes;
    const deadline = this.now().getTime() + (minutes ? Math.min(MAX_SELF_TEST_MS, minutes * 60_000 * SELF_TEST_ESTIMATE_FACTOR + 10 * 60_000) : MAX_SELF_TEST_MS);
    for (;;) {
      await ctx.sleep(this.deps.config.selfTestPollMs);
      const out = await ctx.exec(this.cmds.selfTestStatus(disk.path, deviceType));
      const report = diskReport(parseSmartctlJson(out.stdout, out.exitCode));
      const running = report?.selfTestInProgress ?? null;
      if (!running) break;
      follow.percentDone = running.percentDone;
      // ATA reports percent remaining and NVMe percent done: the parser turned both into done.
      ctx.setProgress({ percent: running.percentDone, detail: running.status ?? `${testType} self-test running` });
      if (this.now().getTime() > deadline) throw new Error(`the ${testType} self-test has not finished after far longer than the drive's estimate; abort it and check the disk`);
    }
    // The result lands in the self-test log: read the full report once so the disk's page shows it.
    const check = await this.read(disk, { skipIfStandby: false });
    const newest = diskReport(check?.report)?.selfTests[0];
    if (follow.aborted) throw new JobOutcomeError('cancelled', `the ${testType} self-test was aborted on the drive`);
    if (!newest) {
      ctx.setResult({ summary: `${testType} self-test finished; the drive's self-test log shows no entry`, scrub: null });
      return;
    }
    const where = newest.firstErrorLba !== null ? ` (first error at LBA ${newest.firstErrorLba})` : '';
    if (newest.passed === false) throw new Error(`${newest.type} self-test: ${newest.status}${where}`);
    ctx.setResult({ summary: `${newest.type} self-test: ${newest.status}`, scrub: null });
  }

  /** POST /api/disks/:key/smart/self-test/abort: cancels poolwatch's job (which runs `smartctl -X`), else runs `-X` itself. */
  async abortSelfTest(key: string, actor: string): Promise<SmartAbortResponse> {
    const { disk } = await this.findAttached(key);
    const following = this.selfTestJobs.get(key);
    if (following?.jobId) {
      await this.deps.jobs.cancel(following.jobId, actor);
      return { message: `asked job ${following.jobId} to abort the self-test` };
    }
    const type = await this.deviceTypeOf(disk);
    const spec = this.cmds.selfTestAbort(disk.path, type.effective);
    const out = await this.deps.host.run(spec);
    const bits = decodeSmartctlExit(out.exitCode);
    const ok = !bits.commandLineError && !bits.openFailed && !bits.smartCommandFailed;
    const said = smartctlSays(out.stdout);
    this.deps.audit.record({
      at: this.now().toISOString(), actor, action: 'smart.self-test-abort', poolUuid: disk.pool?.uuid ?? null, target: disk.path,
      argv: [spec.file, ...spec.args], exitCode: out.exitCode, outcome: ok ? 'ok' : 'failed', stderr: ok ? null : said,
    });
    if (!ok) throw new ConflictError(`aborting the self-test failed: ${said || `smartctl exit status ${out.exitCode}`}`);
    return { message: said || 'self-test aborted' };
  }

  // ---- smartd -----------------------------------------------------------------------------------

  /** Attached disks with a SMART report, as smartd lines; the others with the reason they are left out. */
  async smartdCandidates(): Promise<SmartdCandidate[]> {
    const snap = await this.deps.inventory.snapshot();
    const out: SmartdCandidate[] = [];
    for (const disk of snap.disks.filter(isAttached)) {
      const key = disk.identity.key;
      const check = this.checks.get(key);
      const device = disk.identity.byId[0] ?? disk.path;
      const { status } = diskStatusOf(check ?? null);
      const report = diskReport(check?.report);
      if (!report || status === 'not-available' || status === 'error' || status === 'not-checked') {
        const why = status === 'not-checked' ? 'SMART has not been read yet' : status === 'error' ? 'the last SMART read failed' : 'SMART is not available on it';
        out.push({ diskKey: key, device, disk: null, skippedBecause: why });
        continue;
      }
      const type = await this.deviceTypeOf(disk);
      out.push({
        diskKey: key,
        device,
        disk: { device, deviceType: type.effective, protocol: report.protocol, solidState: report.protocol === 'nvme' || report.identity.rotationRateRpm === 0 },
        skippedBecause: null,
      });
    }
    return out;
  }
}

function diskReportExit(check: SmartCheck | null): number | null {
  return check?.report?.exitStatus ?? null;
}

function describeErc(erc: SmartErc): string {
  if (erc.state !== 'supported') return erc.state;
  const t = (x: { enabled: boolean; deciseconds: number | null }) => (x.enabled && x.deciseconds !== null ? `${(x.deciseconds / 10).toFixed(1)} s` : 'disabled');
  return `read ${t(erc.read)}, write ${t(erc.write)}`;
}
