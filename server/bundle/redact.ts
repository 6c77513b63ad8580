/**
 * Redaction for the support bundle: serial numbers (and the WWNs and by-id names built from
 * them) and pool labels become stable placeholders (SERIAL-1, LABEL-1) in every file, so the
 * bundle still shows which disk is which without naming them. Pure.
 */

export interface Redaction {
  serials: readonly string[];
  labels: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Shorter values would turn ordinary words into placeholders. */
const MIN_SERIAL_LENGTH = 4;
/** smartctl and lsblk lines that carry a serial or WWN under any name poolwatch did not learn. */
const SERIAL_LINES = /^(\s*(?:Serial Number|Serial number|LU WWN Device Id|Logical Unit id|IEEE EUI-64|NVMe IEEE OUI Identifier)\s*:\s*)(.+)$/gm;

export function redactor(r: Redaction): (text: string) => string {
  const serials = [...new Set(r.serials.filter((s) => s.length >= MIN_SERIAL_LENGTH))].sort((a, b) => b.length - a.length);
  const labels = [...new Set(r.labels.filter((l) => l.trim() !== ''))].sort((a, b) => b.length - a.length);
  const serialIds = new Map(serials.map((s, i) => [s, `SERIAL-${i + 1}`]));
  const labelIds = new Map(labels.map((l, i) => [l, `LABEL-${i + 1}`]));
  const serialRe = serials.length ? new RegExp(serials.map(escape).join('|'), 'g') : null;
  // A label as a whole token only (not inside a longer word or file name), so "data" leaves "metadata" alone.
  const labelRe = labels.length ? new RegExp(`(?<![\\w.-])(?:${labels.map(escape).join('|')})(?![\\w.-])`, 'g') : null;
  return (text) => {
    let out = serialRe ? text.replace(serialRe, (m) => serialIds.get(m) ?? m) : text;
    out = out.replace(SERIAL_LINES, (_m, head: string) => `${head}(redacted)`);
    if (labelRe) out = out.replace(labelRe, (m) => labelIds.get(m) ?? m);
    return out;
  };
}

/** Kernel log lines about storage: btrfs, the block layer, ATA/SCSI/NVMe, loop devices. */
const STORAGE_LINE = /btrfs|BTRFS|blk_update_request|I\/O error|\bata\d|\bnvme\d?|\bsd[a-z]+\b|\bsd \d|scsi|\bloop\d|md\/|device-mapper|critical medium error|Buffer I\/O/i;

export function storageKernelLines(dmesg: string, maxLines: number): string[] {
  const lines = dmesg.split('\n').filter((l) => STORAGE_LINE.test(l));
  return lines.slice(-maxLines);
}
