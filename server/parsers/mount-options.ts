/**
 * Mount option strings (`rw,relatime,degraded,space_cache=v2,subvolid=5,subvol=/`) as a list of
 * `name` / `name=value` entries. Matching is by the exact option name, never by substring:
 * `rw` must not match `norecovery`, nor `ro` match `errors=remount-ro`.
 *
 * Commas inside values: the kernel escapes them (`subvol=/a\054b` in /proc/self/mountinfo),
 * but findmnt unescapes its OPTIONS column, so a btrfs subvolume named `a,b c` arrives as
 * `…,subvolid=256,subvol=/a,b c` (captured: fixtures/lab/findmnt__json-subvol-with-comma).
 * btrfs prints `subvol=` as its last option, so everything after `subvol=` up to the end is
 * the subvolume path — except `X-*` options, the only user-space options libmount keeps in
 * utab and appends after the kernel's. A subvolume path containing `,X-` would be cut short;
 * no other option value can contain a comma here.
 */

/** btrfs's subvolume option, the one value that can hold literal commas in findmnt output. */
const SUBVOL_PREFIX = 'subvol=';

/** Splits an option string; empty items (`rw,,ro`) are dropped. */
export function parseMountOptions(s: string): string[] {
  const pieces = s.split(',');
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.startsWith(SUBVOL_PREFIX)) {
      let value = piece;
      while (i + 1 < pieces.length && !pieces[i + 1]!.startsWith('X-')) value += `,${pieces[++i]!}`;
      out.push(value);
      continue;
    }
    const trimmed = piece.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

/** The option's name: everything before the first `=`. */
function nameOf(option: string): string {
  const eq = option.indexOf('=');
  return eq === -1 ? option : option.slice(0, eq);
}

/** True when an option with exactly this name is present (`degraded`, or `compress` for `compress=zstd:3`). */
export function hasMountOption(options: readonly string[], name: string): boolean {
  return options.some((o) => nameOf(o) === name);
}

/**
 * The value of `name=value`; the last occurrence wins, as with mount(8). null when the option
 * is absent or given without a value (use hasMountOption for flags).
 */
export function mountOptionValue(options: readonly string[], name: string): string | null {
  for (let i = options.length - 1; i >= 0; i--) {
    const o = options[i]!;
    const eq = o.indexOf('=');
    if (eq !== -1 && o.slice(0, eq) === name) return o.slice(eq + 1);
  }
  return null;
}
