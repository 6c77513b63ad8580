/**
 * The "Maintenance required" state machine: for a pool with missing members, which
 * state it is in, what to do next, and what to watch out for. Its order of precedence:
 *
 *   nothing missing                         → null (no guidance)
 *   missing > failures tolerated            → beyond-redundancy (even while an operation runs:
 *                                             losing data outranks waiting for a balance)
 *   an exclusive operation holds the pool   → operation-running (btrfs refuses a second one)
 *   unmounted                               → mount-degraded-ro
 *   mounted ro (degraded or not)            → refresh-backups-then-rw
 *   mounted rw without `degraded`           → remount-ro-first
 *   mounted rw with `degraded`              → repair
 *
 * Unknown profiles never yield beyond-redundancy (see verdict.ts); they follow the mount states,
 * with a `profiles-unknown` warning, and `repair` recommends nothing until the profile is known.
 */
import type { Pool } from '../../contracts/api.ts';
import type {
  Maintenance,
  MaintenanceState,
  MaintenanceStep,
  MaintenanceStepKind,
  MaintenanceWarning,
  MaintenanceWarningCode,
  RecommendedAction,
} from '../../contracts/health.ts';
import { commandText, DEVID_PLACEHOLDER, NEW_DEVICE_PLACEHOLDER } from './command.ts';
import type { AssessContext, SpareDisk } from './context.ts';
import {
  attachedMembers,
  describeMember,
  largestMemberBytes,
  missingMemberSizeBytes,
  mountMode,
  mountPointFor,
  mountSourceFor,
  pickSpare,
  runningOperation,
  type MissingFacts,
} from './pool-facts.ts';
import { hasOption } from './mount-options.ts';
import { kernelAtLeast, PROFILE_RULES, type KnownRedundancy, type PoolRedundancy } from './profiles.ts';
import { ACTION_LABEL, STATE_TEXT, STEP_TEXT, WARNING_TEXT, type StateFacts, type StepFacts } from './text.ts';
import { redundancyVerdict } from './verdict.ts';

/** Everything the builders below read, computed once per pool. */
interface Situation {
  readonly pool: Pool;
  readonly ctx: AssessContext;
  readonly missing: MissingFacts;
  readonly redundancy: PoolRedundancy;
  readonly attached: number;
  readonly mountPoint: string;
  readonly operation: string | null;
}

export function planMaintenance(pool: Pool, ctx: AssessContext): Maintenance | null {
  const verdict = redundancyVerdict(pool);
  const s: Situation = {
    pool,
    ctx,
    missing: verdict.missing,
    redundancy: verdict.redundancy,
    attached: attachedMembers(pool, verdict.missing),
    mountPoint: mountPointFor(pool, ctx.mountRoot),
    operation: runningOperation(pool),
  };
  if (verdict.missing.count === 0) return nothingMissing(s);
  if (verdict.beyondRedundancy) return beyondRedundancy(s);
  if (s.operation !== null) return operationRunning(s, s.operation);
  switch (mountMode(pool)) {
    case 'unmounted':
      return mountDegradedRo(s);
    case 'ro':
      return refreshBackupsThenRw(s);
    case 'rw-not-degraded':
      return remountRoFirst(s);
    case 'rw-degraded':
      return repair(s);
  }
}

// ---------------------------------------------------------------------------------------------
// States

function beyondRedundancy(s: Situation): Maintenance {
  const steps = new StepList(s);
  if (s.pool.mounted) steps.add('copy-off-now', null);
  steps.add('reattach-missing', null);
  steps.add('rescan-devices', ['btrfs', 'device', 'scan']);
  if (!s.pool.mounted && metadataSurvives(s)) {
    steps.add('create-mount-point', ['mkdir', '-p', '--', s.mountPoint], { optional: true });
    steps.add('salvage-degraded-ro', ['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', mountSourceFor(s.pool), s.mountPoint], { optional: true });
  }
  steps.add('restore-from-backup', null);
  steps.add('support-bundle', null);
  return build(s, 'beyond-redundancy', null, [], steps, []);
}

