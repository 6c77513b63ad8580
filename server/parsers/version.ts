/**
 * `btrfs --version`: which btrfs-progs we talk to. The version decides how other outputs are read
 * (the `btrfs scrub status` layout changed in v5.1.2), so an unreadable version string is not an
 * error: it yields nulls and the modern layout, because any progs new enough to print something
 * unexpected here is newer than the change.
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';

const KIND = 'version';

/** First btrfs-progs release with the `UUID:` / `Status:` scrub status layout. */
const MODERN_SCRUB_STATUS_SINCE = [5, 1, 2] as const;

export const BtrfsVersion = z.object({
  /** The version token as printed, e.g. `v6.2` (or whatever stands there when it is not a version). */
  version: z.string(),
  major: z.number().int().nonnegative().nullable(),
  minor: z.number().int().nonnegative().nullable(),
  /** 0 when the release has no patch component (`v6.2`). */
  patch: z.number().int().nonnegative().nullable(),
  /** True for btrfs-progs older than v5.1.2, whose `scrub status` uses the old layout. */
  legacyScrubStatusFormat: z.boolean(),
});
export type BtrfsVersion = z.infer<typeof BtrfsVersion>;

// btrfs-progs 3.x printed `Btrfs v3.12`; later ones `btrfs-progs v6.2`.
const VERSION_LINE_RE = /^(?:btrfs-progs|Btrfs) (\S+)\s*$/;
const NUMBERS_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?![\d.])/;
/** Newer progs add a feature line such as `-EXPERIMENTAL -INJECT +LZO +ZSTD CRYPTO=builtin`. */
const FEATURES_LINE_RE = /^(?:[+-][A-Za-z0-9_]+|[A-Za-z0-9_]+=\S+)(?:\s+(?:[+-][A-Za-z0-9_]+|[A-Za-z0-9_]+=\S+))*\s*$/;

function isOlderThan(v: readonly [number, number, number], than: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    const a = v[i] ?? 0;
    const b = than[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}

export function parseBtrfsVersion(text: string): BtrfsVersion {
  const lines = numberedLines(text).filter((l) => l.text.trim() !== '');
  const first = lines[0];
  if (!first) throw new ParseError(KIND, 'empty output');
  const m = VERSION_LINE_RE.exec(first.text);
  if (!m) throw new ParseError(KIND, "expected 'btrfs-progs v<version>'", first.n, first.text);
  for (const extra of lines.slice(1)) {
    if (!FEATURES_LINE_RE.test(extra.text)) throw new ParseError(KIND, 'unexpected line after the version', extra.n, extra.text);
  }

  const version = m[1] ?? '';
  const nums = NUMBERS_RE.exec(version);
  if (!nums) {
    return BtrfsVersion.parse({ version, major: null, minor: null, patch: null, legacyScrubStatusFormat: false });
  }
  const parts = [Number(nums[1]), Number(nums[2]), Number(nums[3] ?? 0)] as const;
  return BtrfsVersion.parse({
    version,
    major: parts[0],
    minor: parts[1],
    patch: parts[2],
    legacyScrubStatusFormat: isOlderThan(parts, MODERN_SCRUB_STATUS_SINCE),
  });
}
