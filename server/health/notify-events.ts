/**
 * Notification events from what poolwatch sees. Pure: the facts of one evaluation and the memory
 * of the last one in, the events and the new memory out; `at` comes in with the facts. The
 * service (server/notify/monitor-service.ts) gathers the facts, persists the memory and delivers.
 *
 * Problems (PROBLEM_KINDS) are open while their condition holds: one `start` event, a `reminder`
 * every `reminderHours` while open, one `resolved` event when the condition is gone. One-shot
 * events (counters rose, SMART worse, job outcomes) notify once.
 */
import type { DeviceErrors, Disk } from '../../contracts/api.ts';
import type { Job } from '../../contracts/jobs.ts';
import {
  SEVERITY_RANK,
  type NotifyEvent,
  type NotifyMessage,
  type NotifySettings,
  type NotifySeverity,
  type ProblemKind,
} from '../../contracts/notify.ts';
import type { PoolView } from '../../contracts/views.ts';
import { describeMember, missingMembers, poolName } from './pool-facts.ts';
import { counted } from './text.ts';

export interface SmartFact {
  diskKey: string;
  path: string | null;
  /** SmartDiskStatus: passed, warning, failing, unknown, not-available, error, not-checked. */
  status: string;
  topReason: string | null;
}

export interface MonitorFacts {
  /** ISO time of this evaluation. */
  at: string;
  pools: readonly PoolView[];
  disks: readonly Disk[];
  smart: readonly SmartFact[];
  scan: {
    /** When the last scan finished; null: none since start. */
    lastScanAt: string | null;
    /** The watcher's last error (watcher.lastError), null when the last scan worked. */
    error: string | null;
    /** When this poolwatch process started (the clock for "no scan since"). */
    startedAt: string;
  };
  /** Why the data folder cannot be written (a failed SQLite write), null when it can. */
  dataDirError: string | null;
}

export interface ProblemState {
  kind: ProblemKind;
  severity: NotifySeverity;
  title: string;
  text: string;
  poolUuid: string | null;
  poolLabel: string | null;
  devid: number | null;
  diskKey: string | null;
  since: string;
  lastNotifiedAt: string;
}

export interface MonitorMemory {
  /** Open problems by key (they have been notified). */
  problems: Record<string, ProblemState>;
  /** Problems seen but not yet confirmed (kinds with a confirmation delay): key → first seen. */
  pending: Record<string, string>;
  /** Last seen counters per `<uuid>:<devid>`. */
  counters: Record<string, DeviceErrors>;
  /** Last judged SMART status per disk key (passed / warning / failing only). */
  smart: Record<string, string>;
}

export const EMPTY_MEMORY: MonitorMemory = { problems: {}, pending: {}, counters: {}, smart: {} };

type Candidate = Omit<ProblemState, 'since' | 'lastNotifiedAt'> & { key: string };

/**
 * Kinds whose condition must hold this long before it is told: a disk plugged back in shows up
 * in lsblk a moment before btrfs lists it as a member again, which must not read as "stale".
 */
const CONFIRM_AFTER_MS: Partial<Record<ProblemKind, number>> = { 'stale-member': 120_000 };
/** Kinds whose resolution the admin caused and needs no message (importing a pool ends "unimported"). */
const SILENT_RESOLUTION: ReadonlySet<ProblemKind> = new Set(['pool-unimported']);

const SMART_RANK: Readonly<Record<string, number>> = { passed: 0, warning: 1, failing: 2 };
const COUNTERS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;
const COUNTER_WORDS: Readonly<Record<(typeof COUNTERS)[number], string>> = {
  write: 'write errors', read: 'read errors', flush: 'flush errors', corruption: 'corruption errors', generation: 'generation errors',
};

function label(pool: PoolView): string | null {
  return pool.label && pool.label.trim() !== '' ? pool.label : null;
}

function candidate(kind: ProblemKind, key: string, severity: NotifySeverity, title: string, text: string, pool: PoolView | null, extra: { devid?: number; diskKey?: string } = {}): Candidate {
  return { key, kind, severity, title, text, poolUuid: pool?.uuid ?? null, poolLabel: pool ? label(pool) : null, devid: extra.devid ?? null, diskKey: extra.diskKey ?? null };
}

