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
  StepStatus,
} from '../../contracts/health.ts';
import { addThenRemoveBlock, removeMissingBlock, replaceMissingBlock } from './gates.ts';
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
  type MountMode,
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
  return degradedRoute(s, mountMode(pool));
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

/**
 * A pool missing members it survives: the whole route from the start — mount degraded,ro, refresh
 * backups and remount degraded,rw, repair, verify — each step marked done / now / next by the
 * stage the pool is in, and a route that cannot run on this pool shown blocked with why.
 */
function degradedRoute(s: Situation, mode: MountMode): Maintenance {
  const stage: Stage = mode === 'unmounted' ? 'mount' : mode === 'rw-degraded' ? 'repair' : 'backups';
  const steps = new StepList(s, stage);
  const known = s.redundancy.known;
  steps.stage = 'mount';
  steps.add('rescan-devices', ['btrfs', 'device', 'scan']);
  steps.add('create-mount-point', ['mkdir', '-p', '--', s.mountPoint], { optional: true });
  // The same argv the actions run (server/host/job-commands.ts): what the admin copies is what poolwatch would run.
  steps.add('mount-degraded-ro', ['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', mountSourceFor(s.pool), s.mountPoint]);
  if (!known && stage === 'mount') steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  steps.stage = 'backups';
  if (mode === 'rw-not-degraded') steps.add('remount-ro', ['mount', '-o', 'remount,ro', '--', s.mountPoint]);
  if (!known && stage === 'backups') steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
  steps.add('refresh-backups', null);
  steps.add('remount-degraded-rw', ['mount', '-o', 'remount,rw,degraded', '--', s.mountPoint]);
  steps.stage = 'repair';
  const route = repairStage(s, steps);
  if (route.recommended !== null) {
    steps.stage = 'verify';
    afterRepairSteps(s, s.redundancy as KnownRedundancy, steps);
  }
  const warnings: MaintenanceWarningCode[] = [];
  switch (mode) {
    case 'unmounted':
      warnings.push('backups-first', ...riskWarnings(s));
      if (kernelTooOld(s)) warnings.push('kernel-too-old');
      return build(s, 'mount-degraded-ro', null, [], steps, warnings);
    case 'ro':
      return build(s, 'refresh-backups-then-rw', null, [], steps, ['backups-first', 'degraded-sticky', ...riskWarnings(s)]);
    case 'rw-not-degraded':
      return build(s, 'remount-ro-first', null, [], steps, ['backups-first', 'degraded-sticky', ...riskWarnings(s)]);
    case 'rw-degraded':
      warnings.push(...route.warnings);
      if (route.recommended !== null) warnings.push('degraded-sticky', 'scrub-after-rw');
      else if (known) warnings.push('degraded-sticky');
      warnings.push(...riskWarnings(s));
      return build(s, 'repair', route.recommended, route.alternatives, steps, warnings, route.facts);
  }
}

/** The repair routes open to a pool mounted degraded,rw by its profile and member count, best first. */
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

interface RouteChoice {
  recommended: RecommendedAction | null;
  alternatives: RecommendedAction[];
  warnings: MaintenanceWarningCode[];
  facts: Partial<StateFacts>;
}

/**
 * The repair stage: the routes the profile allows, an attached spare first (replace copies only
 * what the missing member held), each checked against the same gates the actions' pre-flight
 * applies (space verdicts, the minimum member count, a disk to use). The first route that can run
 * is recommended and its steps listed; routes that cannot run are listed blocked, with why; when
 * none can, the plan is to keep the pool read-only and copy the data off (or free space first).
 */
