import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors.ts';
import { describeIssues, parseInput } from './validation.ts';

const Body = z.strictObject({ name: z.string().min(1), size: z.number().int() });

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(Body, { name: 'a', size: 2 }, 'bad thing')).toEqual({ name: 'a', size: 2 });
  });

  it('names every wrong field in the message and keeps zod\'s issues as details', () => {
    let caught: unknown;
    try {
      parseInput(Body, { name: '', size: 1.5, extra: true }, 'bad thing');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const err = caught as ValidationError;
    expect(err.message).toMatch(/^bad thing: /);
    expect(err.message).toMatch(/name: /);
    expect(err.message).toMatch(/size: /);
    expect(err.message).toMatch(/\(body\): Unrecognized key: "extra"/);
    expect(err.details).toHaveLength(3);
  });

  it('reads a missing body as {} (the message lists what is missing), and names the root as asked', () => {
    expect(() => parseInput(Body, undefined, 'body must be { name, size }')).toThrow(/^body must be \{ name, size \}: name: .*; size: /);
    expect(() => parseInput(z.string().uuid(), 'x', 'invalid pool uuid "x"', 'uuid')).toThrow(/^invalid pool uuid "x": uuid: /);
  });

  it('lists at most twelve issues and counts the rest', () => {
    const Many = z.object(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}`, z.string()])));
    const text = describeIssues(Many.safeParse({}).error!.issues);
    expect(text.split('; ')).toHaveLength(13);
    expect(text).toMatch(/; and 3 more$/);
  });
});
