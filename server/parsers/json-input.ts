/**
 * JSON command output (findmnt -J, lsblk -J, btrfs --format json): parse it, and point a
 * ParseError at a line when we can, as the text parsers do.
 */
import { ParseError } from './parse-error.ts';

/** 1-based line of a character offset in text. */
export function lineAt(text: string, offset: number): { n: number; text: string } {
  const before = text.slice(0, Math.max(0, offset));
  const n = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  return { n, text: text.slice(start, end === -1 ? undefined : end) };
}

/**
 * The line holding the given occurrence (0-based) of needle, for blaming a JSON object that
 * parsed but has the wrong shape.
 */
export function lineContaining(text: string, needle: string, occurrence = 0): { n: number; text: string } | null {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) return null;
  }
  return lineAt(text, at);
}

/** JSON.parse with syntax errors turned into a ParseError of `kind` (with the line when V8 names a position). */
export function parseJsonText(kind: string, text: string): unknown {
  if (text.trim() === '') throw new ParseError(kind, 'empty output, expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(message);
    if (pos) {
      const at = lineAt(text, Number(pos[1]));
      throw new ParseError(kind, `invalid JSON: ${message}`, at.n, at.text);
    }
    // V8 names no position for some errors (an unexpected token): then no line is blamed.
    throw new ParseError(kind, `invalid JSON: ${message}`);
  }
}
