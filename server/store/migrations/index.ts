import { AUTH_MIGRATIONS } from './auth.ts';
import { INVENTORY_MIGRATIONS } from './inventory.ts';
import { JOBS_MIGRATIONS } from './jobs.ts';
import { MONITOR_MIGRATIONS } from './monitor.ts';
import { SMART_MIGRATIONS } from './smart.ts';

export interface Migration {
  /** Unique and permanent: `<feature>-NNN-<what>`. */
  name: string;
  sql: string;
}

/** Every feature's migrations, in order. A feature adds one import and one spread here. */
export const ALL_MIGRATIONS: readonly Migration[] = [
  ...INVENTORY_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  ...SMART_MIGRATIONS,
  ...JOBS_MIGRATIONS,
  ...MONITOR_MIGRATIONS,
];
