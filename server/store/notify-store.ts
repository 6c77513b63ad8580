/**
 * Notification state in SQLite: channels, the outbox (one row per message and channel) with its
 * attempts, and the memory of the last evaluation. The outbox is what makes delivery survive a
 * restart: a message is queued in the same transaction that records what was told.
 */
import type { ChannelConfig, ChannelType, Delivery, NotifyMessage, NotifySeverity } from '../../contracts/notify.ts';
import type { MonitorMemory } from '../health/notify-events.ts';
import { EMPTY_MEMORY } from '../health/notify-events.ts';
import type { Db } from './db.ts';

export interface StoredChannel {
  id: string;
  name: string;
  source: 'ui' | 'env';
  enabled: boolean;
  minSeverity: NotifySeverity;
  jobSucceeded: boolean;
  channel: ChannelConfig;
  createdAt: string;
  updatedAt: string;
}

export interface OutboxRow {
  id: number;
  channelId: string;
  createdAt: string;
  message: NotifyMessage;
  attempts: number;
}

interface ChannelRow {
  id: string; name: string; type: string; source: string; enabled: number; min_severity: string; job_succeeded: number;
  config: string; created_at: string; updated_at: string;
}

const MEMORY_KEY = 'notify-memory';

function channelOf(r: ChannelRow): StoredChannel {
  return {
    id: r.id, name: r.name, source: r.source === 'env' ? 'env' : 'ui', enabled: r.enabled === 1,
    minSeverity: r.min_severity as NotifySeverity, jobSucceeded: r.job_succeeded === 1,
    channel: { type: r.type as ChannelType, config: JSON.parse(r.config) } as ChannelConfig,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export class NotifyStore {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- channels ----------------------------------------------------------------------------------

  channels(): StoredChannel[] {
    return (this.db.prepare('SELECT * FROM notify_channels ORDER BY source DESC, created_at, rowid').all() as ChannelRow[]).map(channelOf);
  }

  channel(id: string): StoredChannel | null {
    const r = this.db.prepare('SELECT * FROM notify_channels WHERE id = ?').get(id) as ChannelRow | undefined;
    return r ? channelOf(r) : null;
  }

  saveChannel(c: StoredChannel): void {
    this.db.prepare(`
      INSERT INTO notify_channels (id, name, type, source, enabled, min_severity, job_succeeded, config, created_at, updated_at)
      VALUES (@id, @name, @type, @source, @enabled, @minSeverity, @jobSucceeded, @config, @createdAt, @updatedAt)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type, source = excluded.source, enabled = excluded.enabled,
        min_severity = excluded.min_severity, job_succeeded = excluded.job_succeeded, config = excluded.config, updated_at = excluded.updated_at`).run({
      id: c.id, name: c.name, type: c.channel.type, source: c.source, enabled: c.enabled ? 1 : 0, minSeverity: c.minSeverity,
      jobSucceeded: c.jobSucceeded ? 1 : 0, config: JSON.stringify(c.channel.config), createdAt: c.createdAt, updatedAt: c.updatedAt,
    });
  }

  deleteChannel(id: string): boolean {
    return this.db.prepare('DELETE FROM notify_channels WHERE id = ?').run(id).changes > 0;
  }

  // ---- outbox ------------------------------------------------------------------------------------

  enqueue(channelId: string, msg: NotifyMessage, at: string): number {
    const r = this.db.prepare(`
      INSERT INTO notify_outbox (message_id, channel_id, created_at, message, severity, title, kinds, pool_uuid, state, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`).run(
      msg.id, channelId, at, JSON.stringify(msg), msg.severity, msg.title,
      JSON.stringify([...new Set(msg.events.map((e) => e.kind))]), msg.events.find((e) => e.poolUuid)?.poolUuid ?? null, at,
    );
    return Number(r.lastInsertRowid);
  }

  /** Queued messages whose next attempt is due (all queued ones when `at` is null), oldest first. */
  due(at: string | null, limit = 50): OutboxRow[] {
    const rows = this.db.prepare(`
      SELECT id, channel_id, created_at, message, attempts FROM notify_outbox
      WHERE state = 'queued' AND (@at IS NULL OR next_attempt_at <= @at) ORDER BY id LIMIT @limit`).all({ at, limit }) as {
      id: number; channel_id: string; created_at: string; message: string; attempts: number;
    }[];
    return rows.map((r) => ({ id: r.id, channelId: r.channel_id, createdAt: r.created_at, message: JSON.parse(r.message) as NotifyMessage, attempts: r.attempts }));
  }

  /** The earliest next attempt of a queued message, or null. */
  nextDueAt(): string | null {
    const r = this.db.prepare("SELECT MIN(next_attempt_at) AS at FROM notify_outbox WHERE state = 'queued'").get() as { at: string | null };
    return r.at;
  }

  recordAttempt(id: number, at: string, outcome: { ok: true; answer: string } | { ok: false; error: string; retryAt: string | null }): void {
    this.transaction(() => {
      this.db.prepare('INSERT INTO notify_attempts (outbox_id, at, ok, answer) VALUES (?, ?, ?, ?)').run(id, at, outcome.ok ? 1 : 0, outcome.ok ? outcome.answer : outcome.error);
      if (outcome.ok) {
        this.db.prepare("UPDATE notify_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL WHERE id = ?").run(at, id);
      } else {
        this.db.prepare('UPDATE notify_outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?')
          .run(outcome.retryAt ? 'queued' : 'failed', outcome.error, outcome.retryAt, id);
      }
    });
  }

  /** Messages to a channel that no longer exists can never go out. */
  failOrphans(): number {
    return this.db.prepare(`UPDATE notify_outbox SET state = 'failed', last_error = 'the channel was deleted', next_attempt_at = NULL
      WHERE state = 'queued' AND channel_id NOT IN (SELECT id FROM notify_channels)`).run().changes;
  }

  deliveries(opts: { limit: number; state?: string }): Delivery[] {
    const rows = this.db.prepare(`
      SELECT o.*, c.name AS channel_name, c.type AS channel_type FROM notify_outbox o LEFT JOIN notify_channels c ON c.id = o.channel_id
      WHERE (@state IS NULL OR o.state = @state) ORDER BY o.id DESC LIMIT @limit`).all({ state: opts.state ?? null, limit: opts.limit }) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id), channelId: String(r.channel_id), channelName: (r.channel_name as string | null) ?? '(deleted channel)',
      channelType: (r.channel_type as string | null) ?? 'unknown', createdAt: String(r.created_at), state: String(r.state),
      attempts: Number(r.attempts), nextAttemptAt: (r.next_attempt_at as string | null) ?? null, sentAt: (r.sent_at as string | null) ?? null,
      lastError: (r.last_error as string | null) ?? null, severity: r.severity as NotifySeverity, title: String(r.title),
      kinds: JSON.parse(String(r.kinds)) as string[], poolUuid: (r.pool_uuid as string | null) ?? null,
    }));
  }

  lastDelivery(channelId: string): { at: string; ok: boolean; error: string | null } | null {
    const r = this.db.prepare(`
      SELECT a.at, a.ok, a.answer FROM notify_attempts a JOIN notify_outbox o ON o.id = a.outbox_id
      WHERE o.channel_id = ? ORDER BY a.id DESC LIMIT 1`).get(channelId) as { at: string; ok: number; answer: string | null } | undefined;
    return r ? { at: r.at, ok: r.ok === 1, error: r.ok === 1 ? null : r.answer } : null;
  }

  counts(): { queued: number; failed: number; failedAttempts: Record<string, number> } {
    const states = this.db.prepare("SELECT state, COUNT(*) AS n FROM notify_outbox WHERE state IN ('queued', 'failed') GROUP BY state").all() as { state: string; n: number }[];
    const attempts = this.db.prepare(`
      SELECT o.channel_id, COUNT(*) AS n FROM notify_attempts a JOIN notify_outbox o ON o.id = a.outbox_id WHERE a.ok = 0 GROUP BY o.channel_id`).all() as { channel_id: string; n: number }[];
    return {
      queued: states.find((s) => s.state === 'queued')?.n ?? 0,
      failed: states.find((s) => s.state === 'failed')?.n ?? 0,
      failedAttempts: Object.fromEntries(attempts.map((a) => [a.channel_id, a.n])),
    };
  }

  // ---- memory of the last evaluation -------------------------------------------------------------

  memory(): MonitorMemory {
    const r = this.db.prepare('SELECT value FROM monitor_state WHERE name = ?').get(MEMORY_KEY) as { value: string } | undefined;
    if (!r) return EMPTY_MEMORY;
    const m = JSON.parse(r.value) as Partial<MonitorMemory>;
    return { problems: m.problems ?? {}, pending: m.pending ?? {}, counters: m.counters ?? {}, smart: m.smart ?? {} };
  }

  saveMemory(m: MonitorMemory, at: string): void {
    this.db.prepare(`INSERT INTO monitor_state (name, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(MEMORY_KEY, JSON.stringify(m), at);
  }
}
