/** Formatting shared by every page. Pure, so it is unit-tested in node. */
import { labelText } from '../../contracts/label.ts';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Binary units, as btrfs-progs prints them (`512 MiB`, `1.50 GiB`); null (unknown) shows as a dash. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  // Three significant digits: enough to see a difference, short enough for a table cell.
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** `12%` of a size, or null when either part is unknown. */
export function usedPercent(usedBytes: number | null, sizeBytes: number): number | null {
  if (usedBytes === null || sizeBytes <= 0) return null;
  return Math.round((usedBytes / sizeBytes) * 100);
}

export const NO_LABEL = '(no label)';

/**
 * What a pool is called in plain text (titles, announcements, lists): its label as data — control
 * and invisible characters escaped (contracts/label.ts) — or "(no label)". Pages show labels with
 * <PoolLabel>, which styles the escapes.
 */
export function poolName(pool: { label: string | null }): string {
  return pool.label !== null && pool.label !== '' ? labelText(pool.label) : NO_LABEL;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `raid1`, `raid1 + single` for a mixed type, `unknown` when btrfs did not say. */
export function formatProfileList(profiles: readonly string[]): string {
  return profiles.length ? profiles.join(' + ') : 'unknown';
}

/** A short local date and time; the ISO string when the value is not a date. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** `14:02`: the local hour and minute of a moment, 24-hour (for "data from 14:02"). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
