/**
 * One way to read input: a zod schema from contracts/ parses what came in (a body, a query, a route
 * parameter, a settings document). A mismatch is a ValidationError — answered 400
 * `{ code: 'bad-request', message, details }` by the error handler — whose message names every
 * field that is wrong and whose details are zod's issues. Routes use it, and so do services that
 * receive raw input (actions, settings, notification channels).
 */
import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Issues listed in a message; the rest are counted ("and 3 more"), all of them stay in details. */
const MAX_LISTED_ISSUES = 12;

/** zod's issues in one line: `path: message; …`; an issue about the whole input is named `root`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = '(body)'): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path.length ? i.path.join('.') : root}: ${i.message}`);
  const more = issues.length - lines.length;
  return lines.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/**
 * `value` parsed by `schema`, or a ValidationError `<what>: <every issue>` (nothing else happens).
 * A missing body (undefined) reads as `{}`, so the message names the fields it lacks.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string, root?: string): z.output<S> {
  const parsed = schema.safeParse(value === undefined ? {} : value);
  if (!parsed.success) throw new ValidationError(`${what}: ${describeIssues(parsed.error.issues, root)}`, parsed.error.issues);
  return parsed.data;
}
