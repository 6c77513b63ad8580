/**
 * Progress arithmetic, pure: ETA from the rate percent has moved, and local-time comparisons
 * for the timestamps btrfs prints (scrub `%c`, replace `%e.%b %T`, both local time).
 */

export interface ProgressSample {
  atMs: number;
  percent: number;
}

/** Below this much movement the rate says nothing (replace moves in whole chunks). */
const MIN_PERCENT_MOVED = 0.5;

/**
 * Seconds left at the rate progress moved between the first sample and now; null until it has
 * moved enough to say, or when it is done.
 */
export function estimateEtaSeconds(first: ProgressSample | null, now: ProgressSample): number | null {
  if (!first || now.percent >= 100) return null;
  const moved = now.percent - first.percent;
  const elapsedMs = now.atMs - first.atMs;
  if (moved < MIN_PERCENT_MOVED || elapsedMs <= 0) return null;
  return Math.max(0, Math.round(((100 - now.percent) * elapsedMs) / moved / 1000));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SS` in local time: the form the scrub-status parser gives `startedLocal` in. */
export function localIso(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `26.Nov 15:24:23` (replace status; no year) as a local Date near `reference`: the year that
 * puts it closest to the reference. Null when the text has another shape.
 */
export function parseReplaceTime(text: string, reference: Date): Date | null {
  const m = /^\s*(\d{1,2})\.([A-Z][a-z]{2}) (\d{2}):(\d{2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return null;
  const candidates = [-1, 0, 1].map((dy) =>
    new Date(reference.getFullYear() + dy, month, Number(m[1]), Number(m[3]), Number(m[4]), Number(m[5])));
  return candidates.sort((a, b) => Math.abs(a.getTime() - reference.getTime()) - Math.abs(b.getTime() - reference.getTime()))[0] ?? null;
}

/**
 * btrfs prints whole seconds; the job's start is taken just before the command ran. A status
 * whose start is older than this before the job's start belongs to an earlier operation.
 */
export const START_TOLERANCE_MS = 2000;

/** True when a status that started at `statusStart` can be the operation this job started at `jobStart`. */
export function startedSince(statusStart: Date, jobStart: Date): boolean {
  return statusStart.getTime() >= jobStart.getTime() - START_TOLERANCE_MS;
}

/** `YYYY-MM-DDTHH:MM:SS` (local time, as the scrub-status parser gives it) → Date; null otherwise. */
export function parseLocalIso(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
