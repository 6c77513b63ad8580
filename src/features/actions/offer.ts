/**
 * Which maintenance actions a pool offers right now, and how a guidance step, an alert or the
 * page address turns into one. Pure: the same facts the server's pre-flight reads (mounted, ro/rw,
 * missing devids, the exclusive operation, running jobs), so the page offers what would pass.
 */
import { ActionName, type BALANCE_MODES } from '../../../contracts/actions.ts';
import type { Alert, MaintenanceStep } from '../../../contracts/health.ts';
import { isCommandPlaceholder } from '../../../contracts/health.ts';
import { isActiveJobState, type Job } from '../../../contracts/jobs.ts';
import { gateFor, type PoolView } from '../../../contracts/views.ts';
import { JOB_KIND_TEXT } from '../../shared/job-kind-text.ts';
import { ACTIONS_TEXT } from '../../text/actions.ts';
import { SPACE_TEXT } from '../../text/space.ts';

const R = ACTIONS_TEXT.request;

export type BalanceMode = (typeof BALANCE_MODES)[number];

/** One action with what is already known about it (from a step, an alert, a link or a button). */
export interface ActionRequest {
  action: ActionName;
  devid?: number;
  /** A disk identity key, as GET /api/disks lists it. */
  disk?: string;
  /** A device path the guidance named (`/dev/sdf`), matched to a disk when the form opens. */
  diskPath?: string;
  readFromOtherMirrors?: boolean;
  size?: 'max' | number;
  mode?: BalanceMode;
  /** remove-missing / remove-device: move the metadata first (the space verdict's way around). */
  metadataFirst?: boolean;
  /** The job this dialog started: a reload (or a shared link) brings back the job, not a new form. */
  job?: string;
}

export interface OfferedAction {
  request: ActionRequest;
  label: string;
  /** What the pool's state calls for now. */
  primary: boolean;
  /** Cannot be undone: needs the typed label. */
  danger: boolean;
  /**
   * Why it cannot run on this pool now (space, below the minimum, no disk to use) — the server's
   * gate (PoolView.blocked), the same verdict its pre-flight refuses with; null when it can.
   */
  blocked: string | null;
}

/** Button text per action (the dialog title too): the same words as the job it starts. */
export const ACTION_TEXT: Record<ActionName, string> = JOB_KIND_TEXT;

/** The label a request gets on its button: more precise than the action's name where it can be. */
export function requestLabel(r: ActionRequest): string {
  if (r.action === 'replace' && r.devid !== undefined) return R.replaceDevid(r.devid);
  if (r.action === 'resize' && r.devid !== undefined && r.size === 'max') return R.growDevid(r.devid);
  if (r.action === 'resize' && r.devid !== undefined) return R.resizeDevid(r.devid);
  if (r.action === 'balance-start' && r.mode === 'convert-soft') return R.convert;
  if (r.action === 'balance-start' && r.mode === 'full') return R.fullBalance;
  if (r.action === 'remove-missing' && r.metadataFirst) return SPACE_TEXT.request.removeMissingMetadataFirst;
  if (r.action === 'remove-device' && r.devid !== undefined && r.metadataFirst) return SPACE_TEXT.request.removeDeviceMetadataFirst(r.devid);
  return ACTION_TEXT[r.action];
}

/** Asked to type the pool's label (the server decides; this styles their buttons): data at stake, or a pool taken away from its users. */
const DESTRUCTIVE: ReadonlySet<ActionName> = new Set(['replace', 'remove-missing', 'remove-device', 'reset-counters', 'unmount', 'wipe-old-member']);

/** Read-only when `ro` is the last of `ro`/`rw` (mount(8): a later one wins; neither means rw). */
export function isReadOnlyMount(options: readonly string[]): boolean {
  for (let i = options.length - 1; i >= 0; i--) {
    if (options[i] === 'ro') return true;
    if (options[i] === 'rw') return false;
  }
  return false;
}

/** The kernel's exclusive operation on the pool, or null when there is none. */
export function runningOperation(pool: Pick<PoolView, 'exclusiveOperation'>): string | null {
  const op = pool.exclusiveOperation?.trim() ?? '';
  return op === '' || op === 'none' ? null : op;
}

const isScrubJob = (j: Job) => j.kind === 'scrub-start' || j.kind === 'scrub-resume';

/**
 * The actions this pool offers now, the ones its state calls for first. `jobs`: the pool's
 * recent jobs, newest first (running ones hold the pool; the last scrub decides about resume).
 */
