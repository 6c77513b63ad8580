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

/** Splits command output into lines, keeping 1-based numbers, without the final empty line. */
export function numberedLines(text: string): { n: number; text: string }[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ n: i + 1, text: t }));
}