function operationRunning(s: Situation, operation: string): Maintenance {
  const steps = new StepList(s);
  steps.add('operation-status', operationStatusCommand(operation, s.mountPoint));
  steps.add('wait-for-operation', null);
  const warnings: MaintenanceWarningCode[] = ['one-operation-at-a-time', ...riskWarnings(s)];
  if (hasOption(s.pool.mountOptions, 'degraded')) warnings.push('degraded-sticky');
  return build(s, 'operation-running', null, [], steps, warnings);
}

function mountDegradedRo(s: Situation): Maintenance {
  const steps = new StepList(s);
  steps.add('rescan-devices', ['btrfs', 'device', 'scan']);
  steps.add('create-mount-point', ['mkdir', '-p', '--', s.mountPoint], { optional: true });
  // The same argv the actions run (server/host/job-commands.ts): what the admin copies is what poolwatch would run.
  steps.add('mount-degraded-ro', ['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', mountSourceFor(s.pool), s.mountPoint]);
  if (!s.redundancy.known) steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  steps.add('refresh-backups', null);
  const warnings: MaintenanceWarningCode[] = ['backups-first', ...riskWarnings(s)];
  if (kernelTooOld(s)) warnings.push('kernel-too-old');
  return build(s, 'mount-degraded-ro', null, [], steps, warnings);
}

function refreshBackupsThenRw(s: Situation): Maintenance {
  const steps = new StepList(s);
  if (!s.redundancy.known) steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  steps.add('refresh-backups', null);
  steps.add('remount-degraded-rw', ['mount', '-o', 'remount,rw,degraded', '--', s.mountPoint]);
  return build(s, 'refresh-backups-then-rw', null, [], steps, ['backups-first', 'degraded-sticky', ...riskWarnings(s)]);
}

function remountRoFirst(s: Situation): Maintenance {
  const steps = new StepList(s);
  steps.add('remount-ro', ['mount', '-o', 'remount,ro', '--', s.mountPoint]);
  if (!s.redundancy.known) steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  steps.add('refresh-backups', null);
  steps.add('remount-degraded-rw', ['mount', '-o', 'remount,rw,degraded', '--', s.mountPoint]);
  return build(s, 'remount-ro-first', null, [], steps, ['backups-first', 'degraded-sticky', ...riskWarnings(s)]);
}

/** The repair routes open to a pool mounted degraded,rw, best first. */
export function repairRoutes(
  redundancy: PoolRedundancy,
  attached: number,
): { recommended: RecommendedAction | null; alternatives: RecommendedAction[] } {
  if (!redundancy.known) return { recommended: null, alternatives: [] };
  const belowMinimum = attached < redundancy.guidanceMinDevices;
  if (!belowMinimum) {
    // Replace stays a valid choice on mirrors; on parity it is discouraged (WARNING_TEXT).
    return {
      recommended: 'remove-missing',
      alternatives: redundancy.parity ? ['add-then-remove-missing'] : ['replace-missing', 'add-then-remove-missing'],
    };
  }
  if (redundancy.parity) return { recommended: 'add-then-remove-missing', alternatives: [] };
  return { recommended: 'replace-missing', alternatives: ['add-then-remove-missing'] };
}

function repair(s: Situation): Maintenance {
  const { recommended, alternatives } = repairRoutes(s.redundancy, s.attached);
  const steps = new StepList(s);
  const warnings: MaintenanceWarningCode[] = [];
  const r = s.redundancy;
  if (!r.known || recommended === null) {
    steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
    return build(s, 'repair', null, [], steps, ['degraded-sticky', ...riskWarnings(s)]);
  }
  const spares = new SparePicker(s.ctx.spareDisks);
  switch (recommended) {
    case 'remove-missing':
      steps.add('remove-missing', ['btrfs', 'device', 'remove', 'missing', s.mountPoint]);
      addDeviceSteps(s, steps, spares, 1, { optional: true });
      warnings.push('removal-slow');
      break;
    case 'replace-missing':
      replaceSteps(s, steps, spares);
      warnings.push('below-minimum');
      break;
    case 'add-then-remove-missing':
      addDeviceSteps(s, steps, spares, Math.max(1, r.guidanceMinDevices - s.attached), { optional: false });
      steps.add('remove-missing', ['btrfs', 'device', 'remove', 'missing', s.mountPoint]);
      warnings.push('below-minimum', 'removal-slow');
      break;
  }
  afterRepairSteps(s, r, steps);
  if (r.parity) warnings.push('replace-discouraged-parity');
  warnings.push('degraded-sticky', 'scrub-after-rw', ...riskWarnings(s));
  return build(s, 'repair', recommended, alternatives, steps, warnings);
}

