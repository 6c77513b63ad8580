/**
 * Login throttling: failures are counted per (client IP, username) and per client IP in a sliding
 * window. Pure (the clock is injected), in memory: a restart forgets, which costs a guesser
 * nothing they could not get by waiting, and keeps the database free of noise.
 */
export interface RateLimitRule {
  maxFailures: number;
  windowMs: number;
}

/** Five wrong passwords for one account from one address, then wait: a typo-prone human never notices. */
export const PER_ACCOUNT_RULE: RateLimitRule = { maxFailures: 5, windowMs: 15 * 60_000 };
/** One address trying many usernames is a scan, not a forgetful admin. */
export const PER_IP_RULE: RateLimitRule = { maxFailures: 20, windowMs: 15 * 60_000 };
/** Bounds memory under a flood of distinct addresses; expired keys go first. */
const MAX_KEYS = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  perAccount?: RateLimitRule;
  perIp?: RateLimitRule;
  /** Milliseconds since the epoch, from the server's clock. */
  now: () => number;
}

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly perAccount: RateLimitRule;
  private readonly perIp: RateLimitRule;
  private readonly now: () => number;

  constructor(opts: RateLimiterOptions) {
    this.perAccount = opts.perAccount ?? PER_ACCOUNT_RULE;
    this.perIp = opts.perIp ?? PER_IP_RULE;
    this.now = opts.now;
  }

  /** May this address try this username now? */
  check(ip: string, username: string): RateDecision {
    const waits = [this.waitMs(accountKey(ip, username), this.perAccount), this.waitMs(ipKey(ip), this.perIp)];
    const waitMs = Math.max(...waits);
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
  }

  /**
   * Counts an attempt as failed before the (slow) password check runs, so that a burst of
   * parallel attempts cannot all pass check() before any failure is counted. Returns the mark to
   * hand to recordSuccess() when the password turns out right.
   */
  recordFailure(ip: string, username: string): number {
    const at = this.now();
    this.push(accountKey(ip, username), at, this.perAccount);
    this.push(ipKey(ip), at, this.perIp);
    return at;
  }

  /**
   * A correct password clears that account's count from that address. The per-address count
   * stays, or one valid account would let its owner keep guessing others.
   */
  recordSuccess(ip: string, username: string, attemptMark?: number): void {
    this.failures.delete(accountKey(ip, username));
    if (attemptMark === undefined) return;
    // Take back the provisional failure this successful attempt was counted as.
    const list = this.failures.get(ipKey(ip));
    const i = list?.indexOf(attemptMark) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  private recent(key: string, rule: RateLimitRule): number[] {
    const cutoff = this.now() - rule.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  private waitMs(key: string, rule: RateLimitRule): number {
    const recent = this.recent(key, rule);
    if (recent.length < rule.maxFailures) return 0;
    // Allowed again when enough of the window's failures have aged out.
    const freeingAt = recent[recent.length - rule.maxFailures]! + rule.windowMs;
    return Math.max(0, freeingAt - this.now());
  }

  private push(key: string, at: number, rule: RateLimitRule): void {
    const kept = this.recent(key, rule);
    // Only the last maxFailures matter for the decision.
    this.failures.set(key, [...kept, at].slice(-rule.maxFailures));
    if (this.failures.size > MAX_KEYS) this.prune();
  }

  private prune(): void {
    const window = Math.max(this.perAccount.windowMs, this.perIp.windowMs);
    const cutoff = this.now() - window;
    for (const [key, times] of this.failures) if ((times.at(-1) ?? 0) <= cutoff) this.failures.delete(key);
    // Still too many: forget the oldest keys (Map keeps insertion order).
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_KEYS) break;
      this.failures.delete(key);
    }
  }

  /** Keys held now (for tests of the memory bound). */
  get size(): number {
    return this.failures.size;
  }
}

const accountKey = (ip: string, username: string) => `a|${ip}|${username.toLowerCase()}`;
const ipKey = (ip: string) => `i|${ip}`;