/** Every problem the facts show now, by key. */
export function currentProblems(facts: MonitorFacts, settings: NotifySettings): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  const add = (c: Candidate) => out.set(c.key, c);
  const smartByKey = new Map(facts.smart.map((s) => [s.diskKey, s]));

  for (const pool of facts.pools) {
    const name = poolName(pool);
    const missing = missingMembers(pool);
    const status: string = pool.health.status;
    if (status === 'failed') {
      add(candidate('pool-failed', `pool-failed:${pool.uuid}`, 'critical', `Pool ${name} has failed`,
        `More members are missing (${missing.count}) than the pool's profile survives. Do not write to it; reattach the missing disks if at all possible, then follow "Maintenance required" in poolwatch.`, pool));
    }
    if (missing.count > 0) {
      add(candidate('pool-degraded', `pool-degraded:${pool.uuid}`, 'critical', `Pool ${name} is degraded`,
        `${missing.count} of ${pool.totalDevices} members missing; the pool has less redundancy than it should. Follow "Maintenance required" in poolwatch.`, pool));
      for (const devid of missing.devids) {
        add(candidate('member-missing', `member-missing:${pool.uuid}:${devid}`, 'critical', `Pool ${name}: member ${describeMember(pool, devid)} is missing`,
          `btrfs lists ${describeMember(pool, devid)} of pool ${name} as missing.`, pool, { devid }));
      }
    }
    const failingMembers = pool.devices
      .filter((d) => !d.missing && d.disk)
      .map((d) => ({ devid: d.devid, smart: smartByKey.get(d.disk!.key) }))
      .filter((m) => m.smart?.status === 'failing');
    if (status === 'at-risk' || failingMembers.length > 0) {
      const who = failingMembers.map((m) => `${describeMember(pool, m.devid)}${m.smart?.topReason ? `: ${m.smart.topReason}` : ''}`);
      add(candidate('pool-at-risk', `pool-at-risk:${pool.uuid}`, 'warning', `Pool ${name} is at risk`,
        who.length > 0
          ? `S.M.A.R.T. says a member is failing (${who.join('; ')}). Plan its replacement now, while the pool is still whole.`
          : `poolwatch rates pool ${name} at risk. Check its members in poolwatch.`, pool));
    }
    if (!pool.managed) {
      add(candidate('pool-unimported', `pool-unimported:${pool.uuid}`, 'info', `New pool ${name} found`,
        `poolwatch found btrfs pool ${name} (${pool.uuid}), which is not imported. Import it in poolwatch to have it named in alerts, or leave it.`, pool));
    }
  }

  // A disk that carries a pool's filesystem but is not one of its members (the inventory tells by the fsid).
  const poolsByUuid = new Map(facts.pools.map((p) => [p.uuid, p]));
  for (const disk of facts.disks) {
    if (!disk.attached || disk.role !== 'stale-member' || !disk.pool) continue;
    const pool = poolsByUuid.get(disk.pool.uuid);
    if (!pool) continue;
    const name = poolName(pool);
    const was = disk.pool.devid !== null ? ` (devid ${disk.pool.devid})` : '';
    add(candidate('stale-member', `stale-member:${pool.uuid}:${disk.identity.key}`, 'warning', `Pool ${name}: former member ${disk.path ?? disk.identity.key} is attached again`,
      `${disk.path ?? 'A disk'}${disk.identity.serial ? ` (serial ${disk.identity.serial})` : ''} carries pool ${name}'s filesystem${was} but btrfs does not use it as a member. Its data is out of date: do not mount it on its own; wipe it only once the pool is whole without it.`,
      pool, { ...(disk.pool.devid !== null ? { devid: disk.pool.devid } : {}), diskKey: disk.identity.key }));
  }

  const lastScan = facts.scan.lastScanAt ?? facts.scan.startedAt;
  const silentMs = Date.parse(facts.at) - Date.parse(lastScan);
  if (facts.scan.error !== null) {
    add(candidate('scan-stuck', 'scan-stuck', 'critical', 'poolwatch cannot read the machine',
      `The scan of the pools fails: ${facts.scan.error}. Until it works again poolwatch sees no change, including a failing disk.`, null));
  } else if (silentMs > settings.scanStuckMinutes * 60_000) {
    add(candidate('scan-stuck', 'scan-stuck', 'critical', 'poolwatch cannot read the machine',
      `No scan of the pools has finished for ${Math.round(silentMs / 60_000)} minutes (a btrfs or lsblk command hangs?). Until it does poolwatch sees no change, including a failing disk.`, null));
  }
  // A scan that finishes while btrfs hangs about one pool keeps that pool's last view (marked stale):
  // the scan is not stuck, but poolwatch is blind to that pool, which the admin must hear of too.
  for (const pool of facts.pools) {
    if (!pool.stale) continue;
    const blindMs = Date.parse(facts.at) - Date.parse(pool.stale.since);
    if (!(blindMs > settings.scanStuckMinutes * 60_000)) continue;
    const name = poolName(pool);
    add(candidate('scan-stuck', `scan-stuck:${pool.uuid}`, 'critical', `poolwatch cannot read pool ${name}`,
      `For ${Math.round(blindMs / 60_000)} minutes: ${pool.stale.reason}. poolwatch shows the pool as it was last read and sees no change on it, including a failing disk; a btrfs command that hangs often means a disk that hangs.`, pool));
  }
  if (facts.dataDirError !== null) {
    add(candidate('data-dir-unwritable', 'data-dir-unwritable', 'warning', 'poolwatch cannot write its data folder',
      `Writing to poolwatch's database failed: ${facts.dataDirError}. Disk inventory, counter history, jobs and queued notifications are not kept until this is fixed (disk full? read-only?).`, null));
  }
  return out;
}

