/**
 * Schedules in SQLite: what runs when, and how its last run went. The job a run started lives in
 * the jobs journal; the schedule keeps its id.
 */
import { Recurrence, type Schedule } from '../../contracts/schedules.ts';
import type { Db } from './db.ts';

export type StoredSchedule = Omit<Schedule, 'lastOutcome'> & { lastOutcome: string | null; updatedAt: string };

interface Row {
  id: string; kind: string; pool_uuid: string | null; disk_key: string | null; target_name: string | null; enabled: number;
  recurrence: string; speed_limit: number | null; next_run_at: string | null; last_run_at: string | null; last_job_id: string | null;
  last_outcome: string | null; waiting: string | null; created_at: string; created_by: string; updated_at: string;
}

function of(r: Row): StoredSchedule | null {
  const rec = Recurrence.safeParse(JSON.parse(r.recurrence));
  // A recurrence this version cannot read is left alone (and not run) rather than guessed.
  if (!rec.success) return null;
  return {
    id: r.id, kind: r.kind, poolUuid: r.pool_uuid, diskKey: r.disk_key, targetName: r.target_name, enabled: r.enabled === 1,
    recurrence: rec.data, speedLimitBytesPerSecond: r.speed_limit, nextRunAt: r.next_run_at, lastRunAt: r.last_run_at,
    lastJobId: r.last_job_id, lastOutcome: r.last_outcome, waiting: r.waiting, createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at,
  };
}

export class ScheduleStore {
  constructor(private readonly db: Db) {}

  list(): StoredSchedule[] {
    return (this.db.prepare('SELECT * FROM schedules ORDER BY kind, target_name, id').all() as Row[]).map(of).filter((s): s is StoredSchedule => s !== null);
  }

  get(id: string): StoredSchedule | null {
    const r = this.db.prepare('SELECT * FROM schedules WHERE id = ?').get(id) as Row | undefined;
    return r ? of(r) : null;
  }

  save(s: StoredSchedule): void {
    this.db.prepare(`
      INSERT INTO schedules (id, kind, pool_uuid, disk_key, target_name, enabled, recurrence, speed_limit, next_run_at, last_run_at,
        last_job_id, last_outcome, waiting, created_at, created_by, updated_at)
      VALUES (@id, @kind, @poolUuid, @diskKey, @targetName, @enabled, @recurrence, @speedLimit, @nextRunAt, @lastRunAt,
        @lastJobId, @lastOutcome, @waiting, @createdAt, @createdBy, @updatedAt)
      ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, pool_uuid = excluded.pool_uuid, disk_key = excluded.disk_key,
        target_name = excluded.target_name, enabled = excluded.enabled, recurrence = excluded.recurrence, speed_limit = excluded.speed_limit,
        next_run_at = excluded.next_run_at, last_run_at = excluded.last_run_at, last_job_id = excluded.last_job_id,
        last_outcome = excluded.last_outcome, waiting = excluded.waiting, updated_at = excluded.updated_at`).run({
      id: s.id, kind: s.kind, poolUuid: s.poolUuid, diskKey: s.diskKey, targetName: s.targetName, enabled: s.enabled ? 1 : 0,
      recurrence: JSON.stringify(s.recurrence), speedLimit: s.speedLimitBytesPerSecond, nextRunAt: s.nextRunAt, lastRunAt: s.lastRunAt,
      lastJobId: s.lastJobId, lastOutcome: s.lastOutcome, waiting: s.waiting, createdAt: s.createdAt, createdBy: s.createdBy, updatedAt: s.updatedAt,
    });
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM schedules WHERE id = ?').run(id).changes > 0;
  }

  replaceAll(list: readonly StoredSchedule[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM schedules').run();
      for (const s of list) this.save(s);
    })();
  }
}
