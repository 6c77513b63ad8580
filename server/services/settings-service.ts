/**
 * Monitoring thresholds, and the settings document that carries them with the schedules and the
 * notification channels from one installation to the next. Import validates the whole document
 * first (zod, every problem named by its path) and changes nothing when any part is wrong.
 */
import { SECRET_FIELDS, type ChannelType } from '../../contracts/notify.ts';
import {
  SETTINGS_FORMAT,
  SettingsDocument,
  Thresholds,
  type ChannelExport,
  type ImportResult,
} from '../../contracts/settings.ts';
import { parseInput } from '../validation.ts';
import type { NotifyService } from '../notify/notify-service.ts';
import type { Scheduler } from '../schedules/scheduler.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { StoredChannel } from '../store/notify-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';

const THRESHOLDS_KEY = 'monitor.thresholds';

export interface SettingsServiceDeps {
  settings: SettingsStore;
  audit: AuditStore;
  notify: NotifyService;
  scheduler: Scheduler;
  snapshot: () => Promise<Snapshot>;
  /** Thresholds until the admin saves others (the environment's, else the built-in ones). */
  defaults: Thresholds;
  instance: string;
  now: () => Date;
}

export class SettingsService {
  constructor(private readonly deps: SettingsServiceDeps) {}

  thresholds(): Thresholds {
    return this.deps.settings.get(THRESHOLDS_KEY, Thresholds, this.deps.defaults);
  }

  setThresholds(raw: unknown, actor: string): Thresholds {
    const thresholds = parseInput(Thresholds, raw, 'invalid thresholds', '(document)');
    const at = this.deps.now().toISOString();
    this.deps.settings.set(THRESHOLDS_KEY, thresholds, actor, at);
    this.deps.audit.record({ at, actor, action: 'settings.thresholds', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok', details: thresholds });
    return thresholds;
  }

  /** The document; channels from the environment stay out (the environment restores them). */
  export(includeSecrets: boolean, actor: string): SettingsDocument {
    const at = this.deps.now().toISOString();
    const channels: ChannelExport[] = this.deps.notify.storedChannels().filter((c) => c.source === 'ui').map((c) => {
      const config: Record<string, unknown> = { ...c.channel.config };
      // Without secrets: a secret that is set is left out (the import then asks for it); one that is not set stays null.
      if (!includeSecrets) for (const f of SECRET_FIELDS[c.channel.type]) if (typeof config[f] === 'string' && config[f] !== '') delete config[f];
      return { name: c.name, enabled: c.enabled, minSeverity: c.minSeverity, jobSucceeded: c.jobSucceeded, type: c.channel.type, config };
    });
    const schedules = this.deps.scheduler.list().filter((s) => s.kind === 'scrub' || s.kind === 'smart-short' || s.kind === 'smart-long').map((s) => ({
      kind: s.kind as 'scrub' | 'smart-short' | 'smart-long', poolUuid: s.poolUuid, diskKey: s.diskKey, targetName: s.targetName, enabled: s.enabled,
      recurrence: s.recurrence, speedLimitBytesPerSecond: s.speedLimitBytesPerSecond,
    }));
    this.deps.audit.record({ at, actor, action: 'settings.export', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok', details: { secretsIncluded: includeSecrets } });
    return {
      format: SETTINGS_FORMAT, version: 1, exportedAt: at, exportedFrom: this.deps.instance, secretsIncluded: includeSecrets,
      thresholds: this.thresholds(), schedules, channels,
    };
  }

  /**
   * Replaces thresholds, schedules and the UI's channels with the document's. A channel without
   * its secret keeps the one stored for a channel of the same name and type, else it comes in
   * disabled and the result says so. Nothing changes when `dryRun` or when the document is invalid.
   */
  async import(raw: unknown, dryRun: boolean, actor: string): Promise<ImportResult> {
    const doc = parseInput(SettingsDocument, raw, 'the settings file is not valid, nothing was imported', '(document)');
    const warnings: string[] = [];
    const snap = await this.deps.snapshot();
    for (const s of doc.schedules) {
      const known = s.kind === 'scrub' ? snap.pools.some((p) => p.uuid === s.poolUuid?.toLowerCase()) : snap.disks.some((d) => d.identity.key === s.diskKey);
      if (!known) warnings.push(`schedule ${s.kind} for ${s.targetName ?? s.poolUuid ?? s.diskKey}: not on this machine now; it will say so when it comes due`);
    }
    const existing = this.deps.notify.storedChannels();
    const at = this.deps.now().toISOString();
    const channels: StoredChannel[] = doc.channels.map((c, i) => {
      const config: Record<string, unknown> = { ...c.config };
      let enabled = c.enabled;
      for (const f of SECRET_FIELDS[c.type as ChannelType]) {
        // Present (a value, or null for "none"): as given. Left out: it was set where the file came from.
        if (config[f] !== undefined) continue;
        const same = existing.find((e) => e.name === c.name && e.channel.type === c.type);
        const stored = same ? (same.channel.config as Record<string, unknown>)[f] : undefined;
        if (typeof stored === 'string' && stored !== '') {
          config[f] = stored;
          continue;
        }
        config[f] = c.type === 'gotify' ? '' : null;
        if (enabled) warnings.push(`channel "${c.name}": imported disabled because its ${f} is not in the file; enter it, then enable the channel`);
        enabled = false;
      }
      return {
        id: `ch-import-${i + 1}-${at.replace(/\D/g, '').slice(0, 14)}`, name: c.name, source: 'ui', enabled, minSeverity: c.minSeverity, jobSucceeded: c.jobSucceeded,
        channel: { type: c.type, config } as StoredChannel['channel'], createdAt: at, updatedAt: at,
      };
    });
    const result: ImportResult = { applied: !dryRun, schedules: doc.schedules.length, channels: channels.length, thresholds: doc.thresholds, warnings };
    if (dryRun) return result;
    this.setThresholds(doc.thresholds, actor);
    await this.deps.scheduler.replaceAll(doc.schedules, actor);
    this.deps.notify.replaceUiChannels(channels, actor);
    this.deps.audit.record({ at, actor, action: 'settings.import', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok', details: { schedules: result.schedules, channels: result.channels, warnings } });
    return result;
  }
}