function repairStage(s: Situation, steps: StepList): RouteChoice {
  const r = s.redundancy;
  if (!r.known) {
    if (steps.current === 'repair') steps.add('identify-profiles', ['btrfs', 'filesystem', 'usage', '-T', s.mountPoint]);
    return { recommended: null, alternatives: [], warnings: [], facts: {} };
  }
  const base = repairRoutes(r, s.attached);
  const spares = new SparePicker(s.ctx.spareDisks);
  const spareAttached = s.missing.devids.length > 0 && s.missing.devids.every((d) => spares.peek(missingMemberSizeBytes(s.pool, d) ?? largestMemberBytes(s.pool)));
  let order: RecommendedAction[] = [base.recommended!, ...base.alternatives];
  // With a disk to use: replace, else add-then-remove; remove-missing last (it needs the most room).
  const SPARE_FIRST: readonly RecommendedAction[] = ['replace-missing', 'add-then-remove-missing', 'remove-missing'];
  if (spareAttached) order = [...order].sort((a, b) => SPARE_FIRST.indexOf(a) - SPARE_FIRST.indexOf(b));
  // Parity pools above the minimum never get replace (discouraged); every other pool sees all three routes.
  if (!r.parity && !order.includes('remove-missing')) order.push('remove-missing');
  const space = s.ctx.space ?? null;
  const blockedWhy = (route: RecommendedAction): string | null => {
    switch (route) {
      case 'remove-missing':
        return removeMissingBlock(s.pool, space);
      case 'add-then-remove-missing':
        return addThenRemoveBlock(space);
      case 'replace-missing': {
        const reasons = s.missing.devids.map((d) => [d, replaceMissingBlock(space, d)] as const).filter(([, why]) => why !== null);
        return reasons.length === 0 ? null : reasons.map(([d, why]) => (s.missing.devids.length > 1 ? `devid ${d}: ${why}` : why)).join(' ');
      }
    }
  };
  const runnable = order.filter((a) => blockedWhy(a) === null);
  // Not runnable only because of the minimum: below it, remove-missing was never a route (repairRoutes).
  const recommended = runnable[0] ?? null;
  const alternatives = runnable.slice(1).filter((a) => base.recommended === a || base.alternatives.includes(a) || a === 'replace-missing');
  const warnings: MaintenanceWarningCode[] = [];
  switch (recommended) {
    case 'remove-missing':
      steps.add('remove-missing', ['btrfs', 'device', 'remove', 'missing', s.mountPoint]);
      addDeviceSteps(s, steps, spares, 1, { optional: true });
      warnings.push('removal-slow');
      break;
    case 'replace-missing':
      replaceSteps(s, steps, spares);
      if (s.attached < r.guidanceMinDevices) warnings.push('below-minimum');
      break;
    case 'add-then-remove-missing':
      addDeviceSteps(s, steps, spares, Math.max(1, r.guidanceMinDevices - s.attached), { optional: false });
      steps.add('remove-missing', ['btrfs', 'device', 'remove', 'missing', s.mountPoint]);
      if (s.attached < r.guidanceMinDevices) warnings.push('below-minimum');
      warnings.push('removal-slow');
      break;
    case null:
      break;
  }
  if (r.parity) warnings.push('replace-discouraged-parity');
  // The routes that cannot run here, shown as such (remove-missing inside add-then-remove is that route's own step).
  for (const route of order) {
    const why = blockedWhy(route);
    if (why === null || route === recommended) continue;
    if (route === 'remove-missing' && recommended === 'add-then-remove-missing') continue;
    blockedRouteSteps(s, steps, route, why);
  }
  if (recommended === null) noRouteSteps(s, steps);
  return { recommended, alternatives, warnings, facts: { spareAttached, noRouteFits: recommended === null } };
}

function blockedRouteSteps(s: Situation, steps: StepList, route: RecommendedAction, why: string): void {
  switch (route) {
    case 'remove-missing':
      steps.add('remove-missing', ['btrfs', 'device', 'remove', 'missing', s.mountPoint], { blocked: why });
      break;
    case 'replace-missing':
      for (const devid of s.missing.devids) {
        steps.add('replace-missing', ['btrfs', 'replace', 'start', String(devid), NEW_DEVICE_PLACEHOLDER, s.mountPoint], { blocked: why, facts: { devid } });
      }
      break;
    case 'add-then-remove-missing':
      steps.add('add-device', ['btrfs', 'device', 'add', NEW_DEVICE_PLACEHOLDER, s.mountPoint], { blocked: why });
      break;
  }
}