function eventOf(p: Candidate | ProblemState & { key: string }, phase: NotifyEvent['phase'], since: string, override: { title?: string; text?: string } = {}): NotifyEvent {
  return {
    kind: p.kind, phase, severity: p.severity, key: p.key, title: override.title ?? p.title, text: override.text ?? p.text,
    poolUuid: p.poolUuid, poolLabel: p.poolLabel, devid: p.devid, diskKey: p.diskKey, since, delta: null,
  };
}

function resolvedText(p: ProblemState, facts: MonitorFacts): string {
  const pool = p.poolUuid ? facts.pools.find((x) => x.uuid === p.poolUuid) : undefined;
  if (p.poolUuid && !pool) return `Pool ${p.poolLabel ?? p.poolUuid} is no longer seen on this machine, so this no longer applies (its disks were removed?). Before: ${p.text}`;
  switch (p.kind) {
    case 'pool-degraded': return `Every member of pool ${p.poolLabel ?? p.poolUuid} is present again.`;
    case 'member-missing': return `devid ${p.devid} of pool ${p.poolLabel ?? p.poolUuid} is no longer missing.`;
    case 'pool-failed': return `Pool ${p.poolLabel ?? p.poolUuid} is within what its profile survives again.`;
    case 'pool-at-risk': return `No member of pool ${p.poolLabel ?? p.poolUuid} is rated failing any more.`;
    case 'stale-member': return 'The disk is a member again, or no longer attached.';
    case 'scan-stuck': return p.poolUuid ? `btrfs answers about pool ${p.poolLabel ?? p.poolUuid} again.` : 'Scans of the pools finish again.';
    case 'data-dir-unwritable': return 'poolwatch writes its database again.';
    default: return 'The condition no longer holds.';
  }
}

function counterDelta(before: DeviceErrors, now: DeviceErrors): Record<string, number> | null {
  const delta: Record<string, number> = {};
  for (const c of COUNTERS) if (now[c] > before[c]) delta[c] = now[c] - before[c];
  return Object.keys(delta).length > 0 ? delta : null;
}

export function describeDelta(delta: Record<string, number>): string {
  return COUNTERS.filter((c) => delta[c]).map((c) => `+${delta[c]} ${COUNTER_WORDS[c]}`).join(', ');
}

/**
 * One evaluation: the events to tell and the memory to keep. Deterministic for the same input.
 */
