/**
 * How a pool label is shown (ADR 010): as data, never parsed. btrfs lets a label hold newlines,
 * tabs, any control character, bidi overrides and leading or trailing spaces, so the label is split
 * into plain text and visible escapes: `\n`, `\t`, `\r`, `\xNN` for other control characters,
 * `\u{XXXX}` for invisible format characters, `␣` for a space at either end. The UI shows escapes
 * in a distinct style (src/shared/pool-label.tsx); server messages use the joined text form.
 * No dependency: shared by server and UI.
 */

export interface LabelPart {
  /** `text`: the label's own characters; `escape`: what stands for an invisible one. */
  kind: 'text' | 'escape';
  text: string;
  /** For an escape: what it stands for, in words (a tooltip, a screen reader). */
  title?: string;
}

const NAMED: Readonly<Record<string, [string, string]>> = {
  '\n': ['\\n', 'newline'],
  '\t': ['\\t', 'tab'],
  '\r': ['\\r', 'carriage return'],
};

// C0/C1 controls and DEL; zero-width and bidi formatting characters (they can reorder or hide text).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

function escapeOf(ch: string): LabelPart {
  const named = NAMED[ch];
  if (named) return { kind: 'escape', text: named[0], title: named[1] };
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16).padStart(code < 0x100 ? 2 : 4, '0');
  return code < 0x100
    ? { kind: 'escape', text: `\\x${hex}`, title: `control character 0x${hex}` }
    : { kind: 'escape', text: `\\u{${hex}}`, title: `invisible character U+${hex.toUpperCase()}` };
}

export function labelParts(label: string): LabelPart[] {
  const parts: LabelPart[] = [];
  const chars = [...label];
  const firstVisible = chars.findIndex((c) => c !== ' ');
  const lastVisible = chars.length - 1 - [...chars].reverse().findIndex((c) => c !== ' ');
  chars.forEach((ch, i) => {
    const edgeSpace = ch === ' ' && (firstVisible === -1 || i < firstVisible || i > lastVisible);
    const part: LabelPart = edgeSpace ? { kind: 'escape', text: '␣', title: 'space' } : INVISIBLE.test(ch) ? escapeOf(ch) : { kind: 'text', text: ch };
    const last = parts.at(-1);
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else parts.push(part);
  });
  return parts;
}

/** The label as one line of plain text, escapes included: `pw-new\nline\tpool`. */
export function labelText(label: string): string {
  return labelParts(label).map((p) => p.text).join('');
}

/** True when the label shows as typed: no escape needed (a person can type it to confirm). */
export function isPlainLabel(label: string): boolean {
  return labelParts(label).every((p) => p.kind === 'text');
}
