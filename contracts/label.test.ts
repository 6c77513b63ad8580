import { describe, expect, it } from 'vitest';
import { isPlainLabel, labelParts, labelText } from './label.ts';

// The labels of lab scenarios newline-label and hostile-label (lab/scenarios.ts).
const NEWLINE_LABEL = 'pw-new\nline\tpool';
const EDGE_LABEL = ' pw-edge\n';
const MIMIC = "pw-mimic'  uuid: 38e467b1-b378-4b20-87b2-55034121c160\n\tTotal devices 1 FS bytes used 1\n\tdevid    1 size 1 used 1 path /dev/loop2\n\nLabel: 'pw-mimic-tail";

describe('labels shown as data', () => {
  it('keeps a plain label as it is', () => {
    expect(labelParts('pw-tank data 2')).toEqual([{ kind: 'text', text: 'pw-tank data 2' }]);
    expect(isPlainLabel('données')).toBe(true);
  });

  it('shows newlines, tabs and other control characters as escapes', () => {
    expect(labelParts(NEWLINE_LABEL)).toEqual([
      { kind: 'text', text: 'pw-new' }, { kind: 'escape', text: '\\n', title: 'newline' },
      { kind: 'text', text: 'line' }, { kind: 'escape', text: '\\t', title: 'tab' }, { kind: 'text', text: 'pool' },
    ]);
    expect(labelText('a\u0007b\u007f')).toBe('a\\x07b\\x7f');
    expect(isPlainLabel(NEWLINE_LABEL)).toBe(false);
  });

  it('shows spaces at either end, and bidi or zero-width characters that would hide or reorder text', () => {
    expect(labelText(EDGE_LABEL)).toBe('␣pw-edge\\n');
    expect(labelText('  ')).toBe('␣␣');
    expect(labelText('safe\u202Eevil')).toBe('safe\\u{202e}evil');
    expect(labelText('a\u200Bb')).toBe('a\\u{200b}b');
  });

  it('turns a label that imitates fi show into one line', () => {
    expect(labelText(MIMIC)).not.toContain('\n');
    expect(labelText(MIMIC)).toContain("pw-mimic'  uuid: 38e467b1-b378-4b20-87b2-55034121c160\\n\\tTotal devices");
  });
});