export function evaluate(memory: MonitorMemory, facts: MonitorFacts, settings: NotifySettings): { events: NotifyEvent[]; memory: MonitorMemory } {
  const at = facts.at;
  const now = Date.parse(at);
  const events: NotifyEvent[] = [];
  const next: MonitorMemory = { problems: {}, pending: {}, counters: { ...memory.counters }, smart: { ...memory.smart } };

  const current = currentProblems(facts, settings);
  for (const [key, c] of current) {
    const open = memory.problems[key];
    if (open) {
      const due = settings.reminderHours > 0 && now - Date.parse(open.lastNotifiedAt) >= settings.reminderHours * 3600_000;
      const state: ProblemState = { ...open, title: c.title, text: c.text, severity: c.severity, poolLabel: c.poolLabel };
      if (due) {
        state.lastNotifiedAt = at;
        events.push(eventOf({ ...state, key }, 'reminder', open.since, { title: `Still: ${c.title}` }));
      }
      next.problems[key] = state;
      continue;
    }
    const confirmMs = CONFIRM_AFTER_MS[c.kind] ?? 0;
    const firstSeen = memory.pending[key] ?? at;
    if (now - Date.parse(firstSeen) < confirmMs) {
      next.pending[key] = firstSeen;
      continue;
    }
    const { key: _k, ...rest } = c;
    next.problems[key] = { ...rest, since: firstSeen, lastNotifiedAt: at };
    events.push(eventOf(c, 'start', firstSeen));
  }
  for (const [key, open] of Object.entries(memory.problems)) {
    if (current.has(key)) continue;
    if (SILENT_RESOLUTION.has(open.kind)) continue;
    events.push(eventOf({ ...open, key }, 'resolved', open.since, { title: `Resolved: ${open.title}`, text: resolvedText(open, facts) }));
  }

  // Counters: a rise is news; a drop is a reset (its history is kept elsewhere) and only moves the baseline.
  for (const pool of facts.pools) {
    for (const dev of pool.devices) {
      if (!dev.errors) continue;
      const k = `${pool.uuid}:${dev.devid}`;
      const before = memory.counters[k];
      next.counters[k] = dev.errors;
      if (!before) continue;
      const delta = counterDelta(before, dev.errors);
      if (!delta) continue;
      const name = poolName(pool);
      events.push({
        kind: 'device-errors-increased', phase: 'event', severity: delta.write || delta.flush || delta.corruption ? 'critical' : 'warning',
        key: `device-errors:${pool.uuid}:${dev.devid}:${at}`,
        title: `Pool ${name}: ${describeDelta(delta)} on devid ${dev.devid}`,
        text: `The btrfs error counters of ${describeMember(pool, dev.devid)} in pool ${name} rose: ${describeDelta(delta)} (now write ${dev.errors.write}, read ${dev.errors.read}, flush ${dev.errors.flush}, corruption ${dev.errors.corruption}, generation ${dev.errors.generation}). Run a scrub and check the disk's S.M.A.R.T. page.`,
        poolUuid: pool.uuid, poolLabel: label(pool), devid: dev.devid, diskKey: dev.disk?.key ?? null, since: at, delta,
      });
    }
  }

  for (const s of facts.smart) {
    const rank = SMART_RANK[s.status];
    if (rank === undefined) continue;
    const before = memory.smart[s.diskKey];
    next.smart[s.diskKey] = s.status;
    const beforeRank = before === undefined ? 0 : (SMART_RANK[before] ?? 0);
    if (rank <= beforeRank) continue;
    const member = findMember(facts.pools, s.diskKey);
    events.push({
      kind: 'smart-worsened', phase: 'event', severity: s.status === 'failing' ? 'critical' : 'warning',
      key: `smart-worsened:${s.diskKey}:${at}`,
      title: `S.M.A.R.T. of ${s.path ?? s.diskKey}: ${before ?? 'first verdict'} → ${s.status}`,
      text: `${s.path ?? s.diskKey}${member ? ` (devid ${member.devid} of pool ${poolName(member.pool)})` : ''}: S.M.A.R.T. now says ${s.status}${s.topReason ? ` — ${s.topReason}` : ''}.`,
      poolUuid: member?.pool.uuid ?? null, poolLabel: member ? label(member.pool) : null, devid: member?.devid ?? null, diskKey: s.diskKey, since: at, delta: null,
    });
  }
  return { events, memory: next };
}

function findMember(pools: readonly PoolView[], diskKey: string): { pool: PoolView; devid: number } | null {
  for (const pool of pools) {
    const dev = pool.devices.find((d) => d.disk?.key === diskKey);
    if (dev) return { pool, devid: dev.devid };
  }
  return null;
}

