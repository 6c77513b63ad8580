/**
 * The long btrfs operations a job can start and the kernel then runs on its own: how to read
 * their progress back, how to tell that they ended and how, and how to cancel them. The same
 * code follows an operation a live job just started and one found running after a restart.
 */
import { z } from 'zod';
import { Profile } from '../../contracts/api.ts';
import type { JobProgress, JobResult, ScrubResult } from '../../contracts/jobs.ts';
import { cmd } from '../host/commands.ts';
import type { CommandSpec, Host } from '../host/host.ts';
import { jobCmd } from '../host/job-commands.ts';
import { parseBalanceStatus } from '../parsers/balance-status.ts';
import { balanceEndOf, kernelNamesOf, parseKernelLog, poolLinesSince, type BalanceEnd, type KernelLogLine } from '../parsers/kernel-log.ts';
import { parseDeviceUsage } from '../parsers/device-usage.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import { parseReplaceStatus } from '../parsers/replace-status.ts';
import { parseScrubStatus, type ScrubStatus } from '../parsers/scrub-status.ts';
import { reasonForErrno, reasonInText, type FailureReason } from './failure-reason.ts';
import { counted } from '../health/text.ts';
import { parseLocalIso, parseReplaceTime, startedSince } from './progress.ts';

const Base = {
  poolUuid: z.string(),
  mountPoint: z.string(),
  /** Taken just before the start command ran: a status that began earlier is not this operation. */
  startedAt: z.string(),
};

export const KernelOp = z.discriminatedUnion('type', [
  z.object({ type: z.literal('replace'), ...Base, devid: z.number().int(), targetPath: z.string() }),
  z.object({ type: z.literal('balance'), ...Base, convert: z.object({ data: Profile, metadata: Profile }).nullable() }),
  z.object({ type: z.literal('scrub'), ...Base }),
  z.object({
    type: z.literal('device-remove'),
    ...Base,
    /** The member being removed; null when btrfs picks it (`remove missing` with several missing). */
    devid: z.number().int().nullable(),
    /** Bytes allocated on it when the remove started: progress is how much of that has moved off. */
    baselineBytes: z.number().nonnegative().nullable(),
  }),
]);
export type KernelOp = z.infer<typeof KernelOp>;

export type OutcomeState = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export interface Outcome {
  state: OutcomeState;
  message: string | null;
  result?: JobResult | null;
}

export interface Observation {
  running: boolean;
  progress: JobProgress | null;
  /** What the status command said, for the job log. */
  said: string;
  /** How it ended; null while running. */
  outcome: Outcome | null;
  /** Running only in the sense that the tool has not recorded the end yet (see ObserveContext.ending). */
  settling?: true;
}

export interface ObserveContext {
  now: Date;
  /**
   * True shortly after the start command returned: btrfs-progs forks and the kernel may not
   * show the operation yet, so "nothing running" means "not yet", not "ended".
   */
  starting: boolean;
  /**
   * True for a short while after the operation was last seen running: when a scrub ends (or is
   * cancelled) btrfs-progs rewrites its status file, and until it has, `scrub status` says "no stats
   * available" — not yet the result, not a scrub that never ran.
   */
  ending?: boolean;
}

/** Shortly after a backgrounded start, "no operation" still means "not started yet". */
export const STARTUP_GRACE_MS = 10_000;

const running = (progress: JobProgress, said: string): Observation => ({ running: true, progress, said, outcome: null });
const ended = (outcome: Outcome, said: string, progress: JobProgress | null = null): Observation => ({ running: false, progress, said, outcome });
const startingUp = (said: string): Observation => running({ percent: null, etaSeconds: null, detail: 'starting' }, said);
const settling = (said: string): Observation => ({ running: true, progress: null, said, outcome: null, settling: true });

/** How long "no stats available" after a running scrub still means "btrfs is writing the result". */
export const SETTLE_MS = 10_000;

