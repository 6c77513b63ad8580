import type { z } from 'zod';
import { PoolUuidParam } from '../../contracts/api.ts';
import { ValidationError } from '../errors.ts';

export function parseUuid(raw: string | undefined): string {
  const uuid = PoolUuidParam.safeParse(raw);
  if (!uuid.success) throw new ValidationError(`invalid pool uuid "${raw}": ${uuid.error.issues[0]?.message}`);
  return uuid.data.toLowerCase();
}

/** Parses a body or query with its contract; a mismatch is a 400 naming every field that is wrong. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new ValidationError(`bad ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`, parsed.error.issues);
  }
  return parsed.data;
}
