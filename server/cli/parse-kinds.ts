/**
 * The outputs `poolwatch parse <kind>` understands: one parser each, named as in ParseError.kind.
 */
import { parseBalanceStatus } from '../parsers/balance-status.ts';
import { parseBlkidUdev } from '../parsers/blkid.ts';
import { parseChunkTreeProfiles } from '../parsers/chunk-tree.ts';
import { parseDeviceStatsJson, parseDeviceStatsText } from '../parsers/device-stats.ts';
import { parseDeviceUsage } from '../parsers/device-usage.ts';
import { parseFiDf } from '../parsers/fi-df.ts';
import { parseFiShow } from '../parsers/fi-show.ts';
import { parseFiUsage } from '../parsers/fi-usage.ts';
import { parseFindmntJson } from '../parsers/findmnt.ts';
import { parseLsblkJson, parseLsblkPairs } from '../parsers/lsblk.ts';
import { parseReplaceStatus } from '../parsers/replace-status.ts';
import { parseScrubStatus } from '../parsers/scrub-status.ts';
import { parseScterc } from '../parsers/smartctl.ts';
import { parseBtrfsVersion } from '../parsers/version.ts';
import { smartResultOf } from '../smart/smart-result.ts';

export interface ParseKind {
  describe: string;
  parse: (text: string) => unknown;
}

export const PARSE_KINDS: Record<string, ParseKind> = {
  // Every pool at once, line by line: for reading a bug report. Labels can imitate its lines, so
  // poolwatch itself reads one pool at a time (ADR 010).
  'fi-show': { describe: 'btrfs filesystem show [--raw] (labels can imitate its lines: poolwatch reads one pool by uuid)', parse: parseFiShow },
  blkid: { describe: 'blkid -p -o udev <dev>', parse: parseBlkidUdev },
  'dev-stats': { describe: 'btrfs device stats [-c] <mnt|dev> (text)', parse: parseDeviceStatsText },
  'dev-stats-json': { describe: 'btrfs --format json device stats <mnt>', parse: parseDeviceStatsJson },
  'fi-usage': { describe: 'btrfs filesystem usage -T [-b] <mnt>', parse: parseFiUsage },
  'fi-df': { describe: 'btrfs filesystem df [-b] <mnt> (text or --format json)', parse: parseFiDf },
  'device-usage': { describe: 'btrfs device usage [-b] <mnt>', parse: parseDeviceUsage },
  'balance-status': { describe: 'btrfs balance status <mnt>', parse: parseBalanceStatus },
  'scrub-status': { describe: 'btrfs scrub status [-R] <mnt>', parse: parseScrubStatus },
  'replace-status': { describe: 'btrfs replace status -1 <mnt>', parse: parseReplaceStatus },
  version: { describe: 'btrfs --version', parse: parseBtrfsVersion },
  findmnt: { describe: 'findmnt -J [-t btrfs] -o SOURCE,TARGET,FSTYPE,OPTIONS,UUID', parse: parseFindmntJson },
  lsblk: { describe: 'lsblk -J -b -O', parse: parseLsblkJson },
  'lsblk-pairs': { describe: 'lsblk -P -p -o NAME,MODEL,SERIAL,SIZE,TRAN,VENDOR,HCTL,TYPE,FSTYPE,LABEL,UUID', parse: parseLsblkPairs },
  'chunk-tree': { describe: 'btrfs inspect-internal dump-tree -t chunk <device>', parse: parseChunkTreeProfiles },
  smartctl: { describe: 'smartctl [-j] -x|-a <dev> (JSON or text): { report, assessment }', parse: (text) => smartResultOf(text) },
  scterc: { describe: 'smartctl -l scterc[,R,W] <dev>', parse: (text) => parseScterc(text) },
};
