/**
 * The action dialog's form: its defaults from the pool and the request, the disks that can be
 * used, the request body it becomes, and the typed-label check. Pure.
 */
import { ActionOffer, type ActionName } from '../../../contracts/actions.ts';
import type { Disk, Profile } from '../../../contracts/api.ts';
import { SpaceVerdict } from '../../../contracts/space.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { diskName } from '../../shared/disk-name.ts';
import type { ActionRequest, BalanceMode } from './offer.ts';
import { ACTIONS_TEXT } from '../../text/actions.ts';

const P = ACTIONS_TEXT.problem;

export interface ActionForm {
  devid: number | null;
  /** replace: the disk identity key of the new disk ('' until chosen). */
  targetDisk: string;
  /** add-devices: the disk identity keys to add. */
  disks: string[];
  readFromOtherMirrors: boolean;
  wipe: boolean;
  force: boolean;
  sizeMode: 'max' | 'size';
  /** resize to a size: `500M`, `1.5G`, `1073741824`. */
  sizeText: string;
  mode: BalanceMode;
  /** '' = the pool's intended profile (the server picks it). */
  dataProfile: Profile | '';
  metadataProfile: Profile | '';
  /** remove-missing / remove-device: `balance start -m` first (offered by a space refusal). */
  metadataFirst: boolean;
  /**
   * wipe-old-member: the old member to wipe, from the link on that disk (the disks page). It is the
   * subject of the action, not a target picked for it; the typed confirmation names it again.
   */
  oldMember: string;
}

/** Actions whose form asks for something; the others go straight to the preview. */
const FORM_ACTIONS: ReadonlySet<ActionName> = new Set(['replace', 'resize', 'remove-device', 'add-devices', 'balance-start']);
export const needsForm = (action: ActionName): boolean => FORM_ACTIONS.has(action);

/** The member's status: present, missing, or not a member at all. */
export function memberState(pool: PoolView, devid: number | null): 'present' | 'missing' | null {
  if (devid === null) return null;
  const dev = pool.devices.find((d) => d.devid === devid);
  if (!dev) return pool.missingDevids.includes(devid) ? 'missing' : null;
  return dev.missing ? 'missing' : 'present';
}

/** The member's size as btrfs uses it; for a missing one what poolwatch remembers, else null. */
export function memberSizeBytes(pool: PoolView, devid: number | null): number | null {
  if (devid === null) return null;
  const dev = pool.devices.find((d) => d.devid === devid);
  if (dev && dev.sizeBytes > 0) return dev.sizeBytes;
  return pool.detached.find((d) => d.devid === devid)?.sizeBytes ?? null;
}

export const isParityPool = (pool: Pick<PoolView, 'profiles'>): boolean =>
  [...pool.profiles.data, ...pool.profiles.metadata].some((p) => p === 'raid5' || p === 'raid6');

const SIGNATURE_REASON = /^(\S+) signature$/;
const D = ACTIONS_TEXT.disk;

export { diskName };

export interface DiskChoice {
  key: string;
  path: string;
  sizeBytes: number | null;
  /** The filesystem signature that must be wiped first, or null for a blank disk. */
  signature: string | null;
  /** Smaller than the member it would replace (btrfs refuses). */
  tooSmall: boolean;
  label: string;
}

/**
 * Disks a replace or add may use: attached and unused, or carrying only a filesystem signature
 * (usable after a wipe the admin agrees to). Blank ones that fit come first, smallest first.
 */
export function diskChoices(disks: readonly Disk[], minBytes: number | null): DiskChoice[] {
  const out: DiskChoice[] = [];
  for (const d of disks) {
    if (!d.attached || !d.path) continue;
    let signature: string | null = null;
    if (d.role === 'in-use') {
      const m = SIGNATURE_REASON.exec(d.inUseReason ?? '');
      if (!m || m[1] === 'unclear') continue;
      signature = m[1]!;
    } else if (d.role !== 'unused') {
      continue;
    }
    const tooSmall = minBytes !== null && d.sizeBytes !== null && d.sizeBytes < minBytes;
    const notes = [...(signature ? [D.holds(signature)] : []), ...(tooSmall ? [D.tooSmall] : [])];
    out.push({ key: d.identity.key, path: d.path, sizeBytes: d.sizeBytes, signature, tooSmall, label: [diskName(d), ...notes].join(' · ') });
  }
  const rank = (c: DiskChoice) => (c.tooSmall ? 2 : 0) + (c.signature ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0) || a.path.localeCompare(b.path));
}

