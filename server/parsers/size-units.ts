/**
 * Sizes as btrfs-progs prints them: raw bytes with `-b`/`--raw` (`1073741824`, may be negative in
 * `device usage`), or human units (`1.00GiB`, `528.00KiB`, `0.00B`; `--si` gives `1.07GB`).
 * Human values are rounded to two decimals by btrfs-progs, so they convert to approximate bytes.
 */

export interface ParsedSize {
  bytes: number;
  /** False when the value came with a unit other than bytes and was rounded by the tool. */
  exact: boolean;
}

// Binary units are what btrfs-progs prints by default; decimal ones only with --si.
const UNIT_FACTORS: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
  EiB: 1024 ** 6,
  kB: 1000,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  TB: 1000 ** 4,
  PB: 1000 ** 5,
  EB: 1000 ** 6,
};

/** Parses one size token; null when the token is not a size. */
export function parseBtrfsSize(token: string): ParsedSize | null {
  const t = token.trim();
  if (/^-?\d+$/.test(t)) return { bytes: Number(t), exact: true };
  const m = /^(-?\d+(?:\.\d+)?)([A-Za-z]+)$/.exec(t);
  if (!m) return null;
  const factor = UNIT_FACTORS[m[2]!];
  if (factor === undefined) return null;
  return { bytes: Math.round(Number(m[1]) * factor), exact: factor === 1 && !m[1]!.includes('.') };
}
