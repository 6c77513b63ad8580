/**
 * `btrfs device stats [-c] <mnt>`: the five cumulative error counters of every member, from the
 * text form (`[/dev/vda3].write_io_errs   0`) or from `btrfs --format json device stats`
 * (btrfs-progs >= 5.x prints every number as a string there). A member that is missing from a
 * mounted pool is named `devid:N` instead of a device path in both forms.
 */
import { z } from 'zod';
import { DeviceErrors } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';

const TEXT_KIND = 'dev-stats';
const JSON_KIND = 'dev-stats-json';

/** `btrfs device stats -c` adds this bit to the exit status when any counter is non-zero. */
const NONZERO_COUNTERS_EXIT_BIT = 64;

/** btrfs-progs counter names → our `DeviceErrors` keys. */
const COUNTER_KEYS = {
  write_io_errs: 'write',
  read_io_errs: 'read',
  flush_io_errs: 'flush',
  corruption_errs: 'corruption',
  generation_errs: 'generation',
} as const satisfies Record<string, keyof DeviceErrors>;
type CounterName = keyof typeof COUNTER_KEYS;
const COUNTER_NAMES = Object.keys(COUNTER_KEYS) as CounterName[];

export const DeviceStatsEntry = z.object({
  /** As btrfs prints it: a device path, or `devid:N` for a missing member. */
  device: z.string(),
  /** From the JSON `devid` field or a `devid:N` name; null when the text form names a path. */
  devid: z.number().int().nonnegative().nullable(),
  missing: z.boolean(),
  errors: DeviceErrors,
});
export type DeviceStatsEntry = z.infer<typeof DeviceStatsEntry>;

export const DeviceStats = z.object({ devices: z.array(DeviceStatsEntry) });
export type DeviceStats = z.infer<typeof DeviceStats>;

const MISSING_DEVICE_RE = /^devid:(\d+)$/;

function missingDevid(device: string): number | null {
  const m = MISSING_DEVICE_RE.exec(device);
  return m ? Number(m[1]) : null;
}

const TEXT_LINE_RE = /^\[(.+)\]\.([a-z_]+)\s+(\d+)\s*$/;

export function parseDeviceStatsText(text: string): DeviceStats {
  const lines = numberedLines(text);
  const byDevice = new Map<string, { firstLine: { n: number; text: string }; counters: Partial<Record<CounterName, number>> }>();

  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const m = TEXT_LINE_RE.exec(line.text);
    if (!m) throw new ParseError(TEXT_KIND, "expected '[<device>].<counter> <value>'", line.n, line.text);
    const device = m[1] ?? '';
    const name = m[2] ?? '';
    if (!(name in COUNTER_KEYS)) throw new ParseError(TEXT_KIND, `unknown counter ${JSON.stringify(name)}`, line.n, line.text);
    const counter = name as CounterName;
    let entry = byDevice.get(device);
    if (!entry) {
      entry = { firstLine: line, counters: {} };
      byDevice.set(device, entry);
    }
    if (entry.counters[counter] !== undefined) {
      throw new ParseError(TEXT_KIND, `counter ${counter} repeated for ${device}`, line.n, line.text);
    }
    entry.counters[counter] = Number(m[3]);
  }

  if (byDevice.size === 0) {
    const last = lines[lines.length - 1];
    throw new ParseError(TEXT_KIND, 'empty output: no counter lines', last?.n, last?.text);
  }

  const devices: DeviceStatsEntry[] = [];
  for (const [device, { firstLine, counters }] of byDevice) {
    const absent = COUNTER_NAMES.filter((c) => counters[c] === undefined);
    if (absent.length > 0) {
      throw new ParseError(TEXT_KIND, `counters missing for ${device}: ${absent.join(', ')}`, firstLine.n, firstLine.text);
    }
    const devid = missingDevid(device);
    devices.push({
      device,
      devid,
      missing: devid !== null,
      errors: {
        write: counters.write_io_errs ?? 0,
        read: counters.read_io_errs ?? 0,
        flush: counters.flush_io_errs ?? 0,
        corruption: counters.corruption_errs ?? 0,
        generation: counters.generation_errs ?? 0,
      },
    });
  }
  return DeviceStats.parse({ devices });
}

/** btrfs-progs' JSON printer quotes every integer; older/newer ones may not: accept both. */
const JsonCount = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+$/, 'expected a decimal count')
    .transform((s) => Number(s)),
]);

const JsonDeviceStats = z.object({
  'device-stats': z
    .array(
      z.object({
        device: z.string().min(1),
        devid: JsonCount.optional(),
        write_io_errs: JsonCount,
        read_io_errs: JsonCount,
        flush_io_errs: JsonCount,
        corruption_errs: JsonCount,
        generation_errs: JsonCount,
      }),
    )
    .min(1),
});

/** 1-based line of a character offset, for pointing a JSON syntax error at its line. */
function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') n++;
  return n;
}

export function parseDeviceStatsJson(text: string): DeviceStats {
  const lines = numberedLines(text);
  if (text.trim() === '') throw new ParseError(JSON_KIND, 'empty output');

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /at position (\d+)/.exec(message);
    const n = pos ? lineAt(text, Number(pos[1])) : /end of JSON input/.test(message) ? lines.length : undefined;
    throw new ParseError(JSON_KIND, `not valid JSON: ${message}`, n, n === undefined ? undefined : lines[n - 1]?.text);
  }

  const parsed = JsonDeviceStats.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ParseError(JSON_KIND, `unexpected JSON shape at ${where || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }

  const devices = parsed.data['device-stats'].map((d): DeviceStatsEntry => {
    const named = missingDevid(d.device);
    return {
      device: d.device,
      devid: d.devid ?? named,
      missing: named !== null,
      errors: {
        write: d.write_io_errs,
        read: d.read_io_errs,
        flush: d.flush_io_errs,
        corruption: d.corruption_errs,
        generation: d.generation_errs,
      },
    };
  });
  return DeviceStats.parse({ devices });
}

export const DeviceStatsExit = z.object({
  /** Bit 64: `-c` found at least one non-zero counter (data, not a failure). */
  nonZeroCounters: z.boolean(),
  /** Any other non-zero bit: the command itself failed (e.g. not a mounted btrfs); stdout is not stats. */
  failed: z.boolean(),
});
export type DeviceStatsExit = z.infer<typeof DeviceStatsExit>;

export function decodeDeviceStatsExit(exitCode: number): DeviceStatsExit {
  if (!Number.isInteger(exitCode) || exitCode < 0) return { nonZeroCounters: false, failed: true };
  return {
    nonZeroCounters: (exitCode & NONZERO_COUNTERS_EXIT_BIT) !== 0,
    failed: (exitCode & ~NONZERO_COUNTERS_EXIT_BIT) !== 0,
  };
}
