/**
 * The smartd.conf block poolwatch writes, and putting it between its marker lines in the admin's
 * file. Pure text in, text out: the rest of the file is the admin's and stays as it is.
 */
import type { SmartdDiffLine } from '../../contracts/smart.ts';
import { ConflictError } from '../errors.ts';

export const BEGIN_MARKER = '# BEGIN poolwatch';
export const END_MARKER = '# END poolwatch';

/**
 * Short self-test every day at 02:00, long (full surface) test on Saturdays at 03:00: a long test
 * takes hours on a large disk, so once a week at night; a short one is cheap enough daily.
 */
export const SELF_TEST_SCHEDULE = '(S/../.././02|L/../../6/03)';
/** HDD: log a 4 °C change, note 45 °C, warn (mail/notify) at 55 °C — below the usual 60 °C datasheet limit. */
export const HDD_TEMPERATURE_LIMITS = '4,45,55';
/** SSD/NVMe run hotter by design (rated to ~70 °C): note at 60 °C, warn at 70 °C. */
export const SSD_TEMPERATURE_LIMITS = '4,60,70';

export interface SmartdDisk {
  /** The name smartd opens: a `/dev/disk/by-id/…` link when there is one (sdX names move between boots). */
  device: string;
  deviceType: string | null;
  protocol: 'ata' | 'nvme' | 'scsi';
  solidState: boolean;
}

/** smartd.conf has no quoting: a name with whitespace or `#` would be split or cut. */
export function smartdSafe(word: string): boolean {
  return word !== '' && !/[\s#]/.test(word);
}

/**
 * One device line. `-a` monitors health, attributes and the error/self-test logs; `-o on` and
 * `-S on` (ATA only) turn on the drive's offline data collection and attribute autosave;
 * NVMe gets no `-s`: smartd 7.3 cannot schedule NVMe self-tests.
 */
export function smartdLine(d: SmartdDisk, notifyCommand: string): string {
  const parts = [d.device];
  if (d.deviceType) parts.push('-d', d.deviceType);
  parts.push('-a');
  if (d.protocol === 'ata') parts.push('-o', 'on', '-S', 'on');
  if (d.protocol !== 'nvme') parts.push('-s', SELF_TEST_SCHEDULE);
  parts.push('-W', d.solidState || d.protocol === 'nvme' ? SSD_TEMPERATURE_LIMITS : HDD_TEMPERATURE_LIMITS);
  // -m names the recipient smartd passes on; with -M exec our command is run instead of mail.
  parts.push('-m', 'root', '-M', 'exec', notifyCommand);
  return parts.join(' ');
}

/** The whole block, marker lines included. No timestamps: applying twice must change nothing. */
export function smartdBlock(disks: readonly SmartdDisk[], notifyCommand: string): string[] {
  const lines = [
    BEGIN_MARKER,
    '# Written by poolwatch: lines between these markers are replaced on every apply; edit outside them.',
    `# Self-tests: short daily 02:00, long Saturdays 03:00. Warnings go to ${notifyCommand}.`,
  ];
  if (disks.length === 0) lines.push('# (no disks with SMART to monitor)');
  for (const d of disks) lines.push(smartdLine(d, notifyCommand));
  lines.push(END_MARKER);
  return lines;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const isDeviceScan = (line: string) => /^\s*DEVICESCAN(\s|$)/.test(line);

/** The admin's file is in a state poolwatch will not guess about (a marker without its partner). */
export class SmartdConfError extends ConflictError {}

/**
 * Puts `block` into `current` (the file's text, null when it does not exist): in place of an
 * existing marked block, else before the first DEVICESCAN line (smartd ignores every line after
 * it), else at the end. Everything else is kept byte for byte. Idempotent.
 */
export function withSmartdBlock(current: string | null, block: readonly string[]): { text: string; notes: string[] } {
  const lines = splitLines(current ?? '');
  const notes: string[] = [];
  const begin = lines.findIndex((l) => l.trim() === BEGIN_MARKER);
  const end = begin >= 0 ? lines.findIndex((l, i) => i > begin && l.trim() === END_MARKER) : -1;
  if (begin >= 0 && end < 0) {
    throw new SmartdConfError(`"${BEGIN_MARKER}" on line ${begin + 1} has no "${END_MARKER}" after it: fix the file by hand before applying`);
  }
  if (begin < 0 && lines.some((l) => l.trim() === END_MARKER)) {
    throw new SmartdConfError(`"${END_MARKER}" without "${BEGIN_MARKER}" before it: fix the file by hand before applying`);
  }

  let rest = lines;
  let at: number;
  if (begin >= 0) {
    rest = [...lines.slice(0, begin), ...lines.slice(end + 1)];
    at = begin;
  } else {
    at = rest.length;
  }
  const scan = rest.findIndex(isDeviceScan);
  // smartd ignores every line after DEVICESCAN: the block must come before it.
  if (scan >= 0 && scan < at) at = scan;
  const before = rest.slice(0, at);
  const after = rest.slice(at);
  const out = [...before];
  // Separate the block from the admin's lines by one blank line, but never add one twice.
  const fresh = begin < 0 || at !== begin;
  if (fresh && out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
  out.push(...block);
  if (fresh && after.length > 0 && after[0]?.trim() !== '') out.push('');
  out.push(...after);
  const scanAt = out.findIndex(isDeviceScan);
  if (scanAt >= 0) {
    notes.push(`Line ${scanAt + 1} "${out[scanAt]?.trim()}" makes smartd also scan for every other device; the disks listed by poolwatch are left out of that scan. Comment it out to monitor only these disks.`);
  }
  return { text: `${out.join('\n')}\n`, notes };
}

/** smartd.conf files are a few hundred lines; this bounds the diff table at a few MB. */
const MAX_DIFF_CELLS = 2_000_000;

/** Line diff (longest common subsequence) for the preview: `-` removed, `+` added, ` ` kept. */
export function lineDiff(oldText: string, newText: string): SmartdDiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const n = a.length;
  const m = b.length;
  // A quadratic table on a huge file is not worth it: show it as replaced.
  if (n * m > MAX_DIFF_CELLS) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: SmartdDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: '-', text: a[i++]! });
    } else {
      out.push({ op: '+', text: b[j++]! });
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}
