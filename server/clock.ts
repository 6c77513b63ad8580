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

/** A loop started by `every`; stop() ends it (a run in progress finishes, no new one starts). */
export interface Repeating {
  stop(): void;
}

/**
 * Runs `fn` every `ms` of the clock's time, one run at a time (the next wait starts when a run
 * ends), until stop(). `immediately`: the first run now, not after the first wait. What `fn`
 * throws or rejects goes to `onError` and the loop goes on. Every periodic loop of the server
 * (outbox, monitor, scheduler, counter history, audit refusals and retention, the data-dir probe)
 * runs on this, so tests move a FakeClock (`{ manual: true }`) instead of waiting for real timers.
 */
export function every(clock: Clock, ms: number, fn: () => unknown, opts: { immediately?: boolean; onError?: (err: unknown) => void } = {}): Repeating {
  const loop = new AbortController();
  const onError = opts.onError ?? ((err: unknown) => console.error(`poolwatch: ${(err as Error)?.message ?? String(err)}`));
  const runOnce = async () => {
    try {
      await fn();
    } catch (err) {
      onError(err);
    }
  };
  void (async () => {
    if (opts.immediately) await runOnce();
    for (;;) {
      try {
        await clock.sleep(ms, loop.signal);
      } catch {
        return; // stop()
      }
      if (loop.signal.aborted) return;
      await runOnce();
    }
  })();
  return { stop: () => loop.abort() };
}
