/**
 * The audit log's retention: entries older than POOLWATCH_AUDIT_MAX_DAYS (default a year) go, and
 * beyond POOLWATCH_AUDIT_MAX_ROWS (default 100,000) the oldest go first. Pruned at start and every
 * hour; a pruning that cannot write waits for the next one.
 */
import { every, type Clock, type Repeating } from '../clock.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { DataDirHealth } from '../store/data-dir.ts';

export const DEFAULT_AUDIT_MAX_DAYS = 365;
export const DEFAULT_AUDIT_MAX_ROWS = 100_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export interface AuditRetentionOptions {
  audit: AuditStore;
  clock: Clock;
  writes: DataDirHealth;
  maxAgeDays: number;
  maxRows: number;
}

export class AuditRetention {
  private loop: Repeating | null = null;

  constructor(private readonly o: AuditRetentionOptions) {}

  /** Deletes what the retention no longer keeps; returns how many entries went (0 when it could not write). */
  prune(): number {
    const cutoff = new Date(this.o.clock.now().getTime() - this.o.maxAgeDays * 24 * 60 * 60_000).toISOString();
    return this.o.writes.bestEffort('pruning the audit log', () => this.o.audit.prune(cutoff, this.o.maxRows)) ?? 0;
  }

  start(): void {
    if (this.loop) return;
    this.loop = every(this.o.clock, PRUNE_EVERY_MS, () => this.prune(), { immediately: true });
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
  }
}
