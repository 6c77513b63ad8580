import type { HealthRule } from '../context.ts';
import { makeAlert } from './make-alert.ts';

/** Parts of the snapshot that could not be read: the rest of the verdict may be missing facts. */
export const readProblemRule: HealthRule = (pool) =>
  pool.problems.map((p) => makeAlert('read-problem', { source: p.source, detail: p.message }));
