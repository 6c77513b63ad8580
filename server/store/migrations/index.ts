import { INVENTORY_MIGRATIONS } from './inventory.ts';

export interface Migration {
  /** Unique and permanent: `<feature>-NNN-<what>`. */
  name: string;
  sql: string;
}

/** Every feature's migrations, in order. A feature adds one import and one spread here. */
export const ALL_MIGRATIONS: readonly Migration[] = [
  ...INVENTORY_MIGRATIONS,
];
