/**
 * Watches the pools continuously, whether or not a browser is open: a cheap sysfs/mountinfo/
 * block-device fingerprint every second, a full scan when it changes (and at least every full-scan
 * interval). Listeners hear about a change only when what an admin would see changed.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';

/** Fast enough that a pulled disk shows within two seconds; sysfs reads cost microseconds. */
export const QUICK_CHECK_MS = 1000;

export interface WatchEvent {
  version: number;
  scannedAt: string;
}

export class PoolWatcher extends EventEmitter<{ change: [WatchEvent]; error: [Error] }> {
  private loop: AbortController | null = null;
  private lastHash: string | null = null;
  private running = false;
  version = 0;
  lastError: Error | null = null;
  lastScannedAt: string | null = null;
  /** Checks that failed since start (poolwatch_scan_errors_total). */
  scanErrors = 0;

  constructor(private readonly inventory: SnapshotSource, private readonly clock: Clock, private readonly intervalMs = QUICK_CHECK_MS) {
    super();
    // One listener per open page (server-sent events): no fixed cap.
    this.setMaxListeners(0);
  }

  start(): void {
    if (this.loop) return;
    const loop = new AbortController();
    this.loop = loop;
    void (async () => {
      try {
        // The first check right after start, then one every interval.
        for (let wait = 0; ; wait = this.intervalMs) {
          await this.clock.sleep(wait, loop.signal);
          await this.check();
        }
      } catch {
        // stop() aborted the wait
      }
    })();
  }

  stop(): void {
    this.loop?.abort();
    this.loop = null;
  }

  /** One check; returns true when the visible state changed. */
  async check(): Promise<boolean> {
    if (this.running) return false;
    this.running = true;
    try {
      const snap = await this.inventory.snapshot();
      this.lastError = null;
      return this.observe(snap);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.scanErrors++;
      const changed = this.lastError?.message !== e.message;
      this.lastError = e;
      if (changed) {
        this.version++;
        this.emit('error', e);
        this.emit('change', { version: this.version, scannedAt: this.clock.now().toISOString() });
      }
      return changed;
    } finally {
      this.running = false;
    }
  }

  private observe(snap: Snapshot): boolean {
    // scannedAt changes on every scan; only the content matters to the page.
    const hash = createHash('sha256').update(JSON.stringify([snap.pools, snap.disks])).digest('hex');
    this.lastScannedAt = snap.scannedAt;
    if (hash === this.lastHash) return false;
    this.lastHash = hash;
    this.version++;
    this.emit('change', { version: this.version, scannedAt: snap.scannedAt });
    return true;
  }
}
