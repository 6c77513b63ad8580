/**
 * Thrown by every parser when its input does not have the shape it knows. Carries what an admin
 * (or a bug report) needs: which parser, which line, and what that line said.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    /** The parser kind, as named by the `poolwatch parse <kind>` CLI (e.g. `fi-show`). */
    readonly kind: string,
    /** What is wrong, in words. */
    readonly reason: string,
    /** 1-based line number of the offending line, when one line is to blame. */
    readonly lineNumber?: number,
    /** The offending line itself (trimmed to 200 characters). */
    readonly line?: string,
  ) {
    super(
      `${kind}: ${reason}` +
        (lineNumber !== undefined ? ` (line ${lineNumber}: ${JSON.stringify((line ?? '').slice(0, 200))})` : ''),
    );
  }
}

/**
 * What each parser reads, in the admin's words: "poolwatch could not read <this>". The parser's
 * own reason and the raw line go to the details, never into the sentence the admin reads first.
 */
export const PARSE_SOURCES: Readonly<Record<string, string>> = {
  'fi-show': 'the list of pools and their members (btrfs filesystem show)',
  'fi-show-pool': "the pool's members (btrfs filesystem show)",
  blkid: "a disk's filesystem signature (blkid)",
  'dev-stats': "the members' error counters (btrfs device stats)",
  'dev-stats-json': "the members' error counters (btrfs device stats)",
  'sysfs-error-stats': "a member's error counters (/sys/fs/btrfs/…/error_stats)",
  'fi-usage': "the pool's space per member (btrfs filesystem usage)",
  'fi-df': "the pool's space per profile (btrfs filesystem df)",
  'device-usage': "the pool's space per member (btrfs device usage)",
  'balance-status': 'the state of the balance (btrfs balance status)',
  'scrub-status': 'the state of the scrub (btrfs scrub status)',
  'replace-status': 'the state of the replace (btrfs replace status)',
  version: 'the btrfs-progs version (btrfs --version)',
  findmnt: 'the list of mounted filesystems (findmnt)',
  lsblk: 'the list of disks (lsblk)',
  'lsblk-pairs': 'the list of disks (lsblk)',
  'chunk-tree': 'the profiles of the unmounted pool (btrfs inspect-internal dump-tree)',
  smartctl: "the disk's S.M.A.R.T. report (smartctl)",
  scterc: "the disk's error recovery control setting (smartctl -l scterc)",
};

/** The details a ParseError carries for the admin who wants to look (or to file a bug report). */
export interface ParseErrorDetails {
  kind: string;
  reason: string;
  lineNumber?: number;
  /** The raw line poolwatch could not read. */
  line?: string;
}

/** "poolwatch could not read <what>": the sentence shown for a ParseError (pool problems, API errors). */
export function couldNotRead(err: ParseError): string {
  const what = PARSE_SOURCES[err.kind] ?? `the output of ${err.kind}`;
  const where = err.lineNumber !== undefined ? `: line ${err.lineNumber} is in a form it does not know` : ': the output is not in a form it knows';
  return `poolwatch could not read ${what}${where}`;
}

export function parseErrorDetails(err: ParseError): ParseErrorDetails {
  return {
    kind: err.kind,
    reason: err.reason,
    ...(err.lineNumber !== undefined ? { lineNumber: err.lineNumber } : {}),
    ...(err.line !== undefined ? { line: err.line } : {}),
  };
}

/** Splits command output into lines, keeping 1-based numbers, without the final empty line. */
export function numberedLines(text: string): { n: number; text: string }[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ n: i + 1, text: t }));
}