/**
 * Nothing missing: a failing member (SMART) comes first, then recorded errors, then a scrub owed
 * after a repair; else no guidance. A running operation holds the pool whatever the reason.
 */
function nothingMissing(s: Situation): Maintenance | null {
  const present = new Set(s.pool.devices.filter((d) => !d.missing).map((d) => d.devid));
  const failing = (s.ctx.smart ?? []).filter((m) => m.status === 'failing' && present.has(m.devid)).map((m) => m.devid);
  const erroring = s.pool.devices.filter((d) => !d.missing && d.errors && Object.values(d.errors).some((n) => n > 0)).map((d) => d.devid);
  const scrubOwed = Boolean(s.ctx.repairedAt) && (!s.ctx.scrubbedAt || s.ctx.scrubbedAt < s.ctx.repairedAt!);
  if (failing.length === 0 && erroring.length === 0 && !scrubOwed) return null;
  if (s.operation !== null) return operationRunning(s, s.operation);
  if (failing.length > 0) return replaceFailing(s, failing);
  if (erroring.length > 0) return deviceErrors(s, erroring);
  return scrubAfterRepair(s);
}

const redundant = (s: Situation): boolean => s.redundancy.known && s.redundancy.failuresTolerated >= 1;
const members = (s: Situation, devids: readonly number[]): string => devids.map((d) => describeMember(s.pool, d)).join(', ');

function replaceFailing(s: Situation, failing: readonly number[]): Maintenance {
  const steps = new StepList(s);
  steps.add('refresh-backups', null, { optional: redundant(s) });
  const spares = new SparePicker(s.ctx.spareDisks);
  for (const devid of failing) {
    const spare = spares.take(memberSizeBytes(s.pool, devid));
    steps.add('replace-failing', ['btrfs', 'replace', 'start', '-r', String(devid), spare ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
      facts: { devid, spare, member: describeMember(s.pool, devid) },
    });
  }
  steps.add('replace-status', ['btrfs', 'replace', 'status', s.mountPoint]);
  for (const devid of failing) {
    steps.add('resize-max', ['btrfs', 'filesystem', 'resize', `${devid}:max`, s.mountPoint], { optional: true, facts: { devid } });
  }
  steps.add('scrub', ['btrfs', 'scrub', 'start', s.mountPoint]);
  const warnings: MaintenanceWarningCode[] = redundant(s) ? ['one-operation-at-a-time'] : ['no-other-copy', 'backups-first', 'one-operation-at-a-time'];
  return build(s, 'replace-failing', null, [], steps, warnings, { failing: members(s, failing) });
}

function deviceErrors(s: Situation, erroring: readonly number[]): Maintenance {
  const steps = new StepList(s);
  steps.add('scrub', ['btrfs', 'scrub', 'start', s.mountPoint]);
  for (const devid of erroring) {
    const path = s.pool.devices.find((d) => d.devid === devid)?.path ?? null;
    steps.add('check-smart', path ? ['smartctl', '-x', path] : null, { facts: { devid, member: describeMember(s.pool, devid) } });
  }
  steps.add('watch-counters', ['btrfs', 'device', 'stats', s.mountPoint]);
  steps.add('reset-counters', ['btrfs', 'device', 'stats', '-z', s.mountPoint], { optional: true });
  if (redundant(s)) {
    const spares = new SparePicker(s.ctx.spareDisks);
    for (const devid of erroring) {
      const spare = spares.take(memberSizeBytes(s.pool, devid));
      steps.add('replace-if-rising', ['btrfs', 'replace', 'start', '-r', String(devid), spare ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
        optional: true,
        facts: { devid, spare, member: describeMember(s.pool, devid) },
      });
    }
  }
  const warnings: MaintenanceWarningCode[] = ['reset-after-repair'];
  if (!redundant(s)) warnings.push('backups-first');
  return build(s, 'device-errors', null, [], steps, warnings, { erroring: members(s, erroring) });
}

