/**
 * Prometheus metrics (GET /metrics): one registry of poolwatch_* metrics, filled at each scrape
 * from the watcher's last snapshot (never a new scan), the jobs, the SMART cache and the outbox.
 * Labels are identifiers only (pool uuid, devid, disk key, device path, enum values); the pool's
 * label appears once, in poolwatch_pool_info. See docs/decisions/015-prometheus.md.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Job } from '../../contracts/jobs.ts';
import type { SmartDiskReport, SmartDiskSummary } from '../../contracts/smart.ts';
import { SMART_DISK_STATUSES } from '../../contracts/smart.ts';
import type { PoolView } from '../../contracts/views.ts';
import { missingMembers } from '../health/pool-facts.ts';
import { smartKeyCounters } from '../health/smart-counters.ts';

/** The states poolwatch_pool_state is one-hot over (the health status enum, as the team agreed it). */
export const POOL_STATES = ['healthy', 'warning', 'at-risk', 'degraded', 'failed', 'unreadable'] as const;
const COUNTERS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;

/** The last scrub of a pool, from `btrfs scrub status` or the jobs journal, whichever is newer. */
export interface ScrubFacts {
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastErrors: number | null;
  running: boolean;
}

export interface MetricsDeps {
  version: string;
  /** Pool views of the watcher's last snapshot; null before the first scan. */
  pools: () => Promise<PoolView[] | null>;
  jobs: () => Job[];
  scrubs: (pools: readonly PoolView[]) => Promise<Map<string, ScrubFacts>>;
  smart: () => Promise<{ summary: SmartDiskSummary; report: SmartDiskReport | null }[]>;
  scan: () => { lastScanAt: string | null; lastFullScanSeconds: number | null; errorsTotal: number; failing: boolean };
  notify: () => { failuresByType: ReadonlyMap<string, number>; queued: number; failed: number };
}

const seconds = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso) / 1000);

export class MetricsService {
  readonly registry = new Registry();
  private readonly g;

