/**
 * The built UI (dist/ui), served as a browser should get it (issue 13, "UI delivery"):
 * - `assets/*` have a content hash in their names: cached for a year, `immutable`;
 * - each text file has `.br` and `.gz` twins written at build (scripts/build.mjs): the smallest one
 *   the browser accepts is sent with its `Content-Encoding`, nothing is compressed per request;
 * - `index.html` (the app shell for every client-side route) is revalidated on every load
 *   (`no-cache`), so a new build is picked up at once.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { extname } from 'node:path';
import { NotFoundError } from '../errors.ts';

/** Content types of what the UI build writes (anything else is left to express.static). */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The encodings a request accepts, best first among those poolwatch precompresses. */
export function acceptedEncodings(header: string | undefined): ('br' | 'gzip')[] {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

/**
 * Sends the built file `rel` (relative to `root`; sendFile refuses paths that leave it), as its
 * `.br` or `.gz` twin when the browser accepts one and the build wrote it; `missing` when the file
 * is not in the build.
 */
function sendBuilt(req: Request, res: Response, root: string, rel: string, cacheControl: string, missing: () => void): void {
  const type = TYPES[extname(rel)];
  if (!type) return missing();
  const tries = [...acceptedEncodings(req.headers['accept-encoding']).map((enc) => ({ enc, file: `${rel}.${enc === 'br' ? 'br' : 'gz'}` })), { enc: null, file: rel }];
  const next = (i: number): void => {
    const t = tries[i];
    if (!t) return missing();
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('Vary', 'Accept-Encoding');
    if (t.enc) res.setHeader('Content-Encoding', t.enc);
    else res.removeHeader('Content-Encoding');
    res.sendFile(t.file, { root, dotfiles: 'deny', cacheControl: false, lastModified: t.enc === null, headers: { 'Content-Type': type } }, (err) => {
      if (!err || res.headersSent) return;
      next(i + 1);
    });
  };
  next(0);
}

/** The UI routes: hashed assets, other built files, and the app shell for client-side routes. */
export function staticUi(root: string): Router {
  const r = express.Router();
  r.get(/^\/assets\/.+/, (req: Request, res: Response, next: NextFunction) => {
    sendBuilt(req, res, root, req.path.slice(1), IMMUTABLE, () => next(new NotFoundError(`no file ${req.path} in this build`)));
  });
  // Files that are not hashed (favicon, embed/banner.js is served by its own route): revalidated.
  r.use(express.static(root, { index: false, cacheControl: true, maxAge: 0 }));
  // Client-side routes: every other GET gets the app shell.
  r.get(/^\/(?!api\/).*/, (req, res, next) => {
    sendBuilt(req, res, root, 'index.html', 'no-cache', () => next());
  });
  return r;
}
