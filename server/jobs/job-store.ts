/**
 * The jobs journal in SQLite: every job as the API shows it, plus the kernel operation it
 * started (what to ask the kernel about after a restart). Memory, not truth: a running job's
 * outcome comes from the kernel.
 */
import { Job } from '../../contracts/jobs.ts';
import type { Db } from '../store/db.ts';
import { KernelOp } from './kernel-ops.ts';

export interface JournalEntry {
  job: Job;
  kernelOp: KernelOp | null;
}

interface Row {
  job: string;
  kernel_op: string | null;
}

export class JobStore {
  constructor(private readonly db: Db) {}

  insert(job: Job, kernelOp: KernelOp | null = null): void {
    this.db.prepare('INSERT INTO jobs (id, kind, pool_uuid, state, created_at, job, kernel_op) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      job.id, job.kind, job.poolUuid, job.state, job.createdAt, JSON.stringify(job), kernelOp ? JSON.stringify(kernelOp) : null,
    );
  }

  update(job: Job): void {
    this.db.prepare('UPDATE jobs SET state = ?, job = ? WHERE id = ?').run(job.state, JSON.stringify(job), job.id);
  }

  setKernelOp(id: string, op: KernelOp): void {
    this.db.prepare('UPDATE jobs SET kernel_op = ? WHERE id = ?').run(JSON.stringify(op), id);
  }

  get(id: string): JournalEntry | null {
    const row = this.db.prepare('SELECT job, kernel_op FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? entryOf(row) : null;
  }

  /** Newest first. */
  list(opts: { poolUuid?: string; active?: boolean; limit?: number } = {}): Job[] {
    const rows = this.db.prepare(`
      SELECT job, kernel_op FROM jobs
      WHERE (@pool IS NULL OR pool_uuid = @pool) AND (@active = 0 OR state IN ('queued', 'running'))
      ORDER BY created_at DESC, rowid DESC LIMIT @limit`).all({
      pool: opts.poolUuid ?? null, active: opts.active ? 1 : 0, limit: opts.limit ?? 100,
    }) as Row[];
    return rows.map((r) => entryOf(r).job);
  }

  /** Jobs the journal says are queued or running: what a restart must reconcile. */
  unfinished(): JournalEntry[] {
    const rows = this.db.prepare("SELECT job, kernel_op FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at, rowid").all() as Row[];
    return rows.map(entryOf);
  }
}

function entryOf(row: Row): JournalEntry {
  const job = Job.parse(JSON.parse(row.job));
  let kernelOp: KernelOp | null = null;
  if (row.kernel_op) {
    const parsed = KernelOp.safeParse(JSON.parse(row.kernel_op));
    // An operation this version cannot read is reconciled like one it never started.
    kernelOp = parsed.success ? parsed.data : null;
  }
  return { job, kernelOp };
}
