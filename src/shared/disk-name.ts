/**
 * A disk as admins know it (issue 10, ADR 024): model and serial — or its by-id name, or for a
 * loop device its backing file — and size first, then its slot or port where the host knows it;
 * the kernel path, which can change at the next boot, last ("now at /dev/sdc"). Pure.
 */
import type { Disk, DiskIdentity, DiskLocation } from '../../contracts/api.ts';
import { DISK_IDENTITY_TEXT as T } from '../text/disks.ts';
import { formatBytes } from './format.ts';

const BY_ID_PREFIX = /^\/dev\/disk\/by-id\//;

/** The backing file of a loop device: from the inventory, else from its `loop:` key. */
export function backingFileOf(id: DiskIdentity): string | null {
  return id.backingFile ?? (id.key.startsWith('loop:') ? id.key.slice('loop:'.length) : null);
}

/** Who the disk is, without size or place: `WDC WD40EFRX · serial WX1`, `by-id/wwn-…`, `loop device on /lab/d1.img`. */
export function diskWho(id: DiskIdentity): string {
  const parts: string[] = [];
  if (id.model) parts.push(id.model);
  const file = backingFileOf(id);
  if (id.serial) parts.push(T.serialOf(id.serial));
  else if (id.byId[0]) parts.push(id.byId[0].replace(BY_ID_PREFIX, T.byIdPrefix));
  else if (file) parts.push(T.loop(file));
  return parts.join(' · ') || id.key;
}

/**
 * Where it sits, in words: `slot 1 of enclosure 6:0:12:0`, the controller port, or "slot unknown";
 * null when poolwatch was not told (a detached disk: not remembered).
 */
export function slotText(location: DiskLocation | null | undefined): string | null {
  if (location === undefined) return null;
  if (location?.slot) return T.slot(location.slot, location.enclosure);
  if (location?.port) return T.port(location.port);
  return T.slotUnknown;
}

export function diskName(d: Pick<Disk, 'identity' | 'sizeBytes' | 'path'>): string {
  const parts = [diskWho(d.identity)];
  if (d.sizeBytes !== null) parts.push(formatBytes(d.sizeBytes));
  const slot = slotText(d.identity.location);
  if (slot) parts.push(slot);
  return `${parts.join(' · ')}${d.path ? T.now(d.path) : ''}`;
}
