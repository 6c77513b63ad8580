/**
 * Time as a parameter: the composition root (server/compose.ts) hands one Clock to everything that
 * reads the time or waits. Pure layers (server/health, server/parsers) take `now` as an argument
 * instead. Tests use FakeClock (server/test-support/clock.ts) and advance it instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /**
   * Resolves after `ms` of this clock's time; rejects with the signal's reason when it aborts first.
   * Timers made here do not keep the process alive.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason as Error);
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      t.unref?.();
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
