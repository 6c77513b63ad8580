/**
 * `blkid -p -o udev <device>`: the filesystem signature read from the device itself. One
 * `KEY=value` per line; the `_ENC` values encode every byte outside a safe set as `\xNN`, so a
 * label (which btrfs lets hold newlines, tabs and quotes) is decoded here byte for byte and can
 * never start a line of its own. blkid stops the encoded label at 264 characters: `labelCut` then
 * says the label must be read raw (`blkid -o value -s LABEL`, parseBlkidLabel).
 */
import { ParseError, numberedLines } from './parse-error.ts';

const KIND = 'blkid';

export interface BlkidProbe {
  /** `btrfs`, `ext4`, `crypto_LUKS`…; null when no filesystem signature was found. */
  type: string | null;
  uuid: string | null;
  /** btrfs: the member's own uuid (dev_item uuid). */
  uuidSub: string | null;
  /** The label, exactly (decoded from ID_FS_LABEL_ENC); null when there is none. */
  label: string | null;
  /** blkid may have cut the encoded label short: read it raw before trusting it. */
  labelCut: boolean;
  /** Partition table type (`gpt`, `dos`) when the device holds one. */
  partitionTable: string | null;
}

/** blkid's udev output holds at most this many characters of an encoded value. */
const ENCODED_LIMIT = 264;
const LINE_RE = /^([A-Z][A-Z0-9_]*)=(.*)$/;

/** `\xNN` escapes → bytes → UTF-8 text (what btrfs-progs prints for the same bytes). */
export function decodeBlkidEncoded(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const esc = /^\\x([0-9a-fA-F]{2})/.exec(value.slice(i, i + 4));
    if (esc) {
      bytes.push(parseInt(esc[1]!, 16));
      i += 3;
      continue;
    }
    for (const b of Buffer.from(value[i]!, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

export function parseBlkidUdev(text: string): BlkidProbe {
  const tags = new Map<string, string>();
  for (const line of numberedLines(text)) {
    if (line.text === '') continue;
    const m = LINE_RE.exec(line.text);
    if (!m) throw new ParseError(KIND, 'expected KEY=value', line.n, line.text);
    tags.set(m[1]!, m[2]!);
  }
  const enc = (key: string): string | null => {
    const encoded = tags.get(`${key}_ENC`);
    if (encoded !== undefined) return decodeBlkidEncoded(encoded);
    return tags.get(key) ?? null;
  };
  const labelEncoded = tags.get('ID_FS_LABEL_ENC');
  const label = enc('ID_FS_LABEL');
  return {
    type: tags.get('ID_FS_TYPE') || null,
    uuid: enc('ID_FS_UUID')?.toLowerCase() || null,
    uuidSub: enc('ID_FS_UUID_SUB')?.toLowerCase() || null,
    label: label === '' ? null : label,
    // An encoded value this long may have been cut: blkid stops before an escape that does not fit.
    labelCut: labelEncoded !== undefined && labelEncoded.length >= ENCODED_LIMIT - 4,
    partitionTable: tags.get('ID_PART_TABLE_TYPE') || null,
  };
}

/** `blkid -o value -s LABEL`: the raw label and one newline; nothing at all when there is no label. */
export function parseBlkidLabel(text: string): string | null {
  if (text === '') return null;
  if (!text.endsWith('\n')) throw new ParseError(KIND, 'a raw label ends with a newline; this output was cut short');
  const label = text.slice(0, -1);
  return label === '' ? null : label;
}