/** Nothing fits: keep it read-only and copy the data off; or free space and compact (docs/recovery-space.md rules 4 and 5). */
function noRouteSteps(s: Situation, steps: StepList): void {
  const verdicts = s.ctx.space?.verdicts ?? [];
  const remedy = (kind: string) => verdicts.flatMap((v) => v.remedies).find((x) => x.kind === kind) ?? null;
  steps.add('copy-data-off', ['mount', '-o', 'remount,ro', '--', s.mountPoint]);
  const free = remedy('free-space');
  steps.add('free-and-compact', ['btrfs', 'balance', 'start', '-dusage=0', '-musage=0', s.mountPoint], { optional: true, facts: { note: free?.text ?? null } });
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
    steps.add('replace-failing', ['btrfs', 'replace', 'start', '-r', String(devid), spare.path ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
      facts: { devid, spare: spare.name, spareChoices: spare.choices, member: describeMember(s.pool, devid) },
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
      steps.add('replace-if-rising', ['btrfs', 'replace', 'start', '-r', String(devid), spare.path ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
        optional: true,
        facts: { devid, spare: spare.name, spareChoices: spare.choices, member: describeMember(s.pool, devid) },
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
    steps.add('add-device', ['btrfs', 'device', 'add', spare.path ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint], {
      optional: opts.optional,
      facts: { spare: spare.name, spareChoices: spare.choices },
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
      ['btrfs', 'replace', 'start', devid === null ? DEVID_PLACEHOLDER : String(devid), spare.path ?? NEW_DEVICE_PLACEHOLDER, s.mountPoint],
      { facts: { devid, spare: spare.name, spareChoices: spare.choices } },
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

/** The stages of the degraded route, in order. */
type Stage = 'mount' | 'backups' | 'repair' | 'verify';
const STAGES: readonly Stage[] = ['mount', 'backups', 'repair', 'verify'];

class StepList {
  readonly steps: MaintenanceStep[] = [];
  private readonly seen = new Map<string, number>();
  /** The stage the steps added now belong to (degraded route only). */
  stage: Stage | null = null;
  /**
   * `current`: the stage the pool is in, for the degraded route: earlier stages are done, later
   * ones next. Without it (the other states) the first step is now and the rest next.
   */
  constructor(
    private readonly s: Situation,
    readonly current: Stage | null = null,
  ) {}

  private statusOf(blocked: string | null): StepStatus {
    if (blocked !== null) return 'blocked';
    if (this.current === null || this.stage === null) return this.steps.some((x) => x.status === 'now') ? 'next' : 'now';
    const d = STAGES.indexOf(this.stage) - STAGES.indexOf(this.current);
    return d < 0 ? 'done' : d === 0 ? 'now' : 'next';
  }

  add(
    kind: MaintenanceStepKind,
    command: string[] | null,
    opts: { optional?: boolean; facts?: Partial<StepFacts>; blocked?: string } = {},
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
    const blocked = opts.blocked ?? null;
    this.steps.push({
      // Unique within the guidance: the kind, then `-2`, `-3`… when a kind repeats.
      id: n === 1 ? kind : `${kind}-${n}`,
      kind,
      status: this.statusOf(blocked),
      blockedReason: blocked,
      title: entry.title(facts),
      text: entry.text(facts),
      why: entry.why,
      optional: opts.optional ?? false,
      command,
      commandText: command === null ? null : commandText(command),
    });
  }
}

/**
 * Hands out each spare once, smallest fitting first — but names one in a step only when it is the
 * only unused disk that fits: with several attached, which one is the admin's to choose (an unused
 * disk may be a backup disk not yet formatted), so the command keeps <new-device> and the text says
 * how many fit; the action's form lists them by identity.
 */
class SparePicker {
  private readonly left: SpareDisk[];
  constructor(spares: readonly SpareDisk[]) {
    this.left = [...spares];
  }
  /** Whether a spare of at least `minBytes` is left (without taking it). */
  peek(minBytes: number): boolean {
    return pickSpare(this.left, minBytes) !== null;
  }
  /** The one spare of at least `minBytes` (its path and name), or how many fit when not exactly one does. */
  take(minBytes: number): { path: string | null; name: string | null; choices: number } {
    const fitting = this.left.filter((d) => d.path && d.sizeBytes >= minBytes);
    const spare = fitting.length === 1 ? fitting[0]! : null;
    if (!spare?.path) return { path: null, name: null, choices: fitting.length };
    this.left.splice(this.left.indexOf(spare), 1);
    return { path: spare.path, name: spare.name ?? spare.path, choices: 1 };
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
