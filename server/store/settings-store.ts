/**
 * Settings the admin changes in the UI (notification reminders, retention, …): one JSON value per
 * key, read through a zod schema with a default, so a value written by another version that no
 * longer fits falls back to the default instead of breaking the page.
 */
import type { z } from 'zod';
import type { Db } from './db.ts';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const r = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!r) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(r.value));
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown, by: string, at: string): void {
    this.db.prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(key, JSON.stringify(value), at, by);
  }
}
