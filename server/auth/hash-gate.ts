/**
 * At most N password hashes at once. scrypt takes 32 MiB and ~100 ms on one of libuv's 4 threads;
 * unbounded, a flood of logins fills the thread pool and every file read behind the pages (sysfs)
 * waits — GET /api/pools took 16–28 s during one. A short queue absorbs a burst; beyond it a
 * login is refused at once (429 with Retry-After) instead of queueing for ever.
 */
import { TooManyRequestsError } from '../errors.ts';

export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly maxParallel: number, readonly maxWaiting = maxParallel * 4) {}

  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxParallel) {
      if (this.waiting.length >= this.maxWaiting) throw new TooManyRequestsError('poolwatch is busy checking other passwords; try again in a few seconds', 5);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await hash();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Hashes running and waiting now (tests, bench). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
