import type { Request } from 'express';
import { PoolUuidParam } from '../../contracts/api.ts';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../validation.ts';

export function parseUuid(raw: string | undefined): string {
  return parseInput(PoolUuidParam, raw ?? '', `invalid pool uuid "${raw ?? ''}"`, 'uuid').toLowerCase();
}

/** Identity keys are `wwn:…`, `serial:<model>:<serial>`, `loop:<file>`: free text, but bounded. */
const MAX_KEY_LENGTH = 1024;

/** The `:key` route parameter: a disk identity key. */
export function diskKey(req: Request): string {
  const key = req.params.key;
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) throw new ValidationError('the disk key is missing or too long');
  return key;
}