export interface IneligibleDisk {
  key: string;
  name: string;
  /** Why it is not offered, in words. */
  reason: string;
}

/**
 * The attached disks a replace or add does not offer, each with the reason (issue 10: the form says
 * why a disk the admin may be looking for is not there). Detached disks are not listed.
 */
export function ineligibleDisks(disks: readonly Disk[], poolUuid: string): IneligibleDisk[] {
  const out: IneligibleDisk[] = [];
  for (const d of disks) {
    if (!d.attached || !d.path) continue;
    const label = d.pool ? (d.pool.label ?? d.pool.uuid) : null;
    let reason: string;
    switch (d.role) {
      case 'unused':
      case 'detached':
        continue;
      case 'member':
        reason = d.pool?.uuid === poolUuid ? D.memberHere : D.memberOf(label);
        break;
      case 'stale-member':
        reason = D.staleOf(label);
        break;
      case 'in-use': {
        const m = SIGNATURE_REASON.exec(d.inUseReason ?? '');
        if (m && m[1] !== 'unclear') continue; // offered, with a wipe
        reason = D.inUse(d.inUseReason);
        break;
      }
    }
    out.push({ key: d.identity.key, name: diskName(d), reason });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A disk named by key, or by a device path (or /dev/disk/by-id name) the guidance printed. */
export function findDiskKey(disks: readonly Disk[], r: Pick<ActionRequest, 'disk' | 'diskPath'>): string | null {
  if (r.disk && disks.some((d) => d.identity.key === r.disk)) return r.disk;
  if (r.diskPath) {
    const d = disks.find((x) => x.path === r.diskPath || x.identity.byId.includes(r.diskPath!));
    if (d) return d.identity.key;
  }
  return null;
}

/**
 * The form an action opens with. Target disks are never pre-selected (issue 10): a disk the
 * guidance or a link named is only a suggestion; the admin picks it from the eligible ones.
 */
export function initialForm(r: ActionRequest, pool: PoolView, _disks: readonly Disk[]): ActionForm {
  let devid = r.devid ?? null;
  if (devid === null && r.action === 'replace') devid = pool.missingDevids[0] ?? null;
  const present = memberState(pool, devid) === 'present';
  return {
    devid,
    targetDisk: '',
    disks: [],
    // -r by default when the old member can still be read (it may be failing: read it only as a last resort).
    readFromOtherMirrors: r.readFromOtherMirrors ?? present,
    wipe: false,
    force: false,
    sizeMode: r.size === undefined || r.size === 'max' ? 'max' : 'size',
    sizeText: typeof r.size === 'number' ? String(r.size) : '',
    mode: r.mode ?? 'convert-soft',
    dataProfile: '',
    metadataProfile: '',
    metadataFirst: r.metadataFirst === true,
    oldMember: r.action === 'wipe-old-member' ? (r.disk ?? '') : '',
  };
}

const UNIT: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `1073741824`, `512M`, `1.5 GiB` → bytes (binary units, as btrfs reads them); null when unreadable. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * UNIT[m[2]!.toLowerCase()]!);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

/** Why the form cannot be previewed yet, in words; null when it can. */
export function formProblem(action: ActionName, form: ActionForm, pool: PoolView): string | null {
  switch (action) {
    case 'replace':
      if (form.devid === null) return P.chooseReplace;
      if (form.targetDisk === '') return P.chooseNewDisk;
      if (isParityPool(pool) && !form.force) return P.parity;
      return null;
    case 'resize':
      if (form.devid === null) return P.chooseResize;
      if (form.sizeMode === 'size' && parseSize(form.sizeText) === null) return P.giveSize;
      return null;
    case 'remove-device':
      return form.devid === null ? P.chooseRemove : null;
    case 'add-devices':
      return form.disks.length === 0 ? P.chooseDisks : null;
    default:
      return null;
  }
}

/**
 * The request body the form stands for (contracts/actions.ts; the server rejects unknown keys).
 * `dryRun` asks for the plan only; `confirmLabel` is what the admin typed, sent when the plan asks.
 */
export function actionBody(
  action: ActionName,
  form: ActionForm,
  pool: PoolView,
  disks: readonly Disk[],
  opts: { dryRun?: boolean; confirmLabel?: string | null } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.dryRun) body.dryRun = true;
  const signatureOf = (key: string) => diskChoices(disks, null).find((c) => c.key === key)?.signature ?? null;
  switch (action) {
    case 'replace':
      body.devid = form.devid;
      body.targetDisk = form.targetDisk;
      if (memberState(pool, form.devid) === 'present') body.readFromOtherMirrors = form.readFromOtherMirrors;
      if (form.wipe && signatureOf(form.targetDisk)) body.wipe = true;
      if (form.force && isParityPool(pool)) body.force = true;
      break;
    case 'resize':
      body.devid = form.devid;
      body.size = form.sizeMode === 'max' ? 'max' : parseSize(form.sizeText);
      break;
    case 'remove-device':
      body.devid = form.devid;
      if (form.metadataFirst) body.metadataFirst = true;
      break;
    case 'remove-missing':
      if (form.metadataFirst) body.metadataFirst = true;
      break;
    case 'add-devices':
      body.disks = [...form.disks];
      if (form.wipe && form.disks.some((k) => signatureOf(k))) body.wipe = true;
      break;
    case 'wipe-old-member':
      body.disk = form.oldMember;
      break;
    case 'balance-start':
      body.mode = form.mode;
      if (form.mode === 'convert-soft') {
        if (form.dataProfile) body.dataProfile = form.dataProfile;
        if (form.metadataProfile) body.metadataProfile = form.metadataProfile;
      }
      break;
    default:
      break;
  }
  if (opts.confirmLabel !== undefined && opts.confirmLabel !== null) body.confirmLabel = opts.confirmLabel;
  return body;
}