export function offeredActions(pool: PoolView, jobs: readonly Job[]): OfferedAction[] {
  const out: OfferedAction[] = [];
  const add = (request: ActionRequest, primary = false) => {
    const blocked = gateFor(pool.blocked, request.action, { devid: request.devid, mode: request.action === 'balance-start' ? (request.mode ?? 'convert-soft') : undefined })?.reason ?? null;
    out.push({ request, label: requestLabel(request), primary: primary && blocked === null, danger: DESTRUCTIVE.has(request.action), blocked });
  };
  const active = jobs.filter((j) => isActiveJobState(j.state));
  const op = runningOperation(pool);
  const missing = pool.missingCount > 0;
  const ro = isReadOnlyMount(pool.mountOptions);

  // Nothing done here brings the data back: reattach the disks or restore (the guidance says how).
  if (pool.maintenance?.state === 'beyond-redundancy') return out;
  if (op !== null && op.startsWith('balance')) {
    if (op === 'balance paused') {
      if (!ro) add({ action: 'balance-resume' }, true);
    } else {
      add({ action: 'balance-pause' });
    }
    add({ action: 'balance-cancel' });
    return out;
  }
  // btrfs runs one exclusive operation per pool; poolwatch also holds the pool during its own jobs.
  if (op !== null || active.some((j) => j.exclusive)) {
    if (active.some(isScrubJob)) add({ action: 'scrub-cancel' });
    return out;
  }
  if (!pool.mounted) {
    if (missing) add({ action: 'mount-degraded-ro' }, true);
    else if (pool.managed) add({ action: 'mount' }, true);
    return out;
  }
  if (ro) {
    if (missing || pool.mountOptions.includes('degraded')) add({ action: 'remount-degraded-rw' }, true);
  } else if (missing) {
    const rec = pool.maintenance?.recommended ?? null;
    if (pool.missingDevids.length === 0) add({ action: 'replace' }, rec === 'replace-missing');
    for (const devid of pool.missingDevids) add({ action: 'replace', devid }, rec === 'replace-missing');
    add({ action: 'remove-missing' }, rec === 'remove-missing');
    add({ action: 'add-devices' }, rec === 'add-then-remove-missing');
  } else {
    const codes = new Set(pool.health.alerts.map((a) => a.code));
    if (codes.has('mixed-profiles')) add({ action: 'balance-start', mode: 'convert-soft' }, true);
    for (const a of pool.health.alerts) {
      if (a.code === 'replace-slack' && typeof a.devid === 'number') add({ action: 'resize', devid: a.devid, size: 'max' }, true);
    }
    add({ action: 'replace' });
    add({ action: 'add-devices' });
    if (pool.devices.filter((d) => !d.missing).length > 1) add({ action: 'remove-device' });
    if (!codes.has('mixed-profiles')) add({ action: 'balance-start', mode: 'full' });
  }
  if (!missing) {
    const lastScrub = jobs.find(isScrubJob);
    if (lastScrub && (lastScrub.state === 'cancelled' || lastScrub.state === 'interrupted')) add({ action: 'scrub-resume' });
    add({ action: 'scrub-start' });
  }
  if (pool.devices.some((d) => d.errors && Object.values(d.errors).some((v) => v > 0))) add({ action: 'reset-counters' });
  if (pool.managed) add({ action: 'unmount' });
  return out;
}

/** The offer that carries out this request, if the pool's state offers it (runnable or blocked). */
export function offerFor(offers: readonly OfferedAction[], request: ActionRequest): OfferedAction | null {
  const same = offers.filter((o) => o.request.action === request.action && (request.action !== 'balance-start' || (o.request.mode ?? 'convert-soft') === (request.mode ?? 'convert-soft')));
  return same.find((o) => request.devid === undefined || o.request.devid === undefined || o.request.devid === request.devid) ?? same[0] ?? null;
}

/** Whether the pool offers this action now and it can run (a step's button shows only then). */
export function isOffered(offers: readonly OfferedAction[], request: ActionRequest): boolean {
  const o = offerFor(offers, request);
  return o !== null && o.blocked === null;
}

/** A command argument that is a real value, not `<new-device>`. */
const given = (arg: string | undefined): string | undefined => (arg === undefined || isCommandPlaceholder(arg) ? undefined : arg);

