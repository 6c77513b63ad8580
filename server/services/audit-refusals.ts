/**
 * Refusals are audited without letting anyone flood the log: the first refusal of a principal for
 * a reason in a minute is one row; the same again in that minute only raises the row's count (kept
 * in memory, written every few seconds). A principal has a handful of reasons at most, and the
 * distinct rows per minute are capped for everyone together, so a viewer — or anyone reaching the
 * port — cannot grow the audit log by more than a few KB per minute (server/http/flood.test.ts).
 * Audit writes of refusals are best-effort: with the data dir full the request is refused anyway.
 */
import { every, type Clock, type Repeating } from '../clock.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { DataDirHealth } from '../store/data-dir.ts';

export interface Refusal {
  /** The username, `token:<name>`, or `anonymous`. */
  actor: string;
  /** The client address: tells anonymous principals apart (null for a logged-in one). */
  ip: string | null;
  /** `http.refused`, `auth.login`, `auth.unauthorized`, `pool.replace` … */
  action: string;
  /** A short code: `forbidden`, `csrf`, `bad-request`, `wrong-password`, `bad-token` … */
  reason: string;
  poolUuid?: string | null;
  target?: string | null;
  /** What the first refusal of the row was about (its message, method and path); clipped by the store. */
  details?: Record<string, unknown>;
  /**
   * False for an admin's refused maintenance action (each reason worth its own row): exempt from the
   * per-principal cap, still under the cap for everyone together.
   */
  capped?: boolean;
}

export interface AuditRefusalsOptions {
  audit: AuditStore;
  clock: Clock;
  writes: DataDirHealth;
  /** One row per principal and reason per window. */
  windowMs?: number;
  /** Distinct rows one principal may open per window; beyond, its refusals share one "other" row. */
  maxRowsPerPrincipal?: number;
  /** Distinct rows everyone together may open per window; beyond, one "overflow" row counts the rest. */
  maxRowsPerWindow?: number;
  /** How often raised counts are written. */
  flushMs?: number;
}

interface Row {
  id: number | null;
  count: number;
  written: number;
  lastAt: string;
}

export class AuditRefusals {
  private readonly windowMs: number;
  private readonly maxPerPrincipal: number;
  private readonly maxPerWindow: number;
  private readonly flushMs: number;
  private window = -1;
  private rows = new Map<string, Row>();
  private perPrincipal = new Map<string, number>();
  private loop: Repeating | null = null;

  constructor(private readonly o: AuditRefusalsOptions) {
    this.windowMs = o.windowMs ?? 60_000;
    this.maxPerPrincipal = o.maxRowsPerPrincipal ?? 8;
    this.maxPerWindow = o.maxRowsPerWindow ?? 100;
    this.flushMs = o.flushMs ?? 5_000;
  }

  record(r: Refusal): void {
    const now = this.o.clock.now();
    const window = Math.floor(now.getTime() / this.windowMs);
    if (window !== this.window) {
      this.flush();
      this.window = window;
      this.rows = new Map();
      this.perPrincipal = new Map();
    }
    const principal = `${r.actor}\u0000${r.ip ?? ''}`;
    const key = `${principal}\u0000${r.action}\u0000${r.reason}\u0000${r.poolUuid ?? ''}\u0000${r.target ?? ''}`;
    const at = now.toISOString();
    const bump = (row: Row) => {
      row.count++;
      row.lastAt = at;
    };
    const exact = this.rows.get(key);
    if (exact) return bump(exact);

    let rowKey = key;
    let entry = r;
    if (r.capped !== false && (this.perPrincipal.get(principal) ?? 0) >= this.maxPerPrincipal) {
      rowKey = `${principal}\u0000other`;
      entry = { ...r, action: 'audit.refusals', reason: 'other', poolUuid: null, target: null, details: { note: 'more kinds of refusal this minute than are kept apart; this row counts the rest', first: r.action } };
    }
    const shared = rowKey === key ? undefined : this.rows.get(rowKey);
    if (shared) return bump(shared);
    if (this.rows.size >= this.maxPerWindow) {
      rowKey = '\u0000overflow';
      entry = { actor: 'system', ip: null, action: 'audit.overflow', reason: 'too-many-refusals', details: { note: 'more refusals this minute than the audit log keeps apart; this row counts them all' } };
      const overflow = this.rows.get(rowKey);
      if (overflow) return bump(overflow);
    }
    const id = this.o.writes.bestEffort('the audit entry of a refusal', () => this.o.audit.record({
      at, actor: entry.actor, action: entry.action, poolUuid: entry.poolUuid ?? null, target: entry.target ?? null,
      argv: null, exitCode: null, outcome: 'refused',
      details: { reason: entry.reason, ...(entry.ip ? { ip: entry.ip } : {}), ...entry.details },
    })) ?? null;
    this.rows.set(rowKey, { id, count: 1, written: 1, lastAt: at });
    if (rowKey === key) this.perPrincipal.set(principal, (this.perPrincipal.get(principal) ?? 0) + 1);
  }

  /** Writes the counts raised since the last flush. */
  flush(): void {
    for (const row of this.rows.values()) {
      if (row.id === null || row.count === row.written) continue;
      const id = row.id;
      this.o.writes.bestEffort('the count of an aggregated refusal', () => this.o.audit.setCount(id, row.count, row.lastAt));
      row.written = row.count;
    }
  }

  start(): void {
    if (this.loop) return;
    this.loop = every(this.o.clock, this.flushMs, () => this.flush());
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
    this.flush();
  }
}
