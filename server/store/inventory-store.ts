import type { DeviceErrors, DiskIdentity, ProfileSet } from '../../contracts/api.ts';
import type { Db } from './db.ts';

export interface RememberedMember {
  poolUuid: string;
  devid: number;
  disk: DiskIdentity;
  lastPath: string | null;
  sizeBytes: number | null;
  lastSeen: string;
}

interface DiskRow {
  key: string;
  serial: string | null;
  model: string | null;
  wwn: string | null;
  by_id: string;
  last_path: string | null;
  size_bytes: number | null;
  last_seen: string;
}

/** Remembers disks and pool memberships, so a vanished disk can still be named. */
export class InventoryStore {
  constructor(private readonly db: Db) {}

  /** Records what is attached now. One transaction per scan. */
  recordScan(input: {
    at: string;
    disks: { identity: DiskIdentity; path: string; sizeBytes: number | null }[];
    members: { poolUuid: string; devid: number; diskKey: string; sizeBytes: number | null }[];
    pools: { uuid: string; label: string | null; profiles: ProfileSet | null; totalDevices: number }[];
  }): void {
    const upsertDisk = this.db.prepare(`
      INSERT INTO disks (key, serial, model, wwn, by_id, last_path, size_bytes, first_seen, last_seen)
      VALUES (@key, @serial, @model, @wwn, @byId, @path, @sizeBytes, @at, @at)
      ON CONFLICT(key) DO UPDATE SET serial = excluded.serial, model = excluded.model, wwn = excluded.wwn,
        by_id = excluded.by_id, last_path = excluded.last_path, size_bytes = excluded.size_bytes, last_seen = excluded.last_seen`);
    const upsertMember = this.db.prepare(`
      INSERT INTO pool_members (pool_uuid, devid, disk_key, size_bytes, last_seen)
      VALUES (@poolUuid, @devid, @diskKey, @sizeBytes, @at)
      ON CONFLICT(pool_uuid, devid) DO UPDATE SET disk_key = excluded.disk_key, size_bytes = excluded.size_bytes, last_seen = excluded.last_seen`);
    const upsertPool = this.db.prepare(`
      INSERT INTO pools_known (uuid, label, profiles, total_devices, last_seen)
      VALUES (@uuid, @label, @profiles, @totalDevices, @at)
      ON CONFLICT(uuid) DO UPDATE SET label = excluded.label,
        profiles = COALESCE(excluded.profiles, pools_known.profiles),
        total_devices = excluded.total_devices, last_seen = excluded.last_seen`);
    this.db.transaction(() => {
      for (const d of input.disks) {
        upsertDisk.run({
          key: d.identity.key, serial: d.identity.serial, model: d.identity.model, wwn: d.identity.wwn,
          byId: JSON.stringify(d.identity.byId), path: d.path, sizeBytes: d.sizeBytes, at: input.at,
        });
      }
      for (const m of input.members) upsertMember.run({ ...m, at: input.at });
      for (const p of input.pools) {
        upsertPool.run({ uuid: p.uuid, label: p.label, profiles: p.profiles ? JSON.stringify(p.profiles) : null, totalDevices: p.totalDevices, at: input.at });
      }
    })();
  }

  /** Every remembered member of every pool, with its disk. */
  members(): RememberedMember[] {
    const rows = this.db.prepare(`
      SELECT m.pool_uuid, m.devid, m.size_bytes AS member_size, m.last_seen AS member_seen, d.*
      FROM pool_members m JOIN disks d ON d.key = m.disk_key ORDER BY m.pool_uuid, m.devid`).all() as (DiskRow & {
      pool_uuid: string; devid: number; member_size: number | null; member_seen: string;
    })[];
    return rows.map((r) => ({
      poolUuid: r.pool_uuid,
      devid: r.devid,
      disk: { key: r.key, serial: r.serial, model: r.model, wwn: r.wwn, byId: JSON.parse(r.by_id) as string[] },
      lastPath: r.last_path,
      sizeBytes: r.member_size ?? r.size_bytes,
      lastSeen: r.member_seen,
    }));
  }

  lastKnownProfiles(uuid: string): ProfileSet | null {
    const row = this.db.prepare('SELECT profiles FROM pools_known WHERE uuid = ?').get(uuid) as { profiles: string | null } | undefined;
    return row?.profiles ? (JSON.parse(row.profiles) as ProfileSet) : null;
  }

  /**
   * Appends a history row when a member's counters differ from the last recorded ones (reason
   * `changed`), or always for the rows of a reset (`before-reset`, `reset`, with who did it).
   */
  recordCounters(at: string, poolUuid: string, devid: number, e: DeviceErrors, reason = 'changed', actor: string | null = null): boolean {
    const last = this.db.prepare(`
      SELECT write_errs, read_errs, flush_errs, corruption_errs, generation_errs FROM counter_history
      WHERE pool_uuid = ? AND devid = ? ORDER BY id DESC LIMIT 1`).get(poolUuid, devid) as Record<string, number> | undefined;
    const same = last && last.write_errs === e.write && last.read_errs === e.read && last.flush_errs === e.flush &&
      last.corruption_errs === e.corruption && last.generation_errs === e.generation;
    if (same && reason === 'changed') return false;
    this.db.prepare(`
      INSERT INTO counter_history (pool_uuid, devid, at, write_errs, read_errs, flush_errs, corruption_errs, generation_errs, reason, actor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(poolUuid, devid, at, e.write, e.read, e.flush, e.corruption, e.generation, reason, actor);
    return true;
  }

  counterHistory(poolUuid: string): { devid: number; at: string; errors: DeviceErrors; reason: string; actor: string | null }[] {
    const rows = this.db.prepare(`SELECT * FROM counter_history WHERE pool_uuid = ? ORDER BY id`).all(poolUuid) as Record<string, number | string | null>[];
    return rows.map((r) => ({
      devid: Number(r.devid), at: String(r.at), reason: String(r.reason), actor: r.actor === null || r.actor === undefined ? null : String(r.actor),
      errors: { write: Number(r.write_errs), read: Number(r.read_errs), flush: Number(r.flush_errs), corruption: Number(r.corruption_errs), generation: Number(r.generation_errs) },
    }));
  }

  /** Deletes history older than `before`, keeping each member's newest row (the baseline of the next change). */
  pruneCounterHistory(before: string): number {
    return this.db.prepare(`
      DELETE FROM counter_history WHERE at < ? AND id NOT IN (SELECT MAX(id) FROM counter_history GROUP BY pool_uuid, devid)`).run(before).changes;
  }
}
