/**
 * SMART per attached disk, the one face the routes, the scheduler, metrics and pool verdicts use.
 * The work is done by its parts, each built in server/compose.ts:
 * - SmartReader (smart-reader.ts): reads, the cache, standby, device types, verdicts;
 * - SmartSelfTests (smart-self-tests.ts): self-tests as jobs, followed to their result;
 * - SmartErcControl (smart-erc.ts): ERC read, set as a job, re-applied when a disk (re)appears;
 * - the smartd config lives in SmartdManager (smartd.ts), fed by `smartdCandidates()`.
 * What stays here: the loop (ERC for disks that appeared, then the due reads, every minute on the
 * injected clock) and the pages (`summaries`, `disk`), which join the parts' answers.
 */
import type { Disk } from '../../contracts/api.ts';
import type {
  DiskSmartResponse,
  SmartDeviceTypeInfo,
  SmartDiskSummary,
} from '../../contracts/smart.ts';
import type { Clock } from '../clock.ts';
import type { SmartConfig } from '../config.ts';
import { assessSmart } from '../health/smart-assessment.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { SmartStore } from '../store/smart-store.ts';
import { diskReport, isAttached } from './smart-common.ts';
import type { SmartErcControl } from './smart-erc.ts';
import type { SmartReader } from './smart-reader.ts';
import { diskStatusOf, ercWarnings, isRedundantMember, replaceAdviceFor } from './smart-result.ts';
import type { SmartSelfTests } from './smart-self-tests.ts';
import type { SmartdCandidate } from './smartd.ts';

/** How often the loop looks for disks that are due; the reads themselves happen every refreshMinutes per disk. */
const TICK_MS = 60_000;

export interface SmartServiceDeps {
  reader: SmartReader;
  selfTests: SmartSelfTests;
  erc: SmartErcControl;
  inventory: SnapshotSource;
  store: SmartStore;
  audit: AuditStore;
  config: SmartConfig;
  clock: Clock;
  /** POOLWATCH_MOUNT_ROOT: where replace advice proposes to mount an unmounted pool. */
  mountRoot: string;
}

export class SmartService {
  readonly reader: SmartReader;
  readonly selfTests: SmartSelfTests;
  readonly erc: SmartErcControl;
  private loop: AbortController | null = null;
  private lastAttached: Set<string> | null = null;

  constructor(private readonly deps: SmartServiceDeps) {
    this.reader = deps.reader;
    this.selfTests = deps.selfTests;
    this.erc = deps.erc;
  }

  get refreshMinutes(): number {
    return this.deps.config.refreshMinutes;
  }

  /** Bumped whenever a disk's SMART result changes what `verdictOf` says (cached pool views are rendered again). */
  get verdictsVersion(): number {
    return this.reader.verdictsVersion;
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
    await this.erc.reapply(snap, appeared);
    await this.reader.refreshDue();
  }

  // ---- pages -------------------------------------------------------------------------------------

  /** GET /api/smart: one line per disk, from the cache (never waits for a disk). */
  async summaries(): Promise<SmartDiskSummary[]> {
    const snap = await this.deps.inventory.snapshot();
    // Disks never read yet are read in the background; the page shows them as "not checked" meanwhile.
    void this.reader.refreshDue().catch(() => undefined);
    const seen = new Set<string>();
    const out: SmartDiskSummary[] = [];
    for (const disk of snap.disks) {
      const key = disk.identity.key;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = this.view(disk, snap);
      const report = diskReport(r.check?.report);
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
        selfTestPercentDone: this.selfTests.followed(key)?.percentDone ?? report?.selfTestInProgress?.percentDone ?? null,
      });
    }
    return out;
  }

  /** GET /api/disks/:key/smart. A disk never read is read now: the admin asked for it. */
  async disk(key: string): Promise<DiskSmartResponse> {
    const { disk, snap } = await this.reader.findDisk(key);
    if (isAttached(disk) && !this.reader.check(key)) await this.reader.read(disk, { skipIfStandby: false });
    return this.response(disk, snap);
  }

  /** POST /api/disks/:key/smart/refresh: read now, even if the disk sleeps. */
  async refresh(key: string, actor: string): Promise<DiskSmartResponse> {
    const { disk, snap } = await this.reader.findAttached(key);
    const check = await this.reader.read(disk, { skipIfStandby: false });
    this.deps.audit.record({
      at: this.deps.clock.now().toISOString(), actor, action: 'smart.refresh', poolUuid: disk.pool?.uuid ?? null, target: disk.path,
      argv: [this.deps.config.smartctl, ...this.reader.cmds.report(disk.path, check?.deviceType ?? null).args],
      exitCode: check?.report?.exitStatus ?? null, outcome: check?.error ? 'failed' : 'ok', stderr: check?.error ?? null,
    });
    return this.response(disk, snap);
  }

  /** PUT /api/disks/:key/smart/device-type: store (or clear) the override, then read the disk with it. */
  async setDeviceType(key: string, deviceType: string | null, actor: string): Promise<DiskSmartResponse> {
    const { disk } = await this.reader.findDisk(key);
    const at = this.deps.clock.now().toISOString();
    this.deps.store.setDeviceType(key, deviceType, at, actor);
    this.deps.audit.record({
      at, actor, action: 'smart.device-type', poolUuid: disk.pool?.uuid ?? null, target: key,
      argv: null, exitCode: null, outcome: 'ok', details: { deviceType },
    });
    if (isAttached(disk)) await this.reader.read(disk, { skipIfStandby: false });
    const { snap } = await this.reader.findDisk(key);
    return this.response(disk, snap);
  }

  /** Status, warnings and advice for a disk from its cached check (assessed afresh: the rules may be newer than the check). */
  private view(disk: Disk, snap: Snapshot) {
    const check = this.reader.check(disk.identity.key);
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
      ? await this.reader.deviceTypeOf(disk, { allowScan: false })
      : { effective: override ?? v.check?.deviceType ?? null, source: override ? 'override' : 'auto', override, scanned: null };
    return {
      diskKey: key,
      path: disk.path,
      status: v.status,
      summary: v.summary,
      lastCheckedAt: v.lastCheckedAt,
      skippedStandbyAt: this.reader.skippedStandbyAt(key),
      selfTestJobId: this.selfTests.followed(key)?.jobId ?? null,
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

  // ---- smartd -----------------------------------------------------------------------------------

  /** Attached disks with a SMART report, as smartd lines; the others with the reason they are left out. */
  async smartdCandidates(): Promise<SmartdCandidate[]> {
    const snap = await this.deps.inventory.snapshot();
    const out: SmartdCandidate[] = [];
    for (const disk of snap.disks.filter(isAttached)) {
      const key = disk.identity.key;
      const check = this.reader.check(key);
      const device = disk.identity.byId[0] ?? disk.path;
      const { status } = diskStatusOf(check);
      const report = diskReport(check?.report);
      if (!report || status === 'not-available' || status === 'error' || status === 'not-checked') {
        const why = status === 'not-checked' ? 'SMART has not been read yet' : status === 'error' ? 'the last SMART read failed' : 'SMART is not available on it';
        out.push({ diskKey: key, device, disk: null, skippedBecause: why });
        continue;
      }
      const type = await this.reader.deviceTypeOf(disk);
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
