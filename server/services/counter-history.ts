/**
 * Counter history as the pool page shows it (per-member timelines with deltas), and its retention:
 * rows older than the configured days are pruned once an hour, each member's newest row kept.
 */
import type { CounterHistoryResponse } from '../../contracts/counters.ts';
import { counterTimelines } from '../health/counter-timeline.ts';
import type { InventoryStore } from '../store/inventory-store.ts';

const PRUNE_EVERY_MS = 3600_000;

export class CounterHistoryService {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { store: InventoryStore; retentionDays: () => number; now: () => Date }) {}

  timelines(poolUuid: string): CounterHistoryResponse {
    return {
      poolUuid,
      retentionDays: this.deps.retentionDays(),
      devices: counterTimelines(this.deps.store.counterHistory(poolUuid), this.deps.now()),
    };
  }

  prune(): number {
    const before = new Date(this.deps.now().getTime() - this.deps.retentionDays() * 24 * 3600_000).toISOString();
    return this.deps.store.pruneCounterHistory(before);
  }

  start(): void {
    if (this.timer) return;
    const run = () => {
      try {
        this.prune();
      } catch (err) {
        console.error(`poolwatch: pruning the counter history failed: ${(err as Error).message}`);
      }
    };
    run();
    this.timer = setInterval(run, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
