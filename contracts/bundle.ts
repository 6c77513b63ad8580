/**
 * The support bundle: what a support engineer needs in one .tar.gz (the seed's list). The page
 * lists every file first (GET /api/bundle?redact=…), then downloads it (GET /api/bundle.tar.gz?redact=…);
 * `poolwatch bundle` on the CLI writes the same file. Admins only. Depends on zod only.
 */
import { z } from 'zod';

export const BundleFile = z.object({
  /** Path inside the archive: `pools/<uuid>/fi-usage.txt`. */
  path: z.string(),
  /** What it is, in words. */
  what: z.string(),
  /** The command that fills it, as it will run; null for what poolwatch writes itself. */
  command: z.string().nullable(),
});
export type BundleFile = z.infer<typeof BundleFile>;

export const BundlePlanResponse = z.object({
  /** The file name of the download. */
  name: z.string(),
  redact: z.boolean(),
  files: z.array(BundleFile),
});
export type BundlePlanResponse = z.infer<typeof BundlePlanResponse>;

export const BundleQuery = z.object({ redact: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true') });
