import type { AssessContext } from '../health/context.ts';
import { TEST_NOW } from './clock.ts';

/** Assessment context for tests: a fixed clock, no spare disks unless given. */
export function makeContext(overrides: Partial<AssessContext> = {}): AssessContext {
  return { now: new Date(TEST_NOW), spareDisks: [], ...overrides };
}
