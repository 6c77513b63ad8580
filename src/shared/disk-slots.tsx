/**
 * Slots that features fill for each other without importing each other: the app decides what a
 * disk's health cell shows (today: the SMART status), which actions a disk row offers (identify),
 * and the disks and pools features render them; and how a job started on a disk (a SMART self-test,
 * ERC, identify) is shown: the jobs' own card.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Disk } from '../../contracts/api.ts';

export interface DiskSlots {
  /** A compact per-disk health cell (e.g. SMART), by disk identity key; null when none. */
  diskStatus: ((diskKey: string) => ReactNode) | null;
  /** A job started on a disk, followed live as the jobs pages show it (state, progress, outcome in words). */
  diskJob: ((jobId: string) => ReactNode) | null;
  /** Per-disk actions on the disks page (today: identify / blink, for admins); null when none. */
  diskActions?: ((disk: Disk) => ReactNode) | null;
}

const DiskSlotsContext = createContext<DiskSlots>({ diskStatus: null, diskJob: null });

export function DiskSlotsProvider({ value, children }: { value: DiskSlots; children: ReactNode }) {
  return <DiskSlotsContext.Provider value={value}>{children}</DiskSlotsContext.Provider>;
}

export function useDiskSlots(): DiskSlots {
  return useContext(DiskSlotsContext);
}
