import type { DeviceErrors } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';

const FIELDS: Record<string, keyof DeviceErrors> = {
  write_errs: 'write',
  read_errs: 'read',
  flush_errs: 'flush',
  corruption_errs: 'corruption',
  generation_errs: 'generation',
};

/** `/sys/fs/btrfs/<uuid>/devinfo/<id>/error_stats`: `write_errs 0` lines, one per counter. */
export function parseSysfsErrorStats(text: string): DeviceErrors {
  const out: Partial<DeviceErrors> = {};
  for (const { n, text: line } of numberedLines(text)) {
    if (!line.trim()) continue;
    const m = /^(\w+)\s+(\d+)$/.exec(line.trim());
    if (!m) throw new ParseError('sysfs-error-stats', 'expected "<counter> <number>"', n, line);
    const field = FIELDS[m[1]!];
    if (field) out[field] = Number(m[2]);
  }
  for (const [name, field] of Object.entries(FIELDS)) {
    if (out[field] === undefined) throw new ParseError('sysfs-error-stats', `counter ${name} is missing`);
  }
  return out as DeviceErrors;
}