/** `/sys/fs/btrfs/<uuid>/exclusive_operation`, null when idle, unmounted or unknown to the kernel. */
export async function exclusiveOperation(host: Host, poolUuid: string): Promise<string | null> {
  const raw = await host.readFile(`/sys/fs/btrfs/${poolUuid}/exclusive_operation`);
  const op = raw?.trim() ?? '';
  return op === '' || op === 'none' ? null : op;
}

export async function observe(host: Host, op: KernelOp, ctx: ObserveContext): Promise<Observation> {
  switch (op.type) {
    case 'replace':
      return observeReplace(host, op, ctx);
    case 'balance':
      return observeBalance(host, op, ctx);
    case 'scrub':
      return observeScrub(host, op, ctx);
    case 'device-remove':
      return observeDeviceRemove(host, op);
  }
}

/** The command that asks the kernel to stop the operation. */
export function cancelCommand(op: KernelOp): CommandSpec {
  switch (op.type) {
    case 'replace':
      return jobCmd.replaceCancel(op.mountPoint);
    case 'balance':
      return jobCmd.balanceCancel(op.mountPoint);
    case 'scrub':
      return jobCmd.scrubCancel(op.mountPoint);
    case 'device-remove':
      return jobCmd.deviceRemoveCancel(op.mountPoint);
  }
}

async function observeReplace(host: Host, op: Extract<KernelOp, { type: 'replace' }>, ctx: ObserveContext): Promise<Observation> {
  const exop = await exclusiveOperation(host, op.poolUuid);
  const out = await host.run(jobCmd.replaceStatus(op.mountPoint));
  const st = parseReplaceStatus(out.stdout);
  const said = (out.stdout.split('\b').filter((s) => s.trim() !== '').at(-1) ?? '').trim();
  if (st.state === 'running') return running({ percent: st.percentDone, etaSeconds: null, detail: said }, said);
  if (exop === 'device replace') return running({ percent: null, etaSeconds: null, detail: said }, said);

  const jobStart = new Date(op.startedAt);
  const statusStart = st.startedAt ? parseReplaceTime(st.startedAt, jobStart) : null;
  const ours = statusStart !== null && startedSince(statusStart, jobStart);
  if (!ours) {
    if (ctx.starting) return startingUp(said);
    const reason = await kernelReason(host, op);
    return ended({ state: 'failed', message: reason
      ? `the replace did not start: ${reason.words}. ${reason.next}`
      : `the replace did not start; btrfs replace status says "${said}" (the kernel log says why)` }, said);
  }
  const errs = `${st.writeErrors ?? 0} write errors, ${st.uncorrectableReadErrors ?? 0} uncorrectable read errors`;
  switch (st.state) {
    case 'finished':
      return ended({ state: 'succeeded', message: null, result: { summary: `replace of devid ${op.devid} finished: ${errs}`, scrub: null } }, said,
        { percent: 100, etaSeconds: null, detail: said });
    case 'cancelled': {
      // btrfs reports a replace the kernel gave up on (e.g. ENOSPC: "failed setting block group
      // ro: -28") as canceled too. Failed here; the runner turns it into cancelled when the
      // admin asked for the cancel.
      const reason = await kernelReason(host, op);
      return ended({ state: 'failed', message: reason
        ? `the replace failed: ${reason.words} (btrfs: ${said}). ${reason.next}`
        : `the replace was cancelled (${said}); if nobody cancelled it, the kernel stopped it and its log says why` }, said);
    }
    case 'suspended':
      return ended({ state: 'interrupted', message: `the replace is suspended (the pool was unmounted); it resumes when the pool is mounted again (${said})` }, said);
    default:
      return ended({ state: 'failed', message: `unexpected replace status "${said}"` }, said);
  }
}

