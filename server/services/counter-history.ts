/**
 * Counter history as the pool page shows it (per-member timelines with deltas), and its retention:
 * rows older than the configured days are pruned once an hour, each member's newest row kept.
 */
import type { CounterHistoryResponse } from '../../contracts/counters.ts';
import { counterTimelines } from '../health/counter-timeline.ts';
import type { InventoryStore } from '../store/inventory-store.ts';
import { every, type Clock, type Repeating } from '../clock.ts';

const PRUNE_EVERY_MS = 3600_000;

export class CounterHistoryService {
  private loop: Repeating | null = null;

  constructor(private readonly deps: { store: InventoryStore; retentionDays: () => number; clock: Clock }) {}

  timelines(poolUuid: string): CounterHistoryResponse {
    return {
      poolUuid,
      retentionDays: this.deps.retentionDays(),
      devices: counterTimelines(this.deps.store.counterHistory(poolUuid), this.deps.clock.now()),
    };
  }

  prune(): number {
    const before = new Date(this.deps.clock.now().getTime() - this.deps.retentionDays() * 24 * 3600_000).toISOString();
    return this.deps.store.pruneCounterHistory(before);
  }

  start(): void {
    if (this.loop) return;
    this.loop = every(this.deps.clock, PRUNE_EVERY_MS, () => this.prune(), {
      immediately: true,
      onError: (err) => console.error(`poolwatch: pruning the counter history failed: ${(err as Error).message}`),
    });
  }

  stop(): void {
    this.loop?.stop();
    this.loop = null;
  }
}
