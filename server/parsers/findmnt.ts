/**
 * `findmnt -J -o SOURCE,TARGET,FSTYPE,OPTIONS,UUID [-t btrfs]`: the mount tree, flattened
 * (parents before their children, in findmnt's order).
 *
 * A bind or subvolume mount shows its root in brackets after the device: `/dev/loop3[/sub]`.
 * The bracket part goes to `subvolPath` so `source` is always the device.
 */
import { z } from 'zod';
import { ParseError } from './parse-error.ts';
import { lineContaining, parseJsonText } from './json-input.ts';
import { parseMountOptions } from './mount-options.ts';

const KIND = 'findmnt';

export const Mount = z.object({
  /** The device (or pseudo source like `tmpfs`), without the `[/path]` suffix. */
  source: z.string(),
  /** For btrfs the subvolume path of a subvolume mount (for other filesystems, the bind-mount root); null when the source has no `[...]`. */
  subvolPath: z.string().nullable(),
  target: z.string(),
  fstype: z.string(),
  options: z.array(z.string()),
  uuid: z.string().nullable(),
});
export type Mount = z.infer<typeof Mount>;

export const FindmntReport = z.object({ mounts: z.array(Mount) });
export type FindmntReport = z.infer<typeof FindmntReport>;

// One node at a time (children checked when visited), so an error names the node at fault.
const RawFs = z.object({
  source: z.string(),
  target: z.string(),
  fstype: z.string(),
  options: z.string(),
  uuid: z.string().nullable().optional(),
  children: z.array(z.unknown()).optional(),
});

const RawReport = z.object({ filesystems: z.array(z.unknown()) });

/** `/dev/loop3[/sub]` → device and bracketed root (which starts with `/`). */
const BRACKETED_ROOT = /^(.+?)\[(\/.*)\]$/;

export function parseFindmntJson(text: string): FindmntReport {
  const json = parseJsonText(KIND, text);
  // With no match, util-linux 2.38 prints `{"filesystems": []}` (exit 0): empty output is an error.
  const report = RawReport.safeParse(json);
  if (!report.success) {
    const first = lineContaining(text, '{');
    throw new ParseError(KIND, 'expected {"filesystems": [...]}', first?.n, first?.text);
  }
  const mounts: Mount[] = [];
  const visit = (node: unknown, path: string) => {
    const fs = RawFs.safeParse(node);
    if (!fs.success) {
      const issue = fs.error.issues[0];
      const target = typeof node === 'object' && node && 'target' in node ? String((node as { target: unknown }).target) : null;
      const at = target ? lineContaining(text, `"target": ${JSON.stringify(target)}`) : null;
      throw new ParseError(KIND, `${path}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'unexpected shape'}`, at?.n, at?.text);
    }
    const { source, target, fstype, options, uuid, children } = fs.data;
    const bracket = BRACKETED_ROOT.exec(source);
    mounts.push({
      source: bracket ? bracket[1]! : source,
      subvolPath: bracket ? bracket[2]! : null,
      target,
      fstype,
      options: parseMountOptions(options),
      uuid: uuid ? uuid : null,
    });
    (children ?? []).forEach((child, k) => visit(child, `${path}.children[${k}]`));
  };
  report.data.filesystems.forEach((node, k) => visit(node, `filesystems[${k}]`));
  return FindmntReport.parse({ mounts });
}
