/**
 * Identify a disk physically (issue 10, ADR 024): GET /api/disks/:key/identify says how poolwatch
 * would make the disk show itself and what it would run; POST starts it as an `identify-disk` job
 * (cancellable, read-only). Two ways:
 * - `ledctl`: the enclosure's locate LED (`ledctl locate=<dev>`, ledmon), switched off at the end;
 * - `read-pattern`: bursts of direct reads (`dd … iflag=direct`) with pauses between them, so the
 *   disk's activity LED blinks on and off in a rhythm other disks do not show. Reads only.
 * With ledctl installed poolwatch tries it first and falls back to the read pattern when ledctl
 * cannot light an LED for this disk (no enclosure it knows), saying so in the job. Depends on zod only.
 */
import { z } from 'zod';

export const IDENTIFY_METHODS = ['ledctl', 'read-pattern'] as const;
export const IdentifyMethod = z.enum(IDENTIFY_METHODS);
export type IdentifyMethod = z.infer<typeof IdentifyMethod>;

export const IDENTIFY_DEFAULT_SECONDS = 30;
export const IDENTIFY_MAX_SECONDS = 600;

export const IdentifyRequest = z.strictObject({
  seconds: z.number().int().min(5).max(IDENTIFY_MAX_SECONDS).optional(),
});
export type IdentifyRequest = z.infer<typeof IdentifyRequest>;

/** GET /api/disks/:key/identify */
export const IdentifyPlan = z.object({
  diskKey: z.string(),
  /** The disk in words, identity first (model, serial or by-id or backing file, size, slot; now at …). */
  disk: z.string(),
  path: z.string(),
  /** What poolwatch tries first. */
  method: IdentifyMethod,
  /** ledctl is installed (ledmon); false: the read pattern is the only way here. */
  ledctlInstalled: z.boolean(),
  /** What the admin will see, in words. */
  description: z.string(),
  /** The commands, as argv arrays, for the admin to see before anything runs. */
  commands: z.array(z.array(z.string())),
  seconds: z.number().int(),
});
export type IdentifyPlan = z.infer<typeof IdentifyPlan>;

export const IdentifyStarted = z.object({ jobId: z.string() });
export type IdentifyStarted = z.infer<typeof IdentifyStarted>;
