import { systemClock, type Clock } from '../clock.ts';
import { DataDirHealth } from '../store/data-dir.ts';
import type { Db } from '../store/db.ts';

/** The data dir health of a unit test on an in-memory database (no folder to probe); warnings go nowhere unless asked. */
export function testWrites(clock: Clock = systemClock, warn: (line: string) => void = () => undefined): DataDirHealth {
  return new DataDirHealth('/nonexistent/poolwatch-test', clock, false, warn);
}

/**
 * Makes the database refuse every write as a read-only data dir does (SQLITE_READONLY); reads still
 * work. `false` lifts it. For unit tests; the integration test fills a real tiny file system
 * (server/store/data-dir.int.test.ts).
 */
export function refuseWrites(db: Db, refuse = true): void {
  db.pragma(`query_only = ${refuse ? 'ON' : 'OFF'}`);
}
