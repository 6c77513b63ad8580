/**
 * Channels and delivery: the admin's channels (and those of the environment), the outbox that
 * queues each message per channel, and the loop that delivers it with retries and backoff. A
 * message is in the outbox before anything is sent, so a restart loses nothing: start() sends
 * whatever is still queued, once.
 */
import { randomUUID } from 'node:crypto';
import {
  ChannelConfig,
  SECRET_FIELDS,
  maskSecret,
  type ChannelInput,
  type ChannelTestResponse,
  type ChannelView,
  type NotifyEvent,
  type NotifyMessage,
} from '../../contracts/notify.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { describeIssues } from '../validation.ts';
import { groupMessages, wanted } from '../health/notify-events.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { NotifyStore, StoredChannel } from '../store/notify-store.ts';
import type { EnvChannel } from './notify-config.ts';
import { coalesce } from './coalesce.ts';
import { DeliveryError, send as realSend, type Sender } from './senders.ts';
import { every, type Clock, type Repeating } from '../clock.ts';

/** How often the loop looks for due messages (a cheap indexed query). */
export const DELIVERY_POLL_MS = 2000;
/** First retry after 30 s, doubling up to an hour between attempts. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3600_000;
/** A message not delivered within a day is given up (state failed) — the log keeps why. */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

export interface NotifyServiceDeps {
  store: NotifyStore;
  audit: AuditStore;
  clock: Clock;
  instance: string;
  publicUrl: string | null;
  send?: Sender;
  pollMs?: number;
}

export class NotifyService {
  private readonly send: Sender;
  private loop: Repeating | null = null;
  /** The next round sends everything queued, due or not (after a restart). */
  private sendAllNext = false;
  private readonly rounds = coalesce(async () => {
    const all = this.sendAllNext;
    this.sendAllNext = false;
    try {
      await this.round(all);
      this.lastError = null;
    } catch (err) {
      // The data folder refused a write (full, read-only): the messages stay queued and the next
      // round tries again. Never a rejection nobody handles — that would end the process.
      const message = (err as Error).message;
      if (this.lastError !== message) console.error(`poolwatch: notification delivery failed: ${message}`);
      this.lastError = message;
    }
  });
  /** Why the last delivery round failed (a write the data folder refused); null after a good one. */
  private lastError: string | null = null;
  /** Failed attempts since start, per channel type (for /metrics; the log has the rest). */
  readonly failures = new Map<string, number>();

  constructor(private readonly deps: NotifyServiceDeps) {
    this.send = deps.send ?? realSend;
  }

  // ---- channels ----------------------------------------------------------------------------------

  /** Makes the environment's channels what the environment says (at start). */
  syncEnvChannels(env: readonly EnvChannel[]): void {
    const at = this.deps.clock.now().toISOString();
    const wantedIds = new Set(env.map((c) => c.id));
    this.deps.store.transaction(() => {
      for (const old of this.deps.store.channels().filter((c) => c.source === 'env' && !wantedIds.has(c.id))) this.deps.store.deleteChannel(old.id);
      for (const c of env) {
        const before = this.deps.store.channel(c.id);
        this.deps.store.saveChannel({
          id: c.id, name: c.name, source: 'env', enabled: true, minSeverity: c.minSeverity, jobSucceeded: false, channel: c.channel,
          createdAt: before?.createdAt ?? at, updatedAt: at,
        });
      }
      this.deps.store.failOrphans();
    });
  }

  views(): ChannelView[] {
    return this.deps.store.channels().map((c) => this.view(c));
  }

  view(c: StoredChannel): ChannelView {
    const config: Record<string, unknown> = { ...c.channel.config };
    const secretsSet: string[] = [];
    for (const f of SECRET_FIELDS[c.channel.type]) {
      const v = config[f];
      if (typeof v === 'string' && v !== '') {
        secretsSet.push(f);
        config[f] = maskSecret(v);
      } else {
        config[f] = null;
      }
    }
    return {
      id: c.id, name: c.name, type: c.channel.type, source: c.source, enabled: c.enabled, minSeverity: c.minSeverity, jobSucceeded: c.jobSucceeded,
      config, secretsSet, createdAt: c.createdAt, updatedAt: c.updatedAt, lastDelivery: this.deps.store.lastDelivery(c.id),
    };
  }

