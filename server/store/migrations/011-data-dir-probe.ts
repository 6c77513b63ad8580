/** One row the data dir probe rewrites every minute (server/store/data-dir.ts): a write that must reach the disk. */
export const sql = `
  CREATE TABLE data_dir_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
`;
