/**
 * Writes never break reads. poolwatch watches exactly the machine whose disks fill up and fail, so
 * its own data dir may be full or read-only while the pools still need watching. Every write is one
 * of two kinds:
 * - best-effort (a session's "last used", a scan's disk inventory, a SMART result kept for later):
 *   a storage failure is noted and swallowed, the read answers as usual;
 * - must-happen (the audit entry and journal row of an action, a new user): a storage failure
 *   refuses the request with a StorageError (503, "poolwatch cannot write its data dir: …") before
 *   anything runs.
 * The noted failure is what GET /api/status reports (`dataDir`) and the UI turns into an alert;
 * a probe write every minute notices when the data dir is writable again (or breaks while idle).
 */
import { EventEmitter } from 'node:events';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { every, type Clock, type Repeating } from '../clock.ts';
import type { DataDirStatus } from '../../contracts/views.ts';
import { StorageError } from '../errors.ts';
import type { Db } from './db.ts';

/** How often the probe write runs: soon enough for the alert, rare enough to cost nothing. */
export const DATA_DIR_PROBE_MS = 60_000;
/** One file-system block: what any real write needs at least. */
const PROBE_BYTES = 4096;

/** SQLite result codes (better-sqlite3's SqliteError.code) that mean "the storage refused the write". */
const SQLITE_STORAGE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM|NOLFS)/;
/** The same from the file system (lock file, probe file). */
const ERRNO_STORAGE: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
};

/** In plain words when `err` is the storage refusing a write (full, read-only, I/O error), else null. */
export function storageProblem(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const message = err instanceof Error ? err.message : String(err);
  if (SQLITE_STORAGE.test(code)) {
    if (code.startsWith('SQLITE_FULL')) return `the disk is full (${message})`;
    if (code.startsWith('SQLITE_READONLY')) return `the database is read-only (${message})`;
    return `${message} (${code})`;
  }
  const words = ERRNO_STORAGE[code];
  return words ? `${words} (${message})` : null;
}

export class DataDirHealth extends EventEmitter<{ change: [DataDirStatus] }> {
  private problem: { reason: string; since: string } | null = null;
  private lastProbeAt: string | null = null;
  private loop: Repeating | null = null;

  /**
   * `dir` names the data dir in messages; the probe writes its file there unless `probeFile` is
   * false (tests on an in-memory database have no dir).
   */
  constructor(
    readonly dir: string,
    private readonly clock: Clock,
    private readonly probeFile: boolean,
    private readonly warn: (line: string) => void = (line) => console.error(`poolwatch: ${line}`),
  ) {
    super();
    this.setMaxListeners(0);
  }

  status(): DataDirStatus {
    return {
      writable: this.problem === null,
      reason: this.problem?.reason ?? null,
      since: this.problem?.since ?? null,
      checkedAt: this.lastProbeAt,
    };
  }

  /** A write that may be lost: a storage failure is noted (and logged once), never thrown. */
  bestEffort<T>(what: string, write: () => T): T | undefined {
    try {
      return write();
    } catch (err) {
      if (!this.noteFailure(what, err)) throw err;
      return undefined;
    }
  }

  /**
   * A write the request depends on (the audit entry of an action): a storage failure becomes a
   * StorageError naming what could not be written, so the caller refuses before anything runs.
   */
  mustWrite<T>(what: string, write: () => T): T {
    try {
      return write();
    } catch (err) {
      const reason = this.noteFailure(what, err);
      if (reason === null) throw err;
      throw new StorageError(`poolwatch cannot write its data dir ${this.dir}: ${reason}; ${what} was refused and nothing ran`, reason);
    }
  }

  /**
   * Records a storage failure seen elsewhere (the error handler sees SqliteErrors thrown by any
   * route). Returns the reason in words, or null when `err` is not a storage failure.
   */
  noteFailure(what: string, err: unknown): string | null {
    const reason = storageProblem(err);
    if (reason === null) return null;
    if (this.problem?.reason !== reason) {
      const first = this.problem === null;
      this.problem = { reason, since: this.problem?.since ?? this.clock.now().toISOString() };
      if (first) this.warn(`cannot write the data dir ${this.dir} (${what}): ${reason}; reads go on, changes are refused`);
      this.emit('change', this.status());
    }
    return reason;
  }

  /**
   * Writes (and syncs) a small file in the data dir and one row through the database. Only the
   * probe clears a noted failure: a single write that happened to fit (SQLite reuses its WAL) does
   * not mean the data dir can take writes again. `db` absent: the file only.
   */
  probe(db?: Db): DataDirStatus {
    this.lastProbeAt = this.clock.now().toISOString();
    const file = join(this.dir, '.write-probe');
    try {
      if (this.probeFile) {
        const fd = openSync(file, 'w', 0o600);
        try {
          writeSync(fd, Buffer.alloc(PROBE_BYTES, 0x2e));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
          rmSync(file, { force: true });
        }
      }
      db?.prepare('INSERT INTO data_dir_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(this.lastProbeAt);
      this.succeeded();
    } catch (err) {
      if (this.noteFailure('the data dir probe', err) === null) this.warn(`the data dir probe failed: ${(err as Error).message}`);
    }
    return this.status();
  }

  start(db: Db): void {
    if (this.loop) return;
    this.loop = every(this.clock, DATA_DIR_PROBE_MS, () => this.probe(db), { immediately: true });
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
  }

  private succeeded(): void {
    if (this.problem === null) return;
    this.problem = null;
    this.warn(`the data dir ${this.dir} is writable again`);
    this.emit('change', this.status());
  }
}
