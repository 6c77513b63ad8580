/**
 * Per-disk smartctl -d overrides, the last SMART result, its history, and ERC values to re-apply.
 * Named `smart-001-device-types-latest-history-erc` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE smart_device_types (
    disk_key TEXT PRIMARY KEY,
    device_type TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
  );
  CREATE TABLE smart_latest (
    disk_key TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL,
    result TEXT NOT NULL
  );
  CREATE TABLE smart_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disk_key TEXT NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    reason_codes TEXT NOT NULL,
    key_values TEXT NOT NULL,
    temperature_celsius INTEGER
  );
  CREATE INDEX smart_history_disk ON smart_history(disk_key, id);
  CREATE TABLE smart_erc_settings (
    disk_key TEXT PRIMARY KEY,
    read_ds INTEGER NOT NULL,
    write_ds INTEGER NOT NULL,
    reapply_at_start INTEGER NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
  );
    `;
