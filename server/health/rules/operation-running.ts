import type { HealthRule } from '../context.ts';
import { runningOperation } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

export const operationRunningRule: HealthRule = (pool) => {
  const operation = runningOperation(pool);
  return operation === null ? [] : [makeAlert('operation-running', { operation })];
};
