/**
 * ERC (SCT Error Recovery Control): read from the last SMART report or the drive, set as a
 * `smart-set-erc` job, remembered per disk, and re-applied (as `system`) on disks that (re)appear,
 * since most drives forget it at power-off.
 */
import type { SmartErc, SmartErcRequest, SmartErcResponse, SmartErcSetting, SmartJobStartedResponse } from '../../contracts/smart.ts';
import type { Clock } from '../clock.ts';
import type { SmartConfig } from '../config.ts';
import { ValidationError } from '../errors.ts';
import { diskWords } from '../health/pool-facts.ts';
import type { Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { ParseError } from '../parsers/parse-error.ts';
import { parseScterc } from '../parsers/smartctl.ts';
import type { SmartStore } from '../store/smart-store.ts';
import { isAttached, type AttachedDisk, type SmartJobStarter } from './smart-common.ts';
import type { SmartReader } from './smart-reader.ts';
import { ercWarnings, isRedundantMember } from './smart-result.ts';

export interface SmartErcDeps {
  host: Host;
  reader: SmartReader;
  store: SmartStore;
  jobs: SmartJobStarter;
  config: SmartConfig;
  clock: Clock;
}

export class SmartErcControl {
  constructor(private readonly deps: SmartErcDeps) {}

  /**
   * GET /api/disks/:key/erc. From the last SMART report when it holds ERC (an ATA `-x` read does,
   * and a set job updates it): viewing a page never wakes a sleeping disk. `fresh` (or a report
   * without ERC) reads the drive now (`smartctl -l scterc`).
   */
  async read(key: string, opts: { fresh?: boolean } = {}): Promise<SmartErcResponse> {
    const { reader } = this.deps;
    const { disk, snap } = await reader.findAttached(key);
    const cached = reader.check(key)?.report;
    if (!opts.fresh && cached?.protocol === 'ata' && cached.erc !== null) return this.response(key, cached.erc, disk, snap);
    const type = await reader.deviceTypeOf(disk);
    let erc: SmartErc;
    try {
      const out = await this.deps.host.run(reader.cmds.ercRead(disk.path, type.effective));
      erc = parseScterc(out.stdout, out.exitCode);
    } catch (err) {
      if (!(err instanceof HostError) && !(err instanceof ParseError)) throw err;
      erc = { state: 'unavailable', reason: 'unknown', messages: [err.message] };
    }
    return this.response(key, erc, disk, snap);
  }

  private response(key: string, erc: SmartErc, disk: AttachedDisk, snap: Snapshot): SmartErcResponse {
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
  async set(key: string, req: SmartErcRequest, actor: string): Promise<SmartJobStartedResponse> {
    const { disk } = await this.deps.reader.findAttached(key);
    const report = await this.deps.reader.reportForAction(disk, 'ERC');
    if (report.protocol !== 'ata') throw new ValidationError(`ERC (SCT Error Recovery Control) is an ATA feature; this disk speaks ${report.protocol.toUpperCase()}`);
    const setting: SmartErcSetting = {
      readDeciseconds: req.readDeciseconds, writeDeciseconds: req.writeDeciseconds, reapplyAtStart: req.reapplyAtStart,
      setAt: this.deps.clock.now().toISOString(), setBy: actor,
    };
    const jobId = await this.startJob(disk, setting, actor);
    return { jobId, kind: 'smart-set-erc' };
  }

  private async startJob(disk: AttachedDisk, setting: SmartErcSetting, actor: string): Promise<string> {
    const { reader } = this.deps;
    const type = await reader.deviceTypeOf(disk);
    const spec = reader.cmds.ercSet(disk.path, type.effective, setting.readDeciseconds, setting.writeDeciseconds);
    const job = await this.deps.jobs.start({
      kind: 'smart-set-erc',
      action: 'smart.set-erc',
      poolUuid: disk.pool?.uuid ?? null,
      target: diskWords(disk.identity, disk.sizeBytes, disk.path),
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
        const check = reader.check(disk.identity.key);
        if (check?.report?.protocol === 'ata') reader.remember(disk.identity.key, { ...check, report: { ...check.report, erc } });
        ctx.setProgress({ percent: 100, detail: describeErc(erc) });
        ctx.setResult({ summary: `ERC on ${disk.path}: ${describeErc(erc)}${setting.reapplyAtStart ? '; re-applied at every start' : ''}`, scrub: null });
      },
    });
    return job.id;
  }

  /**
   * Re-applies remembered ERC values (asked to be kept) on disks that just appeared, as jobs of
   * `system`, and waits for them (so the refresh that follows reads the disks with ERC in place).
   * Does nothing when POOLWATCH_ERC_REAPPLY_AT_START is off.
   */
  async reapply(snap: Snapshot, keys: readonly string[]): Promise<void> {
    if (!this.deps.config.ercReapplyAtStart || keys.length === 0) return;
    const settings = this.deps.store.ercSettings();
    const started: string[] = [];
    for (const key of keys) {
      const setting = settings.get(key);
      const disk = snap.disks.find((d): d is AttachedDisk => d.identity.key === key && isAttached(d));
      if (!setting?.reapplyAtStart || !disk) continue;
      try {
        started.push(await this.startJob(disk, setting, 'system'));
      } catch (err) {
        console.error(`poolwatch: re-applying ERC on ${disk.path} failed to start: ${(err as Error).message}`);
      }
    }
    for (const id of started) await this.deps.jobs.wait(id);
  }
}

function describeErc(erc: SmartErc): string {
  if (erc.state !== 'supported') return erc.state;
  const t = (x: { enabled: boolean; deciseconds: number | null }) => (x.enabled && x.deciseconds !== null ? `${(x.deciseconds / 10).toFixed(1)} s` : 'disabled');
  return `read ${t(erc.read)}, write ${t(erc.write)}`;
}
