/**
 * The schema's history: ONE ordered list, applied in order, each migration once (server/store/db.ts
 * records it in schema_migrations and in PRAGMA user_version). A migration never changes once it
 * has landed on main; a new table or column is a new file `NNN-<what>.ts` and a new line at the
 * END of this list. (docs/decisions/012-schema-history-and-time.md)
 */
import { sql as disksMembersCounters } from './001-disks-members-counters.ts';
import { sql as managedPools } from './002-managed-pools.ts';
import { sql as auditLog } from './003-audit-log.ts';
import { sql as usersSessionsTokens } from './004-users-sessions-tokens.ts';
import { sql as smartDeviceTypesLatestHistoryErc } from './005-smart-device-types-latest-history-erc.ts';
import { sql as jobsJournal } from './006-jobs-journal.ts';
import { sql as notify } from './007-notify.ts';
import { sql as schedules } from './008-schedules.ts';
import { sql as counterHistoryActor } from './009-counter-history-actor.ts';
import { sql as auditCount } from './010-audit-count.ts';
import { sql as dataDirProbe } from './011-data-dir-probe.ts';

export interface Migration {
  /** 1, 2, 3 … in list order: the schema version once it is applied. */
  version: number;
  /** What it does, unique: `<what>`. */
  name: string;
  /**
   * The name it was recorded under before the list was ordered (per-feature names such as
   * `auth-001-users-sessions-tokens`): a database that has that row has this migration.
   */
  formerly?: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'disks-members-counters', formerly: 'inventory-001-disks-members-counters', sql: disksMembersCounters },
  { version: 2, name: 'managed-pools', formerly: 'inventory-002-managed-pools', sql: managedPools },
  { version: 3, name: 'audit-log', formerly: 'audit-001-log', sql: auditLog },
  { version: 4, name: 'users-sessions-tokens', formerly: 'auth-001-users-sessions-tokens', sql: usersSessionsTokens },
  { version: 5, name: 'smart-device-types-latest-history-erc', formerly: 'smart-001-device-types-latest-history-erc', sql: smartDeviceTypesLatestHistoryErc },
  { version: 6, name: 'jobs-journal', formerly: 'jobs-001-journal', sql: jobsJournal },
  { version: 7, name: 'notify', formerly: 'monitor-001-notify', sql: notify },
  { version: 8, name: 'schedules', formerly: 'monitor-002-schedules', sql: schedules },
  { version: 9, name: 'counter-history-actor', formerly: 'monitor-003-counter-history-actor', sql: counterHistoryActor },
  { version: 10, name: 'audit-count', sql: auditCount },
  { version: 11, name: 'data-dir-probe', sql: dataDirProbe },
];