function scrubAfterRepair(s: Situation): Maintenance {
  const steps = new StepList(s);
  steps.add('scrub', ['btrfs', 'scrub', 'start', s.mountPoint]);
  if (s.redundancy.known) afterRepairChecks(s, s.redundancy, steps);
  return build(s, 'scrub-after-repair', null, [], steps, []);
}

function memberSizeBytes(pool: Pool, devid: number): number {
  return pool.devices.find((d) => d.devid === devid)?.sizeBytes ?? largestMemberBytes(pool);
}

// ---------------------------------------------------------------------------------------------
// Step groups

function addDeviceSteps(s: Situation, steps: StepList, spares: SparePicker, count: number, opts: { optional: boolean }): void {
  const minBytes = largestMemberBytes(s.pool);
  for (let i = 0; i < count; i++) {
    const spare = spares.take(minBytes);
    steps.add('add-device', ['btrfs', 'device', 'add', spare ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
      optional: opts.optional,
      facts: { spare },
    });
  }
}

function replaceSteps(s: Situation, steps: StepList, spares: SparePicker): void {
  const unnamed = Math.max(0, s.missing.count - s.missing.devids.length);
  const targets: (number | null)[] = [...s.missing.devids, ...Array.from({ length: unnamed }, () => null)];
  if (unnamed > 0) steps.add('find-missing-devid', ['btrfs', 'device', 'usage', s.mountPoint]);
  for (const devid of targets) {
    const minBytes = (devid === null ? null : missingMemberSizeBytes(s.pool, devid)) ?? largestMemberBytes(s.pool);
    const spare = spares.take(minBytes);
    steps.add(
      'replace-missing',
      ['btrfs', 'replace', 'start', devid === null ? DEVID_PLACEHOLDER : String(devid), spare ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint],
      { facts: { devid, spare } },
    );
  }
  steps.add('replace-status', ['btrfs', 'replace', 'status', s.mountPoint]);
  for (const devid of targets) {
    steps.add('resize-max', ['btrfs', 'filesystem', 'resize', `${devid ?? DEVID_PLACEHOLDER}:max`, s.mountPoint], {
      optional: true,
      facts: { devid },
    });
  }
}

function afterRepairSteps(s: Situation, r: KnownRedundancy, steps: StepList): void {
  afterRepairChecks(s, r, steps);
  steps.add('scrub', ['btrfs', 'scrub', 'start', s.mountPoint]);
}