/** Block-group types whose chunks are not all in the convert target yet. */
export function unconverted(profiles: { data: readonly string[]; metadata: readonly string[]; system: readonly string[] }, target: { data: string; metadata: string }): string[] {
  const want = { data: target.data, metadata: target.metadata, system: target.metadata } as const;
  const left: string[] = [];
  for (const type of ['data', 'metadata', 'system'] as const) {
    const other = profiles[type].filter((p) => p !== want[type]);
    if (other.length > 0) left.push(`${type} ${other.join('+')}`);
  }
  return left;
}

/** A balance that started this long before the job's clock still counts as the job's (dmesg's clock may lag). */
const KERNEL_CLOCK_SLACK_MS = 60_000;

/** Block-device names of the pool's present members (`loop0`, `sdb`): how the kernel log names the pool. */
export async function poolDeviceNames(host: Host, poolUuid: string): Promise<string[]> {
  return (await host.readDir(`/sys/fs/btrfs/${poolUuid}/devices`)) ?? [];
}

/**
 * The kernel's btrfs lines, and the device names that stand for the pool in them: its members now,
 * plus the name it was mounted by (fixed while mounted, even once that disk left the pool).
 */
export async function poolKernelLines(host: Host, op: { poolUuid: string; startedAt: string }): Promise<{ lines: KernelLogLine[]; devices: string[] }> {
  const members = await poolDeviceNames(host, op.poolUuid);
  let text = '';
  try {
    text = (await host.run(jobCmd.kernelLog())).stdout;
  } catch {
    return { lines: [], devices: members };
  }
  const lines = parseKernelLog(text);
  return { lines, devices: [...new Set([...members, ...kernelNamesOf(lines, text, op.poolUuid)])] };
}

/** A reason for a failure the kernel logged for the pool since the job started; null when none. */
async function kernelReason(host: Host, op: KernelOp): Promise<FailureReason | null> {
  const { lines, devices } = await poolKernelLines(host, op);
  const since = new Date(new Date(op.startedAt).getTime() - KERNEL_CLOCK_SLACK_MS);
  return reasonInText(...poolLinesSince(lines, devices, since).map((l) => l.message));
}

/** How the kernel says the job's balance ended; null when it has not said (yet). */
async function kernelBalanceEnd(host: Host, op: Extract<KernelOp, { type: 'balance' }>): Promise<BalanceEnd | null> {
  const { lines, devices } = await poolKernelLines(host, op);
  return balanceEndOf(lines, devices, new Date(new Date(op.startedAt).getTime() - KERNEL_CLOCK_SLACK_MS));
}

/** The failed outcome for a balance the kernel ended with a non-zero status, in words. */
function balanceFailed(end: Extract<BalanceEnd, { ended: 'status' }>, what: string): Outcome {
  const reason = reasonForErrno(end.status);
  const why = reason ? reason.words : `the kernel ended it with error ${end.status}`;
  const count = end.enospcErrors ? ` (${end.enospcErrors} chunk(s) could not be moved)` : '';
  return { state: 'failed', message: `${what} failed: ${why}${count}.${reason ? ` ${reason.next}` : ''}` };
}