/** Events for a job that just ended: failed (or interrupted), succeeded, and a scrub that found errors. */
export function jobEvents(job: Job, poolLabel: string | null): NotifyEvent[] {
  if (!job.finishedAt) return [];
  const at = job.finishedAt;
  const on = job.poolUuid ? ` on pool ${poolLabel ?? job.poolUuid}` : '';
  const base = { poolUuid: job.poolUuid, poolLabel, devid: null, diskKey: null, since: at, delta: null };
  const out: NotifyEvent[] = [];
  const scrub = job.result?.scrub;
  if (scrub && scrub.errorsFound > 0) {
    out.push({
      ...base, kind: 'scrub-errors', phase: 'event', severity: scrub.uncorrectable > 0 ? 'critical' : 'warning', key: `scrub-errors:${job.id}`,
      title: `Scrub${on} found ${counted(scrub.errorsFound, 'error')}`,
      text: `The scrub${on} found ${counted(scrub.errorsFound, 'error')}: ${scrub.corrected} corrected, ${scrub.uncorrectable} uncorrectable (read ${scrub.read}, csum ${scrub.csum}, verify ${scrub.verify}, super ${scrub.super}).${scrub.uncorrectable > 0 ? ' Uncorrectable errors mean damaged files: the kernel log names them; restore those from backup.' : ' The damaged copies were rewritten from good ones; check the disks that had errors.'}`,
    });
  }
  if (job.state === 'failed' || job.state === 'interrupted') {
    out.push({
      ...base, kind: 'job-failed', phase: 'event', severity: 'warning', key: `job-failed:${job.id}`,
      title: `Job ${job.kind}${on} ${job.state}`,
      text: `${job.kind}${job.target ? ` (${job.target})` : ''}${on}, started by ${job.createdBy}, ${job.state}: ${job.error ?? 'no reason given'}`,
    });
  } else if (job.state === 'succeeded') {
    out.push({
      ...base, kind: 'job-succeeded', phase: 'event', severity: 'info', key: `job-succeeded:${job.id}`,
      title: `Job ${job.kind}${on} succeeded`,
      text: `${job.kind}${job.target ? ` (${job.target})` : ''}${on}, started by ${job.createdBy}, succeeded${job.result?.summary ? `: ${job.result.summary}` : ''}.`,
    });
  }
  return out;
}

/** What one channel wants of the events. */
export interface ChannelFilter {
  minSeverity: NotifySeverity;
  jobSucceeded: boolean;
}

export function wanted(filter: ChannelFilter, e: NotifyEvent): boolean {
  if (e.kind === 'job-succeeded' && !filter.jobSucceeded) return false;
  return SEVERITY_RANK[e.severity] >= SEVERITY_RANK[filter.minSeverity];
}

/**
 * The messages one channel gets for the events of one evaluation: one per pool (and one for
 * machine-wide events), so a pulled disk is one message however many problems it opens.
 */
export function groupMessages(events: readonly NotifyEvent[], ctx: { at: string; instance: string; publicUrl: string | null; id: (group: string) => string }): NotifyMessage[] {
  const groups = new Map<string, NotifyEvent[]>();
  for (const e of events) {
    const g = e.poolUuid ?? '-';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  const out: NotifyMessage[] = [];
  for (const [group, list] of groups) {
    // Most severe first; starts before reminders before resolutions.
    const phaseOrder = { start: 0, event: 1, reminder: 2, resolved: 3 } as const;
    const sorted = [...list].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || phaseOrder[a.phase] - phaseOrder[b.phase]);
    const top = sorted[0]!;
    const title = sorted.length === 1 ? top.title : `${top.title} (+${sorted.length - 1} more)`;
    const text = sorted.map((e) => (sorted.length === 1 ? e.text : `• ${e.title}\n  ${e.text}`)).join('\n');
    const url = ctx.publicUrl ? `${ctx.publicUrl.replace(/\/$/, '')}${group !== '-' ? `/pools/${group}` : '/'}` : null;
    out.push({
      id: ctx.id(group), instance: ctx.instance, at: ctx.at,
      // A resolution keeps the severity of what it resolves, so the filter that let the start through lets it through too.
      severity: top.severity, title, text, events: sorted, url,
    });
  }
  return out;
}
