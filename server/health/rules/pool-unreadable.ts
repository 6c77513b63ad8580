import type { HealthRule } from '../context.ts';
import { makeAlert } from './make-alert.ts';

/** The pool could not be read at all (ADR 010): the one alert it gets, since no other fact is known. */
export const poolUnreadableRule: HealthRule = (pool) =>
  pool.unreadable ? [makeAlert('pool-unreadable', { reason: pool.unreadable.reason })] : [];
