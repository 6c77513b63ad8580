/**
 * Pools the admin imported (adopted) into poolwatch.
 * Named `inventory-002-managed-pools` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE managed_pools (
    uuid TEXT PRIMARY KEY,
    label TEXT,
    managed_at TEXT NOT NULL
  );
    `;