async function observeBalance(host: Host, op: Extract<KernelOp, { type: 'balance' }>, ctx: ObserveContext): Promise<Observation> {
  const out = await host.run(jobCmd.balanceStatus(op.mountPoint));
  const st = parseBalanceStatus(out.stdout);
  const said = out.stdout.trim().split('\n').map((l) => l.trim()).join(' / ');
  if (st.state !== 'idle') {
    const chunks = st.chunksTotal === null ? '' : `${st.chunksBalanced} of about ${st.chunksTotal} chunks balanced`;
    const detail = [chunks, st.state === 'running' ? null : st.state].filter(Boolean).join(', ');
    return running({ percent: st.percentDone, etaSeconds: null, detail: detail || st.state }, said);
  }
  // `balance status` only says that no balance runs now: how it ended is in the kernel log
  // (`balance: ended with status: -28`) — a --bg balance the kernel aborted exits 0 all the same.
  const end = await kernelBalanceEnd(host, op);
  const what = op.convert ? 'the convert' : 'the full balance';
  const kernelSaid = end === null ? said : `${said} / kernel: ${end.ended === 'status' ? `balance ended with status ${end.status}` : `balance ${end.ended}`}`;
  if (end?.ended === 'canceled') {
    return ended({ state: 'cancelled', message: `${what} was cancelled; the chunks it moved so far stay where they are now` }, kernelSaid);
  }
  if (end?.ended === 'status' && end.status !== 0) return ended(balanceFailed(end, what), kernelSaid);
  if (op.convert) {
    const usage = parseFiUsage((await host.run(cmd.fiUsage(op.mountPoint))).stdout);
    const left = unconverted(usage.profiles, op.convert);
    if (left.length === 0) {
      const summary = `every chunk is ${op.convert.data} (data) / ${op.convert.metadata} (metadata, system)`;
      return ended({ state: 'succeeded', message: null, result: { summary, scrub: null } }, kernelSaid, { percent: 100, etaSeconds: null, detail: summary });
    }
    if (ctx.starting) return startingUp(said);
    return ended({ state: 'failed', message: `the balance ended with chunks still not converted (${left.join(', ')}); it was cancelled or failed (the kernel log says why)` }, kernelSaid);
  }
  if (end?.ended === 'status') {
    return ended({ state: 'succeeded', message: null, result: { summary: 'the kernel finished the balance without error', scrub: null } }, kernelSaid,
      { percent: 100, etaSeconds: null, detail: null });
  }
  if (ctx.starting) return startingUp(said);
  return ended({
    state: 'failed',
    message: 'the balance is no longer running, but the kernel log has no "balance: ended" line for this pool, so poolwatch cannot confirm it finished; ' +
      'check the kernel log (dmesg) and the chunk profiles before relying on it',
  }, said);
}

export function scrubResultOf(st: ScrubStatus): ScrubResult {
  const e = st.errorSummary ?? { read: 0, super: 0, verify: 0, csum: 0, corrected: 0, uncorrectable: 0, unverified: 0 };
  return {
    state: st.state,
    bytesScrubbed: st.bytesScrubbed,
    durationSeconds: st.durationSeconds,
    errorsFound: e.read + e.csum + e.verify + e.super,
    corrected: e.corrected,
    uncorrectable: e.uncorrectable,
    unverified: e.unverified,
    read: e.read,
    csum: e.csum,
    verify: e.verify,
    super: e.super,
  };
}

export function scrubSummary(r: ScrubResult): string {
  if (r.errorsFound === 0 && r.uncorrectable === 0) return 'scrub found no errors';
  return `scrub found ${counted(r.errorsFound, 'error')}: ${r.corrected} corrected, ${r.uncorrectable} uncorrectable`;
}

async function observeScrub(host: Host, op: Extract<KernelOp, { type: 'scrub' }>, ctx: ObserveContext): Promise<Observation> {
  const out = await host.run(jobCmd.scrubStatus(op.mountPoint));
  const st = parseScrubStatus(out.stdout);
  const startedAtLocal = st.startedLocal ? parseLocalIso(st.startedLocal) : null;
  const ours = startedAtLocal !== null && startedSince(startedAtLocal, new Date(op.startedAt));
  const said = `scrub ${st.state}${st.percentDone === null ? '' : `, ${st.percentDone}% done`}${st.rate ? `, ${st.rate}` : ''}`;
  if (st.state === 'running' && (ours || startedAtLocal === null)) {
    return running({ percent: st.percentDone, etaSeconds: st.etaSeconds, detail: said }, said);
  }
  if (st.state === 'no-stats' && ctx.ending) return settling(said);
  if (!ours || st.state === 'no-stats' || st.state === 'running') {
    if (ctx.starting) return startingUp(said);
    return ended({ state: 'failed', message: `the scrub did not start; btrfs scrub status says "${said}"` }, said);
  }
  // Exact counters for the result; the human form rounds sizes.
  let final = st;
  try {
    final = parseScrubStatus((await host.run(jobCmd.scrubStatusRaw(op.mountPoint))).stdout);
  } catch {
    // The human summary still carries the error counts.
  }
  const result = scrubResultOf(final);
  const summary = scrubSummary(result);
  switch (st.state) {
    case 'finished':
      return ended({ state: 'succeeded', message: null, result: { summary, scrub: result } }, said, { percent: 100, etaSeconds: null, detail: summary });
    case 'aborted':
      return ended({ state: 'cancelled', message: `the scrub was cancelled (${summary} so far); it can be resumed`, result: { summary, scrub: result } }, said);
    default:
      return ended({ state: 'interrupted', message: `the scrub was interrupted (unmount, or it stopped on a degraded pool); it can be resumed (${summary} so far)`, result: { summary, scrub: result } }, said);
  }
}

