/**
 * The jobs journal in SQLite: every job as the API shows it, plus the kernel operation it
 * started (what to ask the kernel about after a restart). Memory, not truth: a running job's
 * outcome comes from the kernel.
 */
import { z } from 'zod';
import { Job, JobKind, JobProgress, JobResult, JobState } from '../../contracts/jobs.ts';
import type { Db } from '../store/db.ts';
import { KernelOp } from './kernel-ops.ts';

export interface JournalEntry {
  job: Job;
  kernelOp: KernelOp | null;
}

interface Row {
  id: string;
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
    const row = this.db.prepare('SELECT id, job, kernel_op FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? entryOf(row) : null;
  }

  /** Newest first. */
  list(opts: { poolUuid?: string; active?: boolean; limit?: number } = {}): Job[] {
    const rows = this.db.prepare(`
      SELECT id, job, kernel_op FROM jobs
      WHERE (@pool IS NULL OR pool_uuid = @pool) AND (@active = 0 OR state IN ('queued', 'running'))
      ORDER BY created_at DESC, rowid DESC LIMIT @limit`).all({
      pool: opts.poolUuid ?? null, active: opts.active ? 1 : 0, limit: opts.limit ?? 100,
    }) as Row[];
    return rows.map((r) => entryOf(r).job);
  }

  /** Jobs the journal says are queued or running: what a restart must reconcile. */
  unfinished(): JournalEntry[] {
    const rows = this.db.prepare("SELECT id, job, kernel_op FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at, rowid").all() as Row[];
    return rows.map(entryOf);
  }
}

/**
 * A journal row as this version reads it, whichever version wrote it: a field it lacks gets its
 * empty value, a kind or state this version does not know becomes `unknown` with the value kept in
 * `unrecognized`. Never throws: one odd row must not hide the others (or stop a restart).
 */
export function readJob(raw: unknown, id: string): Job {
  const exact = Job.safeParse(raw);
  if (exact.success) return exact.data;
  const r = Lenient.parse(typeof raw === 'object' && raw !== null ? raw : {});
  const kind = JobKind.safeParse(r.kind);
  const state = JobState.safeParse(r.state);
  const unrecognized = {
    ...(kind.success ? {} : { kind: String(r.kind ?? '') }),
    ...(state.success ? {} : { state: String(r.state ?? '') }),
  };
  return {
    ...r, id: r.id || id, kind: kind.success ? kind.data : 'unknown', state: state.success ? state.data : 'unknown',
    ...(Object.keys(unrecognized).length > 0 ? { unrecognized } : {}),
  };
}

const NO_PROGRESS: JobProgress = { percent: null, etaSeconds: null, detail: null };
const Lenient = z.object({
  id: z.string().catch(''),
  kind: z.unknown().optional(),
  state: z.unknown().optional(),
  poolUuid: z.string().nullable().catch(null),
  target: z.string().nullable().catch(null),
  exclusive: z.boolean().catch(false),
  cancellable: z.boolean().catch(false),
  progress: JobProgress.catch(NO_PROGRESS),
  argv: z.array(z.array(z.string())).catch([]),
  stdout: z.string().catch(''),
  stderr: z.string().catch(''),
  log: z.array(z.string()).catch([]),
  exitCode: z.number().int().nullable().catch(null),
  error: z.string().nullable().catch(null),
  createdBy: z.string().catch('unknown'),
  createdAt: z.string().catch(''),
  startedAt: z.string().nullable().catch(null),
  finishedAt: z.string().nullable().catch(null),
  nextSteps: z.array(z.string()).catch([]),
  result: JobResult.nullable().catch(null),
});

function entryOf(row: Row): JournalEntry {
  const job = readJob(safeJson(row.job), row.id);
  let kernelOp: KernelOp | null = null;
  if (row.kernel_op) {
    const parsed = KernelOp.safeParse(safeJson(row.kernel_op));
    // An operation this version cannot read is reconciled like one it never started.
    kernelOp = parsed.success ? parsed.data : null;
  }
  return { job, kernelOp };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