/**
 * Whether what the admin typed is the label the plan asks for. Exact, as the server checks it:
 * `Tank` is not `tank`, and a stray space is a mistake worth seeing. No label asked: nothing to type.
 */
export function confirmationMatches(typed: string, expected: string | null): boolean {
  return expected === null || typed === expected;
}

/** A refusal's way out (`details.offer`, e.g. shrink the member first), or null. */
export function offerOf(details: unknown): ActionOffer | null {
  if (!details || typeof details !== 'object') return null;
  const parsed = ActionOffer.safeParse((details as { offer?: unknown }).offer);
  return parsed.success ? parsed.data : null;
}

/** The space verdict a refusal carries (`details.space`), or null. */
export function spaceOf(details: unknown): SpaceVerdict | null {
  if (!details || typeof details !== 'object') return null;
  const parsed = SpaceVerdict.safeParse((details as { space?: unknown }).space);
  return parsed.success ? parsed.data : null;
}

/** The request an offer stands for, when the dialog knows how to run it. */
export function offerRequest(offer: ActionOffer): ActionRequest | null {
  if ((offer.action === 'remove-missing' || offer.action === 'remove-device') && offer.body.metadataFirst === true) {
    const devid = offer.body.devid;
    if (offer.action === 'remove-device' && typeof devid !== 'number') return null;
    return { action: offer.action, ...(typeof devid === 'number' ? { devid } : {}), metadataFirst: true };
  }
  if (offer.action !== 'resize') return null;
  const { devid, size } = offer.body;
  if (typeof devid !== 'number' || !(size === 'max' || (typeof size === 'number' && size > 0))) return null;
  return { action: 'resize', devid, size };
}