/** Bytes allocated on one member per `btrfs device usage`, or null when it is not listed. */
export function allocatedBytesOf(deviceUsageText: string, devid: number): number | null {
  const dev = parseDeviceUsage(deviceUsageText).devices.find((d) => d.devid === devid);
  return dev ? dev.allocations.reduce((s, a) => s + a.bytes, 0) : null;
}

/** Share of the baseline that has moved off the member, 0–100. */
export function removeProgressPercent(baselineBytes: number, allocatedNow: number): number {
  if (baselineBytes <= 0) return 100;
  const done = ((baselineBytes - allocatedNow) / baselineBytes) * 100;
  return Math.round(Math.min(100, Math.max(0, done)) * 10) / 10;
}

async function observeDeviceRemove(host: Host, op: Extract<KernelOp, { type: 'device-remove' }>): Promise<Observation> {
  const exop = await exclusiveOperation(host, op.poolUuid);
  if (exop === 'device remove') {
    let percent: number | null = null;
    if (op.devid !== null && op.baselineBytes !== null) {
      const now = allocatedBytesOf((await host.run(cmd.deviceUsage(op.mountPoint))).stdout, op.devid);
      if (now !== null) percent = removeProgressPercent(op.baselineBytes, now);
    }
    return running({ percent, etaSeconds: null, detail: 'device remove: moving chunks off the member' }, `exclusive_operation: ${exop}`);
  }
  const said = `exclusive_operation: ${exop ?? 'none'}`;
  if (op.devid === null) {
    return ended({ state: 'interrupted', message: 'the remove is no longer running; which member it removed is not known' }, said);
  }
  // Not sysfs: after `device remove missing` the kernel leaves devinfo/<devid> behind (missing=1).
  let usage: string;
  try {
    usage = (await host.run(cmd.deviceUsage(op.mountPoint))).stdout;
  } catch (err) {
    return ended({ state: 'interrupted', message: `cannot read the pool's members (${(err as Error).message}): whether the remove finished is unknown` }, said);
  }
  if (!parseDeviceUsage(usage).devices.some((d) => d.devid === op.devid)) {
    return ended({ state: 'succeeded', message: null, result: { summary: `devid ${op.devid} is no longer a member`, scrub: null } }, said,
      { percent: 100, etaSeconds: null, detail: null });
  }
  return ended({ state: 'interrupted', message: `the remove is no longer running and devid ${op.devid} is still a member (it was cancelled, failed, or stopped with poolwatch)` }, said);
}

/** The last btrfs lines of the kernel log: where a backgrounded operation says why it failed. */
export async function btrfsKernelMessages(host: Host, max = 10): Promise<string[]> {
  try {
    const out = await host.run(jobCmd.dmesg());
    return out.stdout.split('\n').filter((l) => l.includes('BTRFS')).slice(-max);
  } catch {
    return [];
  }
}
