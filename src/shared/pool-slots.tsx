/**
 * Slots the app fills on the pool page without the pools feature importing the others: what runs
 * on the pool and the actions an admin can start (features/jobs, features/actions).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Alert, MaintenanceStep } from '../../contracts/health.ts';
import type { PoolView } from '../../contracts/views.ts';

export interface PoolSlots {
  /** Below the pool's facts: its running jobs and the admin's action buttons. */
  poolActions: ((pool: PoolView) => ReactNode) | null;
  /** Beside a maintenance step that has an action counterpart: "Do this step". */
  stepAction: ((pool: PoolView, step: MaintenanceStep) => ReactNode) | null;
  /** Beside an alert that one action fixes (mixed profiles → convert balance). */
  alertAction: ((pool: PoolView, alert: Alert) => ReactNode) | null;
  /** After the members: their error counter history (features/counters). */
  poolHistory?: ((pool: PoolView) => ReactNode) | null;
}

const EMPTY: PoolSlots = { poolActions: null, stepAction: null, alertAction: null, poolHistory: null };
const PoolSlotsContext = createContext<PoolSlots>(EMPTY);

export function PoolSlotsProvider({ value, children }: { value: PoolSlots; children: ReactNode }) {
  return <PoolSlotsContext.Provider value={value}>{children}</PoolSlotsContext.Provider>;
}

export function usePoolSlots(): PoolSlots {
  return useContext(PoolSlotsContext);
}
