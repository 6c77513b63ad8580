import { describe, expect, it } from 'vitest';
import { parseChangeEvent } from './change-event.ts';

describe('parseChangeEvent', () => {
  it('reads the WatchStatus the server pushes', () => {
    const data = JSON.stringify({ version: 7, scannedAt: '2025-01-01T00:00:00.000Z', error: { code: 'host-error', message: 'btrfs is not installed' } });
    expect(parseChangeEvent(data)).toEqual({
      version: 7, scannedAt: '2025-01-01T00:00:00.000Z', error: { code: 'host-error', message: 'btrfs is not installed' },
      // An older server that does not send dataDir: writable.
      dataDir: { writable: true, reason: null, since: null, checkedAt: null },
    });
  });
  it('returns null for anything else', () => {
    expect(parseChangeEvent('not json')).toBeNull();
    expect(parseChangeEvent(JSON.stringify({ version: 'x' }))).toBeNull();
    expect(parseChangeEvent(undefined)).toBeNull();
  });
});
