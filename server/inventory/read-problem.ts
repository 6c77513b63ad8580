/**
 * A failed read, as the data a pool carries (`Pool.problems`): the admin reads "poolwatch could
 * not read …"; the parser's reason, the raw line, or the command and its stderr go to `details`.
 */
import type { ReadProblem } from '../../contracts/api.ts';
import { HostError } from '../host/host-error.ts';
import { PARSE_SOURCES, ParseError, couldNotRead, parseErrorDetails } from '../parsers/parse-error.ts';

/** `source`: what was read, a parser kind (`device-usage`, `chunk-tree`) or a sysfs path. */
export function readProblem(source: string, err: unknown): ReadProblem {
  const what = PARSE_SOURCES[source] ?? source;
  if (err instanceof ParseError) return { source, message: couldNotRead(err), details: parseErrorDetails(err) };
  if (err instanceof HostError) {
    return {
      source,
      message: `poolwatch could not read ${what}: ${err.message}`,
      details: { argv: [err.command.file, ...err.command.args], exitCode: err.detail.exitCode, stderr: err.detail.stderr.slice(0, 4000) },
    };
  }
  return { source, message: `poolwatch could not read ${what}: ${err instanceof Error ? err.message : String(err)}` };
}
