import { PoolUuidParam } from '../../contracts/api.ts';
import { parseInput } from '../validation.ts';

export function parseUuid(raw: string | undefined): string {
  return parseInput(PoolUuidParam, raw ?? '', `invalid pool uuid "${raw ?? ''}"`, 'uuid').toLowerCase();
}
