/**
 * The btrfs lines of the kernel log (`dmesg --time-format iso`). A backgrounded balance and a
 * replace that the kernel refuses report their result only there: `balance: ended with status:
 * -28`, `scrub: failed setting block group ro: -28`, `forced readonly`. Each line names the
 * device the kernel calls the filesystem by (`BTRFS info (device loop0 state EA): …`), which is
 * how a line is tied to one pool. Lines that are not btrfs's are skipped, never an error: the
 * kernel log is shared by everything on the machine.
 */
import { z } from 'zod';

export const KernelLogLine = z.object({
  /** Wall-clock time dmesg computed for the line; null when the line had no ISO timestamp. */
  at: z.date().nullable(),
  level: z.string(),
  /** The block device name in the prefix (`loop0`, `sdb`, `nvme0n1p2`). */
  device: z.string(),
  message: z.string(),
});
export type KernelLogLine = z.infer<typeof KernelLogLine>;

// `2026-12-03T14:51:27,397255+00:00 BTRFS info (device loop0 state EA): balance: ended with status: -28`
const LINE_RE = /^(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[,.](\d+))?([+-]\d\d:?\d\d|Z)\s+|\[\s*[\d.]+\]\s+)?BTRFS (\w+) \(device ([^\s)]+)(?: state [^)]*)?\): (.*)$/;

export function parseKernelLog(text: string): KernelLogLine[] {
  const out: KernelLogLine[] = [];
  for (const raw of text.split('\n')) {
    const m = LINE_RE.exec(raw.trim());
    if (!m) continue;
    const [, date, frac, zone, level, device, message] = m;
    let at: Date | null = null;
    if (date) {
      const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
      const tz = zone === 'Z' || zone === undefined ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      const d = new Date(`${date}${ms}${tz}`);
      at = Number.isNaN(d.getTime()) ? null : d;
    }
    out.push({ at, level: level!, device: device!, message: message! });
  }
  return out;
}

/**
 * The device names the kernel calls a pool by: the one it was mounted from (`first mount of
 * filesystem <uuid>`; the name stays fixed while the pool is mounted, even after that disk was
 * replaced or removed) and any scanned as one of its members (`device fsid <uuid> devid N … /dev/X`).
 */
export function kernelNamesOf(lines: readonly KernelLogLine[], rawText: string, uuid: string): string[] {
  const names = new Set<string>();
  const want = uuid.toLowerCase();
  for (const l of lines) {
    const m = /^first mount of filesystem ([0-9a-f-]{36})/i.exec(l.message);
    if (m && m[1]!.toLowerCase() === want) names.add(l.device);
  }
  for (const m of rawText.matchAll(/device fsid ([0-9a-f-]{36}) devid \d+ transid \d+ \/dev\/(\S+)/gi)) {
    if (m[1]!.toLowerCase() === want) names.add(m[2]!);
  }
  return [...names];
}

export type BalanceEnd =
  | { readonly ended: 'status'; readonly status: number; readonly enospcErrors: number | null }
  | { readonly ended: 'canceled' | 'paused' };

/**
 * How the last balance that started on one of `devices` at or after `since` ended, per the
 * kernel; null when the log has no such start, or the start but no end yet.
 */
export function balanceEndOf(lines: readonly KernelLogLine[], devices: readonly string[], since: Date): BalanceEnd | null {
  const mine = lines.filter((l) => devices.includes(l.device));
  let start = -1;
  for (let i = mine.length - 1; i >= 0; i--) {
    const l = mine[i]!;
    if (/^balance: (start|resume)\b/.test(l.message) && (l.at === null || l.at.getTime() >= since.getTime())) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  let enospcErrors: number | null = null;
  for (const l of mine.slice(start + 1)) {
    const e = /^(\d+) enospc errors during balance/.exec(l.message);
    if (e) enospcErrors = Number(e[1]);
    const s = /^balance: ended with status: (-?\d+)/.exec(l.message);
    if (s) return { ended: 'status', status: Number(s[1]), enospcErrors };
    if (/^balance: canceled/.test(l.message)) return { ended: 'canceled' };
    if (/^balance: paused/.test(l.message)) return { ended: 'paused' };
  }
  return null;
}

/** The lines of one pool's devices since `since` (every line when a line has no time). */
export function poolLinesSince(lines: readonly KernelLogLine[], devices: readonly string[], since: Date): KernelLogLine[] {
  return lines.filter((l) => devices.includes(l.device) && (l.at === null || l.at.getTime() >= since.getTime()));
}
