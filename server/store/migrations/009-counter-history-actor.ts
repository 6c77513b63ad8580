/**
 * Who reset the counters (the history kept since inventory-001 records values and a reason only).
 * Named `monitor-003-counter-history-actor` before the list was ordered (see index.ts).
 */
export const sql = `
  ALTER TABLE counter_history ADD COLUMN actor TEXT;
  CREATE INDEX counter_history_at ON counter_history(at);
    `;
