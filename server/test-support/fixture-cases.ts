/**
 * Test-only helpers for the parser tests: the fixture captures they are table-driven over, the
 * guard that no capture goes untested, and the check that bad input fails as a ParseError.
 * Imported by `*.test.ts` files only: parser code stays free of I/O.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ParseError } from '../parsers/parse-error.ts';

const ROCKSTOR_DIR = fileURLToPath(new URL('../../fixtures/rockstor/', import.meta.url));
const LAB_DIR = fileURLToPath(new URL('../../fixtures/lab/', import.meta.url));

export interface FixtureFile {
  /** The file name, e.g. `fi-show__raw-label-none.txt`: what tests are named after and keyed by. */
  name: string;
  text: string;
}

/** A Rockstor capture (`fixtures/rockstor/<slug>__<test>__<n>.txt`) and its `.expected.json` sidecar. */
export interface CorpusCase<S> extends FixtureFile {
  sidecar: S;
}

/** The `.meta.json` beside a lab capture: the fields the tests read (captures record more). */
export interface LabMeta {
  command: string;
  scenario: string;
  capturedAt: string;
  exitCode?: number;
}

/** A lab capture (`fixtures/lab/<kind>__<scenario>.txt`) and its `.meta.json`, when there is one. */
export interface LabCase<M> extends FixtureFile {
  meta: M | undefined;
}

/** A capture kind: a string names one kind exactly (the part before `__`), a RegExp is tested against it. */
export type KindFilter = string | RegExp;

const kindOf = (file: string): string => file.slice(0, Math.max(0, file.indexOf('__')));

function namesIn(dir: string, kinds: readonly KindFilter[], ext: string): string[] {
  const wanted = (kind: string) => kinds.some((k) => (typeof k === 'string' ? k === kind : k.test(kind)));
  return readdirSync(dir)
    .filter((f) => f.includes('__') && f.endsWith(ext) && !f.endsWith('.meta.json') && wanted(kindOf(f)))
    .sort();
}

const readIn = (dir: string, name: string): string => readFileSync(dir + name, 'utf8');
/** `x__y.txt` → `x__y<ext>`. */
const sibling = (name: string, ext: string): string => name.replace(/\.[a-z]+$/, ext);

/** One Rockstor capture by file name (for tests about a particular capture). */
export const readCorpus = (name: string): string => readIn(ROCKSTOR_DIR, name);

/** One lab capture by file name (for tests about a particular capture, or the same pool in another form). */
export const readLab = (name: string): string => readIn(LAB_DIR, name);

/**
 * Every Rockstor capture of the given command slugs, sorted by name, each with its parsed sidecar.
 * A capture without a sidecar fails the whole file: the sidecar is the expectation.
 */
export function corpusCases<S>(...slugs: string[]): CorpusCase<S>[] {
  return namesIn(ROCKSTOR_DIR, slugs, '.txt').map((name) => {
    const sidecar = sibling(name, '.expected.json');
    if (!existsSync(ROCKSTOR_DIR + sidecar)) throw new Error(`fixtures/rockstor/${name} has no ${sidecar}`);
    return { name, text: readCorpus(name), sidecar: JSON.parse(readCorpus(sidecar)) as S };
  });
}

/** Every lab capture of the given kinds (`.txt` unless `ext` says otherwise), sorted by name, with its meta. */
export function labCases<M = LabMeta>(kinds: KindFilter | readonly KindFilter[], ext = '.txt'): LabCase<M>[] {
  return namesIn(LAB_DIR, Array.isArray(kinds) ? kinds : [kinds as KindFilter], ext).map((name) => {
    const meta = sibling(name, '.meta.json');
    return { name, text: readLab(name), meta: existsSync(LAB_DIR + meta) ? (JSON.parse(readLab(meta)) as M) : undefined };
  });
}

/** The corpus has the captures the README counts, and each came with its sidecar. */
function expectCorpus(cases: readonly CorpusCase<unknown>[], count: number): void {
  expect(cases).toHaveLength(count);
  for (const c of cases) expect(c.sidecar, c.name).toBeDefined();
}

/**
 * Every capture has an expectation and every expectation a capture, so that a new, renamed or
 * deleted fixture cannot silently go untested.
 */
export function expectEveryCaptureCovered(
  captures: readonly (FixtureFile | string)[],
  expectations: Readonly<Record<string, unknown>> | readonly string[],
): void {
  const names = captures.map((c) => (typeof c === 'string' ? c : c.name));
  const keys = Array.isArray(expectations) ? [...(expectations as readonly string[])] : Object.keys(expectations);
  expect([...names].sort()).toEqual([...new Set(keys)].sort());
}

/**
 * The coverage guard (expectEveryCaptureCovered), then one test per capture, named after it, that
 * checks the capture against its expectation.
 */
export function itEachCapture<C extends FixtureFile, W>(
  captures: readonly C[],
  expectations: Readonly<Record<string, W>>,
  check: (capture: C, want: W) => void,
): void {
  it('has an expectation for every capture and a capture for every expectation', () => {
    expectEveryCaptureCovered(captures, expectations);
  });
  for (const capture of captures) {
    it(capture.name, () => {
      const want = expectations[capture.name];
      expect(want, `no expectation for ${capture.name}`).toBeDefined();
      check(capture, want as W);
    });
  }
}

/** The count guard (expectCorpus), then one test per Rockstor capture, named after it. */
export function itEachCorpusCase<S>(cases: readonly CorpusCase<S>[], count: number, check: (c: CorpusCase<S>) => void): void {
  it(`finds all ${count} captures and their sidecars`, () => {
    expectCorpus(cases, count);
  });
  for (const c of cases) it(c.name, () => check(c));
}

/** What the ParseError must say; `lineNumber: undefined` asserts that no line is blamed. */
export interface ParseErrorWant {
  kind: string;
  lineNumber?: number | undefined;
  /** The offending line's text. */
  line?: string | undefined;
  reason?: RegExp;
}

/** Runs `fn`, asserts it throws a ParseError matching `want`, and returns the error for further checks. */
export function expectParseError(fn: () => unknown, want: ParseErrorWant): ParseError {
  let thrown: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (err) {
    thrown = err;
    threw = true;
  }
  expect(threw, 'expected a ParseError, got a result').toBe(true);
  expect(thrown).toBeInstanceOf(ParseError);
  const e = thrown as ParseError;
  expect(e.kind).toBe(want.kind);
  // The message is what logs and the CLI show: it must name the parser too.
  expect(e.message).toContain(want.kind);
  if ('lineNumber' in want) expect(e.lineNumber).toBe(want.lineNumber);
  if ('line' in want) expect(e.line).toBe(want.line);
  if (want.reason !== undefined) expect(e.reason).toMatch(want.reason);
  return e;
}

/** A bad input and what its ParseError must say (the kind is the table's). */
export interface BadInputCase extends Omit<ParseErrorWant, 'kind'> {
  /** The test's name. */
  name: string;
  text: string;
}

/** One test per bad input: each must fail as a ParseError of `kind` that says what the case expects. */
export function itRejects(kind: string, parse: (text: string) => unknown, cases: readonly BadInputCase[]): void {
  for (const { name, text, ...want } of cases) {
    it(name, () => {
      expectParseError(() => parse(text), { kind, ...want });
    });
  }
}
