import { PoolUuidParam } from '../../contracts/api.ts';
import { ValidationError } from '../errors.ts';

export function parseUuid(raw: string | undefined): string {
  const uuid = PoolUuidParam.safeParse(raw);
  if (!uuid.success) throw new ValidationError(`invalid pool uuid "${raw}": ${uuid.error.issues[0]?.message}`);
  return uuid.data.toLowerCase();
}
