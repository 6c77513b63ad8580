/**
 * GET /api/embed/status: what `<poolwatch-banner>` on another NAS UI's page may know. No login,
 * answered only to the origins in POOLWATCH_EMBED_ORIGINS, and only this much: the worst state
 * and the pools that need attention, by label. Nothing about disks, users or commands.
 */
import { z } from 'zod';

export const EMBED_STATES = ['healthy', 'warning', 'at-risk', 'degraded', 'failed', 'unreadable'] as const;
/** Unknown future states are kept as text rather than refused (a newer server, an older banner). */
export const EmbedState = z.enum(EMBED_STATES).or(z.string());
export type EmbedState = z.infer<typeof EmbedState>;

export const EmbedPool = z.object({
  uuid: z.string(),
  /** The label, or null when the pool has none. */
  label: z.string().nullable(),
  status: EmbedState,
  missingCount: z.number().int().nonnegative(),
  /** False for a pool poolwatch sees but was not asked to manage (not imported). */
  managed: z.boolean(),
});
export type EmbedPool = z.infer<typeof EmbedPool>;

export const EmbedStatus = z.object({
  /** The worst state over every pool; `healthy` when none needs attention. */
  state: EmbedState,
  /** Pools that need attention (degraded, failed, at-risk, unreadable), worst first. */
  pools: z.array(EmbedPool),
  scannedAt: z.string().nullable(),
});
export type EmbedStatus = z.infer<typeof EmbedStatus>;
