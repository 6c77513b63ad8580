import type { Db } from './db.ts';

/** Pools the admin imported: the header alert names these and only counts the others. */
export class ManagedPoolStore {
  constructor(private readonly db: Db) {}

  uuids(): Set<string> {
    const rows = this.db.prepare('SELECT uuid FROM managed_pools').all() as { uuid: string }[];
    return new Set(rows.map((r) => r.uuid));
  }

  set(uuid: string, label: string | null, managed: boolean, at: string): void {
    if (managed) {
      this.db.prepare(`INSERT INTO managed_pools (uuid, label, managed_at) VALUES (?, ?, ?)
        ON CONFLICT(uuid) DO UPDATE SET label = excluded.label`).run(uuid, label, at);
    } else {
      this.db.prepare('DELETE FROM managed_pools WHERE uuid = ?').run(uuid);
    }
  }
}
