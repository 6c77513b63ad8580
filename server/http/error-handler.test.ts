import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../contracts/api.ts';
import { ParseError } from '../parsers/parse-error.ts';
import { errorHandler } from './error-handler.ts';

function answer(err: unknown): { status: number; body: ApiError } {
  const out = { status: 0, body: null as unknown as ApiError };
  const res = {
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: ApiError) {
      out.body = body;
      return this;
    },
    setHeader() {},
  };
  errorHandler(err, {} as never, res as never, () => undefined);
  return out;
}

describe('errorHandler', () => {
  it('answers a line poolwatch could not read in words, the raw line in details', () => {
    const { status, body } = answer(new ParseError('device-usage', 'unknown line "Data,unknown" (expected <Type>,<profile>)', 3, '   Data,unknown:   1'));
    expect(status).toBe(502);
    expect(body.code).toBe('parse-error');
    expect(body.message).toBe("poolwatch could not read the pool's space per member (btrfs device usage): line 3 is in a form it does not know");
    expect(body.details).toEqual({ kind: 'device-usage', reason: 'unknown line "Data,unknown" (expected <Type>,<profile>)', lineNumber: 3, line: '   Data,unknown:   1' });
  });
});
