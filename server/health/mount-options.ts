/**
 * Mount-option questions the health rules ask. Options arrive as a list (`['rw', 'degraded',
 * 'subvol=/']`) and are matched by exact name: a substring test would read `rw` into
 * `norecovery` or `ro` into `errors=remount-ro`.
 */
import { hasMountOption } from '../parsers/mount-options.ts';

/** True when an option with exactly this name is present (`degraded`; `compress` for `compress=zstd`). */
export const hasOption = (options: readonly string[], name: string): boolean => hasMountOption(options, name);

/**
 * Read-only when `ro` is the last of `ro`/`rw` given — mount(8) lets a later one win, and a
 * mount with neither is read-write. Both are bare flags, so exact equality is exact-name matching.
 */
export function isReadOnly(options: readonly string[]): boolean {
  for (let i = options.length - 1; i >= 0; i--) {
    const o = options[i]?.trim();
    if (o === 'ro') return true;
    if (o === 'rw') return false;
  }
  return false;
}
