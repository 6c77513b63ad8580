/**
 * `<poolwatch-banner>` for other NAS UIs (docs/decisions/016-cockpit-identity.md, "Embed"):
 *   GET /embed/banner.js     the custom element (dist/ui/embed/banner.js), an ES module
 *   GET /api/embed/status    the worst state and the pools needing attention, by label
 * No login and read-only; answered only to the origins in POOLWATCH_EMBED_ORIGINS (CORS), refused
 * (403) to any other page and to requests that name no origin. Both answers carry a CSP that lets
 * them be used by those origins only. Off (404) while no origin is configured.
 */
import { Router, type Request, type Response } from 'express';
import { join } from 'node:path';
import type { EmbedPool, EmbedStatus } from '../../../contracts/embed.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import type { ViewCache } from '../view-cache.ts';

export interface EmbedRouteDeps {
  /** Lower-case `scheme://host[:port]` origins; empty: the embed is off. */
  origins: readonly string[];
  /** The pool views the pages get, rendered once per change (ADR 021): the same verdicts, no per-request work. */
  views: ViewCache;
  /** Folder of the built UI (dist/ui): banner.js lives in its embed/ folder. */
  uiDir: string | undefined;
}

/** Worst first: what the banner colours itself by and lists first. */
const SEVERITY: Record<string, number> = { failed: 5, unreadable: 4, degraded: 3, 'at-risk': 2, warning: 1, healthy: 0 };
/** States that raise the banner; a warning (e.g. device errors) alone does not. */
const ATTENTION = new Set(['failed', 'unreadable', 'degraded', 'at-risk']);

/** The allowed origin of this request (CORS headers set), or a refusal. */
function admit(req: Request, res: Response, origins: readonly string[]): void {
  if (origins.length === 0) throw new NotFoundError('the embeddable banner is off (set POOLWATCH_EMBED_ORIGINS)');
  res.vary('Origin');
  const origin = req.get('origin')?.toLowerCase();
  if (!origin || !origins.includes(origin)) {
    throw new ForbiddenError(`${origin ? `the origin ${origin}` : 'a page without an origin'} may not embed poolwatch; allowed: POOLWATCH_EMBED_ORIGINS`);
  }
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Cross-Origin-Resource-Policy', 'cross-origin');
  // Nothing here is a page to frame; the script may only be used by the allowed origins.
  res.set('Content-Security-Policy', `default-src 'none'; frame-ancestors ${origins.join(' ')}`);
}

export function embedRoutes(d: EmbedRouteDeps): Router {
  const r = Router();

  r.get('/embed/banner.js', (req, res, next) => {
    admit(req, res, d.origins);
    const missing = () => next(new NotFoundError('no built banner (run npm run build)'));
    if (!d.uiDir) return missing();
    res.set('Cache-Control', 'no-cache');
    res.type('text/javascript').sendFile(join(d.uiDir, 'embed', 'banner.js'), (err) => {
      if (err) missing();
    });
  });

  r.get('/api/embed/status', async (req, res) => {
    admit(req, res, d.origins);
    const { pools, snapshot: snap } = await d.views.get();
    const needing: EmbedPool[] = pools
      .filter((p) => ATTENTION.has(p.health.status))
      .map((p) => ({ uuid: p.uuid, label: p.label, status: p.health.status, missingCount: p.missingCount, managed: p.managed }))
      .sort((a, b) => (SEVERITY[b.status] ?? 0) - (SEVERITY[a.status] ?? 0));
    const body: EmbedStatus = { state: needing[0]?.status ?? 'healthy', pools: needing, scannedAt: snap.scannedAt };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return r;
}