  constructor(private readonly deps: MetricsDeps) {
    const r = [this.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers: r });
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Counter<L>({ name, help, labelNames, registers: r });
    this.g = {
      build: gauge('poolwatch_build_info', 'poolwatch version (always 1)', ['version']),
      up: gauge('poolwatch_scan_ok', '1 when the last scan of the machine worked, 0 when it failed'),
      lastScan: gauge('poolwatch_last_scan_timestamp_seconds', 'When the last scan of the pools finished (Unix time)'),
      scanDuration: gauge('poolwatch_scan_duration_seconds', 'How long the last full scan (btrfs fi show, lsblk, findmnt, sysfs) took'),
      scanErrors: counter('poolwatch_scan_errors_total', 'Scans of the machine that failed since poolwatch started'),
      poolInfo: gauge('poolwatch_pool_info', 'One series per pool: its label and profiles (always 1)', ['uuid', 'label', 'data_profile', 'metadata_profile', 'system_profile']),
      poolManaged: gauge('poolwatch_pool_managed', '1 when the admin imported the pool into poolwatch', ['uuid']),
      poolMounted: gauge('poolwatch_pool_mounted', '1 when the pool is mounted', ['uuid']),
      devices: gauge('poolwatch_pool_devices', 'Members the pool should have', ['uuid']),
      missing: gauge('poolwatch_pool_devices_missing', 'Members btrfs reports missing', ['uuid']),
      state: gauge('poolwatch_pool_state', '1 for the pool\'s health state, 0 for the others', ['uuid', 'state']),
      mixed: gauge('poolwatch_pool_mixed_profiles', '1 when chunks of more than one profile exist for a block-group type', ['uuid']),
      maintenance: gauge('poolwatch_pool_maintenance_required', '1 while the pool needs the admin ("Maintenance required")', ['uuid']),
      size: gauge('poolwatch_pool_size_bytes', 'Size of the pool (sum of its members)', ['uuid']),
      used: gauge('poolwatch_pool_used_bytes', 'Bytes used, as btrfs fi show reports them', ['uuid']),
      deviceMissing: gauge('poolwatch_device_missing', '1 when the member is missing', ['uuid', 'devid']),
      deviceErrors: counter('poolwatch_device_errors_total', 'btrfs device error counters (drop to 0 when reset)', ['uuid', 'devid', 'counter']),
      scrubLastRun: gauge('poolwatch_scrub_last_run_timestamp_seconds', 'When the last scrub started (0: none known)', ['uuid']),
      scrubLastSuccess: gauge('poolwatch_scrub_last_success_timestamp_seconds', 'When the last scrub that ran to its end finished (0: none known)', ['uuid']),
      scrubErrors: gauge('poolwatch_scrub_last_errors', 'Errors the last finished scrub found', ['uuid']),
      scrubRunning: gauge('poolwatch_scrub_running', '1 while a scrub runs', ['uuid']),
      jobRunning: gauge('poolwatch_job_running', '1 for each job kind running on a pool', ['uuid', 'kind']),
      jobProgress: gauge('poolwatch_job_progress_ratio', 'Progress of a running job (0–1) where btrfs reports one', ['uuid', 'kind']),
      smartStatus: gauge('poolwatch_smart_status', '1 for the disk\'s S.M.A.R.T. status, 0 for the others', ['disk', 'device', 'status']),
      smartTemp: gauge('poolwatch_smart_temperature_celsius', 'Disk temperature from the last S.M.A.R.T. read', ['disk', 'device']),
      smartHours: gauge('poolwatch_smart_power_on_hours', 'Power-on hours from the last S.M.A.R.T. read', ['disk', 'device']),
      smartRealloc: gauge('poolwatch_smart_reallocated_sectors', 'ATA reallocated sectors (attribute 5) or SCSI grown defects', ['disk', 'device']),
      smartPending: gauge('poolwatch_smart_pending_sectors', 'ATA current pending sectors (attribute 197)', ['disk', 'device']),
      smartMedia: gauge('poolwatch_smart_media_errors', 'NVMe media and data integrity errors, ATA offline uncorrectable (198), SCSI uncorrected errors', ['disk', 'device']),
      notifyFailures: counter('poolwatch_notification_delivery_failures_total', 'Failed delivery attempts since poolwatch started', ['channel_type']),
      notifyQueued: gauge('poolwatch_notifications_queued', 'Messages waiting in the outbox'),
      notifyGivenUp: gauge('poolwatch_notifications_failed', 'Messages given up after a day of failed attempts (kept in the delivery log)'),
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text of one scrape. */
  async render(): Promise<string> {
    const g = this.g;
    for (const m of Object.values(g)) m.reset();
    g.build.set({ version: this.deps.version }, 1);

    const scan = this.deps.scan();
    g.up.set(scan.failing ? 0 : 1);
    const last = seconds(scan.lastScanAt);
    if (last !== null) g.lastScan.set(last);
    if (scan.lastFullScanSeconds !== null) g.scanDuration.set(scan.lastFullScanSeconds);
    g.scanErrors.inc(scan.errorsTotal);

    const pools = (await this.deps.pools()) ?? [];
    for (const p of pools) {
      const uuid = p.uuid;
      g.poolInfo.set({ uuid, label: p.label ?? '', data_profile: p.profiles.data.join(','), metadata_profile: p.profiles.metadata.join(','), system_profile: p.profiles.system.join(',') }, 1);
      g.poolManaged.set({ uuid }, p.managed ? 1 : 0);
      g.poolMounted.set({ uuid }, p.mounted ? 1 : 0);
      g.devices.set({ uuid }, p.totalDevices);
      g.missing.set({ uuid }, missingMembers(p).count);
      const status: string = p.health.status;
      for (const s of POOL_STATES) g.state.set({ uuid, state: s }, s === status ? 1 : 0);
      g.mixed.set({ uuid }, p.health.alerts.some((a) => a.code === 'mixed-profiles') || hasMixed(p) ? 1 : 0);
      g.maintenance.set({ uuid }, p.maintenance ? 1 : 0);
      g.size.set({ uuid }, p.sizeBytes);
      if (p.usedBytes !== null) g.used.set({ uuid }, p.usedBytes);
      for (const d of p.devices) {
        const devid = String(d.devid);
        g.deviceMissing.set({ uuid, devid }, d.missing ? 1 : 0);
        if (d.errors) for (const c of COUNTERS) g.deviceErrors.inc({ uuid, devid, counter: c }, d.errors[c]);
      }
      // Older btrfs-progs name a missing devid without listing a device line for it.
      for (const devid of missingMembers(p).devids) if (!p.devices.some((d) => d.devid === devid)) g.deviceMissing.set({ uuid, devid: String(devid) }, 1);
    }

    const scrubs = await this.deps.scrubs(pools);
    for (const p of pools) {
      const s = scrubs.get(p.uuid);
      g.scrubLastRun.set({ uuid: p.uuid }, seconds(s?.lastRunAt ?? null) ?? 0);
      g.scrubLastSuccess.set({ uuid: p.uuid }, seconds(s?.lastSuccessAt ?? null) ?? 0);
      if (s?.lastErrors !== null && s?.lastErrors !== undefined) g.scrubErrors.set({ uuid: p.uuid }, s.lastErrors);
      g.scrubRunning.set({ uuid: p.uuid }, s?.running ? 1 : 0);
    }

    for (const job of this.deps.jobs()) {
      const labels = { uuid: job.poolUuid ?? '', kind: job.kind };
      g.jobRunning.inc(labels, 1);
      if (job.progress.percent !== null) g.jobProgress.set(labels, job.progress.percent / 100);
    }

    for (const { summary, report } of await this.deps.smart()) {
      const labels = { disk: summary.diskKey, device: summary.path ?? '' };
      for (const s of SMART_DISK_STATUSES) g.smartStatus.set({ ...labels, status: s }, s === summary.status ? 1 : 0);
      if (summary.temperatureCelsius !== null) g.smartTemp.set(labels, summary.temperatureCelsius);
      if (!report) continue;
      if (report.powerOnHours !== null) g.smartHours.set(labels, report.powerOnHours);
      const k = smartKeyCounters(report);
      const realloc = k['ata-5'] ?? k['scsi-grown-defects'];
      if (realloc !== undefined) g.smartRealloc.set(labels, realloc);
      if (k['ata-197'] !== undefined) g.smartPending.set(labels, k['ata-197']);
      const media = k['nvme-media-errors'] ?? k['ata-198'] ?? k['scsi-uncorrected'];
      if (media !== undefined) g.smartMedia.set(labels, media);
    }

    const n = this.deps.notify();
    for (const t of ['email', 'ntfy', 'gotify', 'webhook']) g.notifyFailures.inc({ channel_type: t }, n.failuresByType.get(t) ?? 0);
    g.notifyQueued.set(n.queued);
    g.notifyGivenUp.set(n.failed);
    return this.registry.metrics();
  }
}

function hasMixed(p: PoolView): boolean {
  return p.profiles.data.length > 1 || p.profiles.metadata.length > 1 || p.profiles.system.length > 1;
}