function afterRepairChecks(s: Situation, r: KnownRedundancy, steps: StepList): void {
  steps.add('check-mixed-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  const { data, metadata } = r.intended;
  steps.add('balance-convert-soft', ['btrfs', 'balance', 'start', `-dconvert=${data},soft`, `-mconvert=${metadata},soft`, s.mountPoint], {
    optional: true,
    facts: { profile: data === metadata ? data : `${data} (data) / ${metadata} (metadata)` },
  });
}

/** How to watch a running exclusive operation, when btrfs offers a way. */
function operationStatusCommand(operation: string, mountPoint: string): string[] | null {
  if (operation.startsWith('balance')) return ['btrfs', 'balance', 'status', mountPoint];
  if (operation === 'device replace') return ['btrfs', 'replace', 'status', mountPoint];
  // Removal is an internal balance that `balance status` cannot see; the member's usage shrinks.
  if (operation === 'device remove' || operation === 'device delete') return ['btrfs', 'device', 'usage', mountPoint];
  return null;
}

// ---------------------------------------------------------------------------------------------
// Warnings shared by several states

/** Risks that hold whatever the state: no redundancy left, parity, mixed chunks, unknown profile. */
function riskWarnings(s: Situation): MaintenanceWarningCode[] {
  const r = s.redundancy;
  if (!r.known) return ['profiles-unknown'];
  const out: MaintenanceWarningCode[] = [];
  if (s.missing.count >= r.failuresTolerated) out.push('no-redundancy-left');
  if (r.parity) out.push('parity-not-production');
  if (r.mixed || s.ctx.mixedProfiles === true) out.push('mixed-profiles-risk');
  return out;
}

/** Whether metadata and system still have a copy, so a degraded,ro mount may list the files. */
function metadataSurvives(s: Situation): boolean {
  const r = s.redundancy;
  if (!r.known) return false;
  return [r.intended.metadata, r.intended.system].every((p) => PROFILE_RULES[p].failuresTolerated >= s.missing.count);
}

function kernelTooOld(s: Situation): boolean {
  const r = s.redundancy;
  if (!r.known || r.minKernel === null || s.ctx.kernelRelease === undefined) return false;
  return kernelAtLeast(s.ctx.kernelRelease, r.minKernel) === false;
}

// ---------------------------------------------------------------------------------------------
// Assembly

class StepList {
  readonly steps: MaintenanceStep[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly s: Situation) {}

  add(
    kind: MaintenanceStepKind,
    command: string[] | null,
    opts: { optional?: boolean; facts?: Partial<StepFacts> } = {},
  ): void {
    const facts: StepFacts = {
      mountPoint: this.s.mountPoint,
      devid: null,
      missing: this.s.missing.count,
      spare: null,
      operation: this.s.operation,
      profile: this.s.redundancy.known ? this.s.redundancy.weakest : null,
      mounted: this.s.pool.mounted,
      paused: this.s.operation === 'balance paused',
      ...opts.facts,
    };
    const n = (this.seen.get(kind) ?? 0) + 1;
    this.seen.set(kind, n);
    const entry = STEP_TEXT[kind];
    this.steps.push({
      // Unique within the guidance: the kind, then `-2`, `-3`… when a kind repeats.
      id: n === 1 ? kind : `${kind}-${n}`,
      kind,
      title: entry.title(facts),
      text: entry.text(facts),
      why: entry.why,
      optional: opts.optional ?? false,
      command,
      commandText: command === null ? null : commandText(command),
    });
  }
}

/** Hands out each spare once, smallest fitting first. */
class SparePicker {
  private readonly left: SpareDisk[];
  constructor(spares: readonly SpareDisk[]) {
    this.left = [...spares];
  }
  /** The path of a spare of at least `minBytes`, or null when none with a path fits. */
  take(minBytes: number): string | null {
    const spare = pickSpare(
      this.left.filter((d) => d.path),
      minBytes,
    );
    if (!spare?.path) return null;
    this.left.splice(this.left.indexOf(spare), 1);
    return spare.path;
  }
}

function build(
  s: Situation,
  state: MaintenanceState,
  recommended: RecommendedAction | null,
  alternatives: RecommendedAction[],
  steps: StepList,
  warningCodes: MaintenanceWarningCode[],
  extra: Partial<StateFacts> = {},
): Maintenance {
  const r = s.redundancy;
  const facts: StateFacts = {
    ...extra,
    missing: s.missing.count,
    total: s.pool.totalDevices,
    attached: s.attached,
    profile: r.known ? r.weakest : null,
    tolerated: r.known ? r.failuresTolerated : null,
    operation: s.operation,
    recommended,
    guidanceMin: r.known ? r.guidanceMinDevices : null,
    guidanceProfile: r.known ? r.guidanceProfile : null,
  };
  const warnings: MaintenanceWarning[] = [...new Set(warningCodes)].map((code) => ({ code, text: WARNING_TEXT[code] }));
  return {
    state,
    headline: STATE_TEXT[state].headline(facts),
    summary: STATE_TEXT[state].summary(facts),
    recommended,
    alternatives,
    actionLabels: Object.fromEntries([...(recommended ? [recommended] : []), ...alternatives].map((a) => [a, ACTION_LABEL[a]])),
    steps: steps.steps,
    warnings,
  };
}
