/**
 * A clock tests control: now() moves only when the test moves it (advance, set).
 * - by default sleep(ms) resolves on the next turn of the event loop and the clock stands still:
 *   polls and retries run at once, without real waiting, and no deadline passes behind the test's
 *   back while a real process (the fake smartctl) answers;
 * - `{ manual: true }`: sleep() resolves only when advance() passes its deadline, so a test can
 *   hold a loop between two polls and see what each step does.
 */
import { systemClock, type Clock } from '../clock.ts';

/** The instant test fixtures are written around (lab captures, pool builders). */
export const TEST_NOW = '2026-11-26T15:05:00.000Z';

interface Sleeper {
  at: number;
  resolve: () => void;
}

export class FakeClock implements Clock {
  private ms: number;
  private sleepers: Sleeper[] = [];
  private readonly manual: boolean;

  constructor(start: Date | string | number = TEST_NOW, opts: { manual?: boolean } = {}) {
    this.ms = new Date(start).getTime();
    this.manual = opts.manual ?? false;
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Milliseconds since the epoch, for code that counts in numbers (the rate limiter). */
  nowMs(): number {
    return this.ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const sleeper: Sleeper = { at: this.ms + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal.reason as Error);
      }, { once: true });
      if (!this.manual) {
        setImmediate(() => {
          if (!this.sleepers.includes(sleeper)) return;
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        });
      }
    });
  }

  /** How many sleep() calls are waiting: lets a test wait until the code under test is parked. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /**
   * Moves the clock forward by `ms`, waking every sleeper whose deadline passed, earliest first;
   * lets the woken code run (and sleep again) before waking the next one.
   */
  async advance(ms: number): Promise<void> {
    const until = this.ms + ms;
    for (;;) {
      const next = this.sleepers.filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.ms = Math.max(this.ms, next.at);
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
      await settle();
    }
    this.ms = until;
    await settle();
  }

  /** Jumps to an instant (forward or back); wakes nobody. */
  set(to: Date | string | number): void {
    this.ms = new Date(to).getTime();
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The real clock plus an offset the test sets (integration tests on lab pools): sleeps are real,
 * now() is shifted. Everything in the graph reads it, so a test moves it only where nothing it
 * compares with the kernel's own times (a job's start) is running.
 */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
}