  private get(id: string): StoredChannel {
    const c = this.deps.store.channel(id);
    if (!c) throw new NotFoundError(`no notification channel ${id}`);
    return c;
  }

  /** Secrets left out (or null) keep the stored value; "" clears it. */
  private merged(input: ChannelInput, before: StoredChannel | null): ChannelConfig {
    const config: Record<string, unknown> = { ...input.config };
    for (const f of SECRET_FIELDS[input.type]) {
      const given = config[f];
      const stored = before && before.channel.type === input.type ? (before.channel.config as Record<string, unknown>)[f] : null;
      config[f] = given === undefined || given === null ? (stored ?? null) : given === '' ? null : given;
    }
    const parsed = ChannelConfig.safeParse({ type: input.type, config });
    if (!parsed.success) {
      // Named within the channel's config (`host`, not `config.host`).
      const issues = parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }));
      throw new ValidationError(`invalid ${input.type} channel: ${describeIssues(issues, 'config')}`, parsed.error.issues);
    }
    return parsed.data;
  }

  create(input: ChannelInput, actor: string): ChannelView {
    const at = this.deps.clock.now().toISOString();
    const c: StoredChannel = {
      id: `ch-${randomUUID().slice(0, 8)}`, name: input.name, source: 'ui', enabled: input.enabled, minSeverity: input.minSeverity,
      jobSucceeded: input.jobSucceeded, channel: this.merged(input, null), createdAt: at, updatedAt: at,
    };
    this.deps.store.saveChannel(c);
    this.auditChange('notify.channel-create', c, actor, at);
    return this.view(c);
  }

  update(id: string, input: ChannelInput, actor: string): ChannelView {
    const before = this.get(id);
    if (before.source === 'env') throw new ConflictError(`channel "${before.name}" comes from the environment (POOLWATCH_*): change it there and restart poolwatch`);
    const at = this.deps.clock.now().toISOString();
    const c: StoredChannel = {
      ...before, name: input.name, enabled: input.enabled, minSeverity: input.minSeverity, jobSucceeded: input.jobSucceeded,
      channel: this.merged(input, before), updatedAt: at,
    };
    this.deps.store.saveChannel(c);
    this.auditChange('notify.channel-update', c, actor, at);
    return this.view(c);
  }

  delete(id: string, actor: string): void {
    const before = this.get(id);
    if (before.source === 'env') throw new ConflictError(`channel "${before.name}" comes from the environment (POOLWATCH_*): unset it there and restart poolwatch`);
    const at = this.deps.clock.now().toISOString();
    this.deps.store.transaction(() => {
      this.deps.store.deleteChannel(id);
      this.deps.store.failOrphans();
    });
    this.auditChange('notify.channel-delete', before, actor, at);
  }

  /** Replaces every UI channel (settings import); returns how many were written. */
  replaceUiChannels(channels: readonly StoredChannel[], actor: string): number {
    const at = this.deps.clock.now().toISOString();
    this.deps.store.transaction(() => {
      for (const old of this.deps.store.channels().filter((c) => c.source === 'ui')) this.deps.store.deleteChannel(old.id);
      for (const c of channels) this.deps.store.saveChannel({ ...c, source: 'ui', updatedAt: at });
      this.deps.store.failOrphans();
    });
    this.deps.audit.record({ at, actor, action: 'notify.channels-import', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok', details: { channels: channels.map((c) => c.name) } });
    return channels.length;
  }

  storedChannels(): StoredChannel[] {
    return this.deps.store.channels();
  }

  private auditChange(action: string, c: StoredChannel, actor: string, at: string): void {
    // The view masks secrets: the audit log never holds one.
    const v = this.view(c);
    this.deps.audit.record({ at, actor, action, poolUuid: null, target: c.name, argv: null, exitCode: null, outcome: 'ok', details: { id: c.id, type: v.type, enabled: v.enabled, minSeverity: v.minSeverity, config: v.config } });
  }

  // ---- outbox --------------------------------------------------------------------------------------

  /**
   * Queues the events for every enabled channel that wants them: one message per pool per channel.
   * Synchronous, so the caller can put it in the transaction that records what was told.
   */
  enqueue(events: readonly NotifyEvent[], at: string): number {
    if (events.length === 0) return 0;
    let queued = 0;
    for (const c of this.deps.store.channels()) {
      if (!c.enabled) continue;
      const mine = events.filter((e) => wanted(c, e));
      for (const msg of groupMessages(mine, { at, instance: this.deps.instance, publicUrl: this.deps.publicUrl, id: () => randomUUID() })) {
        this.deps.store.enqueue(c.id, msg, at);
        queued++;
      }
    }
    return queued;
  }

  /** Without the database (it cannot be written): one attempt per message, nothing logged but the console. */
  async sendDirect(events: readonly NotifyEvent[], at: string): Promise<void> {
    let channels: StoredChannel[];
    try {
      channels = this.deps.store.channels();
    } catch (err) {
      console.error(`poolwatch: cannot read the notification channels: ${(err as Error).message}`);
      return;
    }
    for (const c of channels.filter((x) => x.enabled)) {
      for (const msg of groupMessages(events.filter((e) => wanted(c, e)), { at, instance: this.deps.instance, publicUrl: this.deps.publicUrl, id: () => randomUUID() })) {
        try {
          await this.send(c.channel, msg);
        } catch (err) {
          this.failures.set(c.channel.type, (this.failures.get(c.channel.type) ?? 0) + 1);
          console.error(`poolwatch: sending "${msg.title}" to ${c.name} failed: ${(err as Error).message}`);
        }
      }
    }
  }

  /** Sends at once (not waiting for the loop), logged like any delivery; the admin sees the answer. */
  async test(id: string, actor: string): Promise<ChannelTestResponse> {
    const c = this.get(id);
    const at = this.deps.clock.now().toISOString();
    const event: NotifyEvent = {
      kind: 'test', phase: 'event', severity: 'info', key: `test:${randomUUID()}`, title: `Test message to "${c.name}"`,
      text: `${actor} sent this test from poolwatch. If you read it, this channel works.`, poolUuid: null, poolLabel: null, devid: null, diskKey: null, since: at, delta: null,
    };
    const [msg] = groupMessages([event], { at, instance: this.deps.instance, publicUrl: this.deps.publicUrl, id: () => randomUUID() });
    const outboxId = this.deps.store.enqueue(c.id, msg!, at);
    const result = await this.attempt(outboxId, c, msg!, at, { final: true });
    this.deps.audit.record({ at, actor, action: 'notify.channel-test', poolUuid: null, target: c.name, argv: null, exitCode: null, outcome: result.ok ? 'ok' : 'failed', stderr: result.ok ? null : result.message });
    return result;
  }

  // ---- delivery loop ------------------------------------------------------------------------------

  /** Sends everything still queued (a restart is a good time to retry), then polls for due messages. */
  start(): void {
    if (this.loop) return;
    void this.deliver({ all: true });
    this.loop = every(this.deps.clock, this.deps.pollMs ?? DELIVERY_POLL_MS, () => this.deliver());
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
  }

  /** Delivers due messages now; resolves when this round (and one more, if asked meanwhile) is done. */
  deliver(opts: { all?: boolean } = {}): Promise<void> {
    if (opts.all) this.sendAllNext = true;
    return this.rounds();
  }

  private async round(all: boolean): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    for (const row of this.deps.store.due(all ? null : at)) {
      const c = this.deps.store.channel(row.channelId);
      if (!c) {
        this.deps.store.failOrphans();
        continue;
      }
      const now = this.deps.clock.now();
      const final = now.getTime() - Date.parse(row.createdAt) >= GIVE_UP_AFTER_MS;
      await this.attempt(row.id, c, row.message, now.toISOString(), { final, attempts: row.attempts });
    }
  }

  private async attempt(outboxId: number, c: StoredChannel, msg: NotifyMessage, at: string, opts: { final: boolean; attempts?: number }): Promise<ChannelTestResponse> {
    try {
      const answer = await this.send(c.channel, msg);
      this.deps.store.recordAttempt(outboxId, this.deps.clock.now().toISOString(), { ok: true, answer });
      return { ok: true, message: answer };
    } catch (err) {
      const error = err instanceof DeliveryError ? err.message : `unexpected error: ${(err as Error).message}`;
      this.failures.set(c.channel.type, (this.failures.get(c.channel.type) ?? 0) + 1);
      const attempts = (opts.attempts ?? 0) + 1;
      const retryAt = opts.final ? null : new Date(Date.parse(at) + retryDelayMs(attempts)).toISOString();
      this.deps.store.recordAttempt(outboxId, this.deps.clock.now().toISOString(), { ok: false, error, retryAt });
      return { ok: false, message: error };
    }
  }
}
