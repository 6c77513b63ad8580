/**
 * The counters of a SMART report that are worth remembering between reads: what the history keeps
 * and what the trend rule (smart-trend.ts) compares. Both sides must name them the same way, so
 * the names live here, in the pure layer, and the service stores what this returns.
 */
import type { AtaAttribute, SmartDiskReport } from '../../contracts/smart.ts';

/** The ATA attributes whose raw count predicts failure (Backblaze drive statistics; see smart-assessment.ts). */
export const KEY_ATA_ATTRIBUTE_IDS = [5, 187, 188, 197, 198] as const;

/** The history / trend key of an ATA attribute's count, e.g. `ata-197`. */
export const ataCounterKey = (id: number): string => `ata-${id}`;

/**
 * The count behind an attribute's raw value. smartctl formats some raws ("38 (Min/Max 22/40)",
 * Seagate's packed 188 as "0 0 0"); the leading number — or, for packed words, the largest — is the count.
 */
export function attributeRawCount(a: AtaAttribute): number {
  const s = a.raw.string.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    // Seagate packs three 16-bit timeout counters into 188; without drivedb formatting they show as one big number.
    if (a.id === 188 && n > 0xffff) return Math.max(n % 0x10000, Math.floor(n / 0x10000) % 0x10000, Math.floor(n / 0x100000000) % 0x10000);
    return n;
  }
  if (/^\d+(\s+\d+)+$/.test(s)) return Math.max(...s.split(/\s+/).map(Number));
  const lead = /^(\d+)\b/.exec(s);
  return lead?.[1] ? Number(lead[1]) : a.raw.value;
}

/** The counters whose change is worth a history row (temperature is recorded but not compared). */
export function smartKeyCounters(report: SmartDiskReport): Record<string, number> {
  const out: Record<string, number> = {};
  if (report.protocol === 'ata') {
    for (const id of KEY_ATA_ATTRIBUTE_IDS) {
      const a = report.attributes.find((x) => x.id === id);
      if (a) out[ataCounterKey(id)] = attributeRawCount(a);
    }
  } else if (report.protocol === 'nvme' && report.health) {
    const h = report.health;
    if (h.criticalWarning !== null) out['nvme-critical-warning'] = h.criticalWarning;
    if (h.mediaErrors !== null) out['nvme-media-errors'] = h.mediaErrors;
    if (h.percentageUsed !== null) out['nvme-percentage-used'] = h.percentageUsed;
    if (h.availableSparePercent !== null) out['nvme-available-spare'] = h.availableSparePercent;
  } else if (report.protocol === 'scsi') {
    const s = report.scsi;
    if (s.grownDefects !== null) out['scsi-grown-defects'] = s.grownDefects;
    const c = s.errorCounters;
    if (c.read || c.write || c.verify) out['scsi-uncorrected'] = (c.read?.uncorrected ?? 0) + (c.write?.uncorrected ?? 0) + (c.verify?.uncorrected ?? 0);
  }
  if (report.errorLogCount !== null && report.protocol !== 'nvme') out['error-log'] = report.errorLogCount;
  out['self-tests-failed'] = report.selfTests.filter((t) => t.passed === false).length;
  return out;
}
