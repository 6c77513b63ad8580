/** SMART history reads rows of other versions as written: an unknown status or reason code is kept, not rewritten. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/clock.ts';
import { openDb } from './db.ts';
import { SmartStore } from './smart-store.ts';

describe('SmartStore history', () => {
  it('keeps a status and reason codes this version does not know', () => {
    const db = openDb(':memory:', new FakeClock());
    db.prepare('INSERT INTO smart_history (disk_key, at, status, reason_codes, key_values, temperature_celsius) VALUES (?, ?, ?, ?, ?, ?)')
      .run('wwn:1', '2026-01-01T00:00:00.000Z', 'degrading', JSON.stringify(['pending-sectors', 'helium-low']), JSON.stringify({ 'ata-197': 8 }), 41);
    expect(new SmartStore(db).history('wwn:1')).toEqual([
      { at: '2026-01-01T00:00:00.000Z', status: 'degrading', reasonCodes: ['pending-sectors', 'helium-low'], keyValues: { 'ata-197': 8 }, temperatureCelsius: 41 },
    ]);
  });
});