function devidArg(arg: string | undefined): number | undefined {
  const m = /^(\d+)(?::max)?$/.exec(given(arg) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The action that carries out a guidance step, prefilled from the step's command; null when it is done by hand. */
export function stepRequest(step: Pick<MaintenanceStep, 'kind' | 'command'>): ActionRequest | null {
  const argv = step.command ?? [];
  switch (step.kind) {
    case 'mount-degraded-ro':
      return { action: 'mount-degraded-ro' };
    case 'remount-degraded-rw':
      return { action: 'remount-degraded-rw' };
    case 'replace-failing':
    case 'replace-if-rising': {
      // btrfs replace start -r <devid> <new-device> <mount point>
      const devid = devidArg(argv[4]);
      return { action: 'replace', readFromOtherMirrors: true, ...(devid !== undefined && { devid }) };
    }
    case 'replace-missing': {
      // btrfs replace start <devid> <new-device> <mount point>
      const devid = devidArg(argv[3]);
      const diskPath = given(argv[4]);
      return { action: 'replace', ...(devid !== undefined && { devid }), ...(diskPath && { diskPath }) };
    }
    case 'remove-missing':
      return { action: 'remove-missing' };
    case 'add-device': {
      // btrfs device add <new-device> <mount point>
      const diskPath = given(argv[3]);
      return { action: 'add-devices', ...(diskPath && { diskPath }) };
    }
    case 'balance-convert-soft':
      return { action: 'balance-start', mode: 'convert-soft' };
    case 'resize-max': {
      // btrfs filesystem resize <devid>:max <mount point>
      const devid = devidArg(argv[3]);
      return { action: 'resize', size: 'max', ...(devid !== undefined && { devid }) };
    }
    case 'scrub':
      return { action: 'scrub-start' };
    case 'reset-counters':
      return { action: 'reset-counters' };
    default:
      return null;
  }
}

/** The action that fixes an alert, when one does. */
export function alertRequest(alert: Pick<Alert, 'code' | 'devid'>): ActionRequest | null {
  if (alert.code === 'mixed-profiles') return { action: 'balance-start', mode: 'convert-soft' };
  if (alert.code === 'replace-slack' && typeof alert.devid === 'number') return { action: 'resize', devid: alert.devid, size: 'max' };
  return null;
}

/** Address parameters of an open action dialog: `?action=replace&devid=3&readFromOtherMirrors=1`. */
export const ACTION_PARAMS = ['action', 'devid', 'disk', 'diskPath', 'readFromOtherMirrors', 'size', 'mode', 'job'] as const;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestToParams(r: ActionRequest, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of ACTION_PARAMS) p.delete(k);
  p.set('action', r.action);
  if (r.devid !== undefined) p.set('devid', String(r.devid));
  if (r.disk !== undefined) p.set('disk', r.disk);
  if (r.diskPath !== undefined) p.set('diskPath', r.diskPath);
  if (r.readFromOtherMirrors !== undefined) p.set('readFromOtherMirrors', r.readFromOtherMirrors ? '1' : '0');
  if (r.size !== undefined) p.set('size', String(r.size));
  if (r.mode !== undefined) p.set('mode', r.mode);
  if (r.job !== undefined) p.set('job', r.job);
  return p;
}

/** The request an address asks for; null when it names no known action. Bad values are dropped, not guessed. */
export function requestFromParams(p: URLSearchParams): ActionRequest | null {
  const action = ActionName.safeParse(p.get('action'));
  if (!action.success) return null;
  const r: ActionRequest = { action: action.data };
  const devid = p.get('devid');
  if (devid !== null && /^\d+$/.test(devid) && Number(devid) >= 1) r.devid = Number(devid);
  const disk = p.get('disk');
  if (disk) r.disk = disk;
  const diskPath = p.get('diskPath');
  if (diskPath) r.diskPath = diskPath;
  const rfm = p.get('readFromOtherMirrors');
  if (rfm === '1' || rfm === 'true') r.readFromOtherMirrors = true;
  else if (rfm === '0' || rfm === 'false') r.readFromOtherMirrors = false;
  const size = p.get('size');
  if (size === 'max') r.size = 'max';
  else if (size !== null && /^\d+$/.test(size) && Number(size) > 0) r.size = Number(size);
  const mode = p.get('mode');
  if (mode === 'convert-soft' || mode === 'full') r.mode = mode;
  const job = p.get('job');
  if (job !== null && JOB_ID.test(job)) r.job = job;
  return r;
}

/** Which dialog the address opens, whatever job it started: the dialog stays mounted when its job id is added. */
export function dialogKey(p: URLSearchParams): string {
  const k = new URLSearchParams(p);
  k.delete('job');
  return k.toString();
}

export function withoutActionParams(p: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(p);
  for (const k of ACTION_PARAMS) next.delete(k);
  return next;
}
