/**
 * SMART memory: the admin's `-d` overrides, the last result per disk (so a restart shows the last
 * known state without waking every disk), a history of changes, and ERC values to re-apply.
 */
import { z } from 'zod';
import {
  SmartAssessment,
  SmartReport,
  type SmartErcSetting,
  type SmartHistoryEntry,
} from '../../contracts/smart.ts';
import type { Db } from './db.ts';

/** One smartctl read of one disk, as kept between restarts. */
export const SmartCheck = z.object({
  checkedAt: z.string(),
  path: z.string(),
  deviceType: z.string().nullable(),
  report: SmartReport.nullable(),
  assessment: SmartAssessment.nullable(),
  /** smartctl could not be run (not installed, timed out): the message. */
  error: z.string().nullable(),
  /**
   * The earlier key counters this read was compared with (attribute-rising), kept so a later
   * re-assessment judges the same rise. Optional: rows written before it existed lack it.
   */
  trendBaseline: z.object({ at: z.string(), keyValues: z.record(z.string(), z.number()) }).nullable().optional(),
});
export type SmartCheck = z.infer<typeof SmartCheck>;

/** History shown per disk: enough to see a counter's trend, bounded so the page stays small. */
const HISTORY_LIMIT = 50;

export class SmartStore {
  constructor(private readonly db: Db) {}

  deviceTypes(): Map<string, string> {
    const rows = this.db.prepare('SELECT disk_key, device_type FROM smart_device_types').all() as { disk_key: string; device_type: string }[];
    return new Map(rows.map((r) => [r.disk_key, r.device_type]));
  }

  setDeviceType(diskKey: string, deviceType: string | null, at: string, by: string): void {
    if (deviceType === null) {
      this.db.prepare('DELETE FROM smart_device_types WHERE disk_key = ?').run(diskKey);
      return;
    }
    this.db.prepare(`INSERT INTO smart_device_types (disk_key, device_type, set_at, set_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(disk_key) DO UPDATE SET device_type = excluded.device_type, set_at = excluded.set_at, set_by = excluded.set_by`).run(diskKey, deviceType, at, by);
  }

  latest(): Map<string, SmartCheck> {
    const rows = this.db.prepare('SELECT disk_key, result FROM smart_latest').all() as { disk_key: string; result: string }[];
    const out = new Map<string, SmartCheck>();
    for (const r of rows) {
      // A row written by an older version that no longer fits the model is simply re-read from the disk.
      const parsed = SmartCheck.safeParse(safeJson(r.result));
      if (parsed.success) out.set(r.disk_key, parsed.data);
    }
    return out;
  }

  saveLatest(diskKey: string, check: SmartCheck): void {
    this.db.prepare(`INSERT INTO smart_latest (disk_key, checked_at, result) VALUES (?, ?, ?)
      ON CONFLICT(disk_key) DO UPDATE SET checked_at = excluded.checked_at, result = excluded.result`).run(diskKey, check.checkedAt, JSON.stringify(check));
  }

  /** Appends a history row unless it says the same as the newest one (status, reasons, key counters). */
  recordHistory(diskKey: string, entry: SmartHistoryEntry): boolean {
    const last = this.history(diskKey, 1)[0];
    if (last && sameHistory(last, entry)) return false;
    this.db.prepare(`INSERT INTO smart_history (disk_key, at, status, reason_codes, key_values, temperature_celsius)
      VALUES (?, ?, ?, ?, ?, ?)`).run(diskKey, entry.at, entry.status, JSON.stringify(entry.reasonCodes), JSON.stringify(entry.keyValues), entry.temperatureCelsius);
    return true;
  }

  /**
   * The key counters a read should be compared with: the newest history row at or before
   * `notAfter` (ISO time), or the oldest row when the disk's history starts later; null without history.
   */
  trendBaseline(diskKey: string, notAfter: string): { at: string; keyValues: Record<string, number> } | null {
    const row = (this.db.prepare('SELECT at, key_values FROM smart_history WHERE disk_key = ? AND at <= ? ORDER BY id DESC LIMIT 1').get(diskKey, notAfter)
      ?? this.db.prepare('SELECT at, key_values FROM smart_history WHERE disk_key = ? ORDER BY id ASC LIMIT 1').get(diskKey)) as { at: string; key_values: string } | undefined;
    if (!row) return null;
    return { at: String(row.at), keyValues: z.record(z.string(), z.number()).catch({}).parse(safeJson(String(row.key_values))) };
  }

  history(diskKey: string, limit = HISTORY_LIMIT): SmartHistoryEntry[] {
    const rows = this.db.prepare('SELECT * FROM smart_history WHERE disk_key = ? ORDER BY id DESC LIMIT ?').all(diskKey, limit) as Record<string, unknown>[];
    return rows.map((r) => ({
      at: String(r.at),
      // As recorded: a status or code from another version is kept and shown as written.
      status: String(r.status),
      reasonCodes: z.array(z.coerce.string()).catch([]).parse(safeJson(String(r.reason_codes))),
      keyValues: z.record(z.string(), z.number()).catch({}).parse(safeJson(String(r.key_values))),
      temperatureCelsius: r.temperature_celsius === null ? null : Number(r.temperature_celsius),
    }));
  }

  ercSettings(): Map<string, SmartErcSetting> {
    const rows = this.db.prepare('SELECT * FROM smart_erc_settings').all() as Record<string, unknown>[];
    return new Map(rows.map((r) => [String(r.disk_key), {
      readDeciseconds: Number(r.read_ds), writeDeciseconds: Number(r.write_ds), reapplyAtStart: Number(r.reapply_at_start) === 1,
      setAt: String(r.set_at), setBy: String(r.set_by),
    }]));
  }

  saveErcSetting(diskKey: string, s: SmartErcSetting): void {
    this.db.prepare(`INSERT INTO smart_erc_settings (disk_key, read_ds, write_ds, reapply_at_start, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(disk_key) DO UPDATE SET read_ds = excluded.read_ds, write_ds = excluded.write_ds,
        reapply_at_start = excluded.reapply_at_start, set_at = excluded.set_at, set_by = excluded.set_by`)
      .run(diskKey, s.readDeciseconds, s.writeDeciseconds, s.reapplyAtStart ? 1 : 0, s.setAt, s.setBy);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sameHistory(a: SmartHistoryEntry, b: SmartHistoryEntry): boolean {
  const codes = (x: SmartHistoryEntry) => JSON.stringify([...x.reasonCodes].sort());
  const values = (x: SmartHistoryEntry) => JSON.stringify(Object.entries(x.keyValues).sort(([k1], [k2]) => k1.localeCompare(k2)));
  return a.status === b.status && codes(a) === codes(b) && values(a) === values(b);
}
