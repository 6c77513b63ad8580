/**
 * Where poolwatch mounts a pool that is not mounted (issue 10, ADR 010). Pure: the pools of one
 * snapshot, the mount points in use and the mount root in; one mount point per pool out.
 *
 * - A label becomes a safe path component: letters, digits and `. _ + -`, anything else `_`, no
 *   leading `.`/`-`, never `.` or `..`: a label with `/`, `..`, a newline or a leading `-` can
 *   neither leave the root nor become an option.
 * - `<root>/<label>` only when no other pool has that (safe) label and nothing is mounted there;
 *   else `<root>/<label>-<uuid8>`, then `<root>/<uuid>`: never a mount point in use, never the
 *   same for two pools.
 */
import type { Pool } from '../../contracts/api.ts';

/** Longer labels are cut: a path component stays readable (and far below NAME_MAX). */
const MAX_COMPONENT = 64;

export function safeLabelComponent(label: string | null): string | null {
  if (label === null) return null;
  const safe = [...label]
    .map((c) => (/^[A-Za-z0-9._+-]$/.test(c) ? c : '_'))
    .join('')
    .replace(/_+/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/[._]+$/, '')
    .slice(0, MAX_COMPONENT);
  return safe === '' || safe === '.' || safe === '..' ? null : safe;
}

export interface MountPointInputs {
  /** POOLWATCH_MOUNT_ROOT. */
  readonly mountRoot: string;
  /** Every mount point in use on the machine (all filesystem types). */
  readonly inUse: readonly string[];
}

/** For every pool: its mount point when mounted, else the one poolwatch would mount it on. */
export function mountPointsFor(pools: readonly Pick<Pool, 'uuid' | 'label' | 'mounted' | 'mountPoint'>[], inputs: MountPointInputs): Map<string, string> {
  const root = inputs.mountRoot.replace(/(.)\/+$/, '$1');
  const out = new Map<string, string>();
  const taken = new Set(inputs.inUse);
  for (const p of pools) {
    if (p.mounted && p.mountPoint) {
      out.set(p.uuid, p.mountPoint);
      taken.add(p.mountPoint);
    }
  }
  const safe = new Map(pools.map((p) => [p.uuid, safeLabelComponent(p.label)]));
  const sharing = new Map<string, number>();
  for (const s of safe.values()) if (s !== null) sharing.set(s, (sharing.get(s) ?? 0) + 1);
  const waiting = pools.filter((p) => !out.has(p.uuid)).sort((a, b) => a.uuid.localeCompare(b.uuid));
  const claim = (uuid: string, path: string): boolean => {
    if (taken.has(path)) return false;
    taken.add(path);
    out.set(uuid, path);
    return true;
  };
  // Labels no other pool shares get `<root>/<label>` first, so that no suffixed name takes it.
  for (const p of waiting) {
    const s = safe.get(p.uuid);
    if (s !== null && s !== undefined && sharing.get(s) === 1) claim(p.uuid, `${root}/${s}`);
  }
  for (const p of waiting) {
    if (out.has(p.uuid)) continue;
    const s = safe.get(p.uuid);
    const candidates = [...(s ? [`${root}/${s}-${p.uuid.slice(0, 8)}`] : []), `${root}/${p.uuid}`];
    if (candidates.some((c) => claim(p.uuid, c))) continue;
    for (let n = 2; !claim(p.uuid, `${root}/${p.uuid}-${n}`); n++);
  }
  return out;
}
