/**
 * Physical disks: identity (how poolwatch recognises a disk again after it was pulled) and role.
 * Pure functions over parsed lsblk rows plus facts read by the host layer.
 */
import type { DiskIdentity } from '../../contracts/api.ts';
import type { LsblkDevice } from '../parsers/lsblk.ts';
import { locationOf, type LocationFacts } from './disk-location.ts';

/** Block device types that are never disks an admin puts in a pool. */
const IGNORED_TYPES = new Set(['rom', 'ram', 'zram']);

export interface AttachedDisk {
  path: string;
  kname: string;
  type: string;
  sizeBytes: number | null;
  identity: DiskIdentity;
  transport: string | null;
  rotational: boolean | null;
  /** Partition and whole-disk paths that belong to this disk (the disk itself first). */
  paths: string[];
  fsType: string | null;
  mounted: boolean;
  hasChildren: boolean;
}

export interface DiskFacts extends Partial<LocationFacts> {
  /** loop kname → backing file. */
  loopBacking: Record<string, string | null>;
  /** `/dev/disk/by-id/...` → resolved `/dev/...` target. */
  byId: { name: string; target: string }[];
}

function clean(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

/** The most stable name a disk has: WWN, then serial, then (loop devices) the backing file. */
export function identityOf(dev: LsblkDevice, facts: DiskFacts): DiskIdentity | null {
  const serial = clean(dev.serial);
  const wwn = clean(dev.wwn);
  const model = clean(dev.model);
  const path = dev.path ?? `/dev/${dev.name}`;
  const byId = facts.byId
    .filter((l) => l.target === path)
    .map((l) => l.name)
    // wwn- names are the least readable; show the model_serial ones first.
    .sort((a, b) => Number(a.includes('/wwn-')) - Number(b.includes('/wwn-')) || a.localeCompare(b));
  const kname = dev.kname ?? dev.name;
  const backingFile = dev.type === 'loop' ? facts.loopBacking[kname] ?? null : null;
  let key: string | null = null;
  if (wwn) key = `wwn:${wwn}`;
  else if (serial) key = `serial:${model ?? ''}:${serial}`;
  else if (dev.type === 'loop') {
    if (backingFile) key = `loop:${backingFile.replace(/ \(deleted\)$/, '')}`;
  } else if (byId[0]) key = `by-id:${byId[0]}`;
  if (!key) return null;
  return { key, serial, model, wwn, byId, backingFile, location: locationFrom(path, kname, facts) };
}

function locationFrom(path: string, kname: string, facts: DiskFacts) {
  return locationOf(path, kname, { byPath: facts.byPath ?? [], enclosureSlots: facts.enclosureSlots ?? [], sysDevice: facts.sysDevice ?? {} });
}

/** Whole disks (and loop devices with a backing file) from lsblk, with what sits on them. */
export function attachedDisks(devices: LsblkDevice[], facts: DiskFacts): AttachedDisk[] {
  const out: AttachedDisk[] = [];
  for (const dev of devices) {
    if (IGNORED_TYPES.has(dev.type) || /^(zram|ram)\d/.test(dev.kname ?? dev.name)) continue;
    if (dev.type === 'loop' && (!facts.loopBacking[dev.kname ?? dev.name] || !dev.sizeBytes)) continue;
    const path = dev.path ?? `/dev/${dev.name}`;
    const identity = identityOf(dev, facts)
      ?? { key: `path:${path}`, serial: null, model: clean(dev.model), wwn: null, byId: [], backingFile: null, location: locationFrom(path, dev.kname ?? dev.name, facts) };
    const children = flatten(dev.children ?? []);
    out.push({
      path,
      kname: dev.kname ?? dev.name,
      type: dev.type,
      sizeBytes: dev.sizeBytes ?? null,
      identity,
      transport: clean(dev.tran),
      rotational: dev.rota ?? null,
      paths: [path, ...children.map((c) => c.path ?? `/dev/${c.name}`)],
      fsType: clean(dev.fstype),
      mounted: [dev, ...children].some((d) => (d.mountpoints ?? []).some((m) => Boolean(m))),
      hasChildren: children.length > 0,
    });
  }
  return out;
}

function flatten(devs: LsblkDevice[]): LsblkDevice[] {
  return devs.flatMap((d) => [d, ...flatten(d.children ?? [])]);
}
